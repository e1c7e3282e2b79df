extension RulePack {
    /// Loads in-memory files (each a name used in diagnostics and the file's text), as a layer over
    /// the embedded default pack when `overDefault` (as ``load(paths:overDefault:limits:)`` loads
    /// files from disk): what a rule author types into a page or sends to a service, checked or used
    /// exactly as the same files given with `--rules`.
    public static func load(files: [(name: String, text: String)], overDefault: Bool, limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        let layer = files.map { file in
            var rule = RuleFile(name: file.name, text: file.text, bytes: Array(file.text.utf8))
            rule.layer = overDefault ? 1 : 0
            return rule
        }
        let name = files.map(\.name).joined(separator: ", ")
        guard overDefault else { return try load(files: layer, extraDiagnostics: [], limits: limits, layers: [name]) }
        return try load(files: defaultRuleFiles + layer, extraDiagnostics: [], limits: limits, layers: [defaultLayerName, name])
    }
}
