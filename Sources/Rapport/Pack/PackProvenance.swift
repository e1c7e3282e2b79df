/// Where the parts of a stacked pack came from: the layers, bottom first, and for each file, reply
/// set, patch and `disable` entry the place it is written. `rapport explain` and `rapport pack show`
/// name the layer and file of every rule, list and reply with it.
public struct PackProvenance: Sendable {
    /// The layers' names, bottom first: `default` for the embedded pack, else the path given.
    public var layers: [String] = []
    /// The layer (an index into ``layers``) of each file of the pack, by the name diagnostics use.
    public var fileLayers: [String: Int] = [:]
    /// Where each of the pack's own labels is declared, by name (the lowest layer that declares it).
    public var labels: [String: SourceLocation] = [:]
    /// Where each reply set is defined, by key (`complaint`, `handoff`, `handoff.legal`).
    public var replies: [String: SourceLocation] = [:]
    /// Where each rule (by id) was patched, in the order the patches were applied.
    public var rulePatches: [String: [SourceLocation]] = [:]
    /// Where each list (by name) was extended or had entries removed, in order.
    public var listPatches: [String: [SourceLocation]] = [:]
    /// The rules a `disable:` entry removed, each with where that entry is written.
    public var disabled: [(rule: String, location: SourceLocation)] = []
    /// The rules `disable:` removed, as they were when removed (to tell a lower layer's case that
    /// needs one of them from a real failure).
    public var disabledRules: [Rule] = []

    /// No layers and no records (a pack built in code rather than loaded).
    public init() {}

    /// The layer of the file `location` points into (0 when the file is not part of the pack).
    public func layer(of location: SourceLocation) -> Int {
        fileLayers[location.file] ?? 0
    }

    /// The name of layer `index` (`default`, a path), or `layer N` when the pack has no names for its layers.
    public func name(ofLayer index: Int) -> String {
        layers.indices.contains(index) ? layers[index] : "layer \(index)"
    }

    /// `layer NAME (FILE:LINE:COLUMN)`, the form explanations and `pack show` use.
    public func describe(_ location: SourceLocation) -> String {
        "layer \(name(ofLayer: layer(of: location))) (\(location))"
    }
}
