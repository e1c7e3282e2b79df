extension Engine {
    /// Loads the packs at `paths`, each path a layer over the ones before (and over the embedded
    /// default when `overDefault`, see ``RulePack/load(paths:overDefault:limits:)``), and compiles
    /// them: the one path from rule files to an engine that `rapport lint` checks and every other
    /// command runs, so lint reports exactly what they would refuse.
    ///
    /// - Returns: the engine; every warning, of loading and of compiling, is in ``diagnostics``.
    /// - Throws: every diagnostic found (errors and warnings, sorted) when any is an error: the
    ///   loader's when the pack does not load, else the loader's warnings with the compiler's findings.
    public static func load(
        paths: [String], overDefault: Bool, limits: PackLimits = .default,
        options: Options = Options()
    ) throws(RulePackError) -> Engine {
        try compile(RulePack.load(paths: paths, overDefault: overDefault, limits: limits), options: options)
    }

    /// Compiles a loaded pack; on errors throws them with the loader's warnings.
    static func compile(_ pack: RulePack, options: Options) throws(RulePackError) -> Engine {
        do throws(RulePackError) {
            return try Engine(pack: pack, options: options)
        } catch {
            throw RulePackError(diagnostics: pack.warnings + error.diagnostics)
        }
    }

    /// The warnings of loading the pack and of compiling it, sorted.
    public var diagnostics: [Diagnostic] { (pack.warnings + warnings).sorted() }
}

extension Engine {
    /// Loads in-memory layers stacked in order (over the embedded default when `overDefault`) and
    /// compiles them, as ``load(paths:overDefault:limits:options:)`` does with files on disk.
    public static func load(
        layers: [PackLayer], overDefault: Bool, limits: PackLimits = .default,
        options: Options = Options()
    ) throws(RulePackError) -> Engine {
        try compile(RulePack.load(layers: layers, overDefault: overDefault, limits: limits), options: options)
    }
}
