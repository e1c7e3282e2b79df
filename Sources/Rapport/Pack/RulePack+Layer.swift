extension RulePack {
    /// Loads in-memory files (each a name used in diagnostics and the file's text), as a layer over
    /// the embedded default pack when `overDefault` (as ``load(paths:overDefault:limits:)`` loads
    /// files from disk): what a rule author types into a page or sends to a service, checked or used
    /// exactly as the same files given with `--rules`.
    public static func load(files: [(name: String, text: String)], overDefault: Bool, limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        try load(layers: [PackLayer(name: files.map(\.name).joined(separator: ", "), files: files)], overDefault: overDefault, limits: limits)
    }

    /// Loads in-memory layers stacked in order (the first at the bottom, or over the embedded default
    /// when `overDefault`), as ``load(paths:overDefault:limits:)`` stacks directories given with `--rules`.
    public static func load(layers: [PackLayer], overDefault: Bool, limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        var files = overDefault ? defaultRuleFiles : []
        var names = overDefault ? [defaultLayerName] : []
        for layer in layers {
            let index = names.count
            files += layer.files.map { file in
                var rule = RuleFile(name: file.name, text: file.text, bytes: Array(file.text.utf8))
                rule.layer = index
                return rule
            }
            names.append(layer.name)
        }
        return try load(files: files, extraDiagnostics: [], limits: limits, layers: names)
    }
}

/// One layer of a stacked pack held in memory: a name (shown by `explain` and `pack show`) and its
/// files, each a name used in diagnostics and the file's text.
public struct PackLayer: Sendable {
    /// The layer's name, as `explain` and `pack show` print it (a path, `brand`, `campaign`).
    public var name: String
    /// The layer's files: each a name used in diagnostics and the file's text.
    public var files: [(name: String, text: String)]

    /// A layer named `name` made of `files`.
    public init(name: String, files: [(name: String, text: String)]) {
        self.name = name
        self.files = files
    }
}
