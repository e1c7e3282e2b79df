extension Engine {
    /// Loads the packs at `paths` and compiles them: the one path from rule files to an engine that
    /// `rapport lint` checks and `classify`, `explain`, `test` and `eval` run, so lint reports
    /// exactly what they would refuse.
    ///
    /// - Returns: the engine; every warning, of loading and of compiling, is in ``diagnostics``.
    /// - Throws: every diagnostic found (errors and warnings, sorted) when any is an error: the
    ///   loader's when the pack does not load, else the loader's warnings with the compiler's findings.
    public static func load(paths: [String], overDefault: Bool, limits: PackLimits = .default,
                            options: Options = Options()) throws(RulePackError) -> Engine {
        let pack = try RulePack.load(paths: paths, overDefault: overDefault, limits: limits)
        do throws(RulePackError) {
            return try Engine(pack: pack, options: options)
        } catch {
            throw RulePackError(diagnostics: pack.warnings + error.diagnostics)
        }
    }

    /// The warnings of loading the pack and of compiling it, sorted.
    public var diagnostics: [Diagnostic] { (pack.warnings + warnings).sorted() }
}
