internal import CLibYAML

/// Turns libyaml events into ``Node`` trees, one per document.
///
/// Every node's size (the nodes it holds once aliases are expanded) and the scalar bytes it holds are
/// tracked so that alias expansion can be charged against ``YAMLLimits/maxAliasExpansion`` and
/// ``YAMLLimits/maxAliasBytes`` without walking trees.
struct TreeBuilder {
    /// A collection being built.
    struct Frame {
        var isMapping: Bool
        var mark: Mark
        var tag: String?
        var anchor: String?
        var items: [Node] = []
        /// Where each item appeared (an alias's own mark, not its anchor's).
        var itemSites: [Mark] = []
        var entries: [Node.Mapping.Entry] = []
        var pendingKey: Node?
        /// Where each scalar key was first given, for duplicate detection.
        var scalarKeys: [KeyIdentity: Mark] = [:]
        /// Where each sequence or mapping key was first given, by its ``KeyShape``.
        var complexKeys: [KeyShape: Mark] = [:]
        var hasMerge = false
        var size = 1
        /// Bytes of the scalars the collection holds, aliases expanded.
        var bytes = 0
    }

    /// Scalar key identity: equal core-schema values are the same key; NaN equals NaN.
    enum KeyIdentity: Hashable {
        case value(Node.Scalar.Value)
        case nan
        case merge
    }

    /// A key's value without positions or styles: equal shapes are the same key (same values, whatever the positions or styles),
    /// so a mapping with many sequence or mapping keys finds a repeated one by hashing, not by comparing
    /// each new key with every earlier one.
    indirect enum KeyShape: Hashable {
        case scalar(KeyIdentity)
        case sequence([KeyShape])
        /// Keys and values in order: key, value, key, value...
        case mapping([KeyShape])

        init(_ node: Node) {
            switch node {
            case .scalar(let s): self = .scalar(TreeBuilder.identity(of: s))
            case .sequence(let s): self = .sequence(s.items.map(KeyShape.init))
            case .mapping(let m): self = .mapping(m.entries.flatMap { [KeyShape($0.key), KeyShape($0.value)] })
            }
        }
    }

    let limits: YAMLLimits
    /// At most one document is allowed when this is set.
    let singleDocument: Bool
    var stack: [Frame] = []
    var anchors: [String: (node: Node, size: Int, bytes: Int)] = [:]
    var expanded = 0
    /// Scalar bytes added by aliases so far.
    var expandedBytes = 0
    var documentCount = 0
    var documents: [Node?] = []
    var root: Node?
    /// Bodies of literal block scalars read from the bytes (``LiteralBodies``), in order: libyaml was
    /// given the input without them and reports each scalar empty, at the body's mark.
    var literalBodies: [LiteralBody] = []
    /// How many of ``literalBodies`` have been put back.
    var literalBodiesTaken = 0

    init(limits: YAMLLimits, singleDocument: Bool) {
        self.limits = limits
        self.singleDocument = singleDocument
    }

    /// Handles one event; returns `true` when no more events are wanted.
    mutating func handle(_ event: UnsafePointer<yaml_event_t>) throws(YAMLError) -> Bool {
        let e = event.pointee
        let mark = LibYAMLEvents.mark(e.start_mark)
        switch e.type {
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if singleDocument, documentCount > 1 {
                throw YAMLError(kind: .multipleDocuments, problem: "a file may hold only one YAML document; this is a second one", mark: mark)
            }
            anchors = [:]
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            documents.append(root)
        case YAML_SCALAR_EVENT:
            try scalar(e, mark: mark)
        case YAML_ALIAS_EVENT:
            let name = string(e.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                let inside = stack.contains { $0.anchor == name }
                let problem =
                    inside
                    ? "alias '*\(name)' refers to a node that contains it; recursive aliases are not supported"
                    : "alias '*\(name)' refers to an anchor that is not defined before it"
                throw YAMLError(kind: .undefinedAlias, problem: problem, mark: mark)
            }
            expanded += target.size
            if expanded > limits.maxAliasExpansion {
                throw YAMLError(
                    kind: .aliasBudget, problem: "aliases expand to more than \(limits.maxAliasExpansion) nodes; is this an alias bomb?", mark: mark)
            }
            expandedBytes += target.bytes
            if expandedBytes > limits.maxAliasBytes {
                throw YAMLError(
                    kind: .aliasBudget,
                    problem: "aliases expand to more than \(limits.maxAliasBytes) bytes of text; is this an alias bomb?", mark: mark)
            }
            try add(target.node, size: target.size, bytes: target.bytes, anchor: nil, site: mark)
        case YAML_SEQUENCE_START_EVENT:
            let d = e.data.sequence_start
            try push(Frame(isMapping: false, mark: mark, tag: string(d.tag), anchor: string(d.anchor)))
        case YAML_MAPPING_START_EVENT:
            let d = e.data.mapping_start
            try push(Frame(isMapping: true, mark: mark, tag: string(d.tag), anchor: string(d.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { break }
            let node: Node
            if frame.isMapping {
                let entries = frame.hasMerge ? applyMerges(frame.entries) : frame.entries
                node = .mapping(Node.Mapping(entries: entries, mark: frame.mark, tag: frame.tag))
            } else {
                node = .sequence(Node.Sequence(items: frame.items, mark: frame.mark, tag: frame.tag))
            }
            try add(node, size: frame.size, bytes: frame.bytes, anchor: frame.anchor, site: frame.mark, itemSites: frame.itemSites)
        default:
            break
        }
        return false
    }

    private mutating func scalar(_ event: yaml_event_t, mark: Mark) throws(YAMLError) {
        let s = event.data.scalar
        let lifted = try liftedBody(event, mark: mark)
        let length = lifted?.utf8.count ?? Int(s.length)
        if length > limits.maxScalarBytes {
            throw YAMLError(kind: .tooLarge, problem: "scalar of \(length) bytes is longer than the limit of \(limits.maxScalarBytes)", mark: mark)
        }
        let text = lifted ?? s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        let style: Node.Scalar.Style =
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
        let tag = string(s.tag)
        guard let value = CoreSchema.checkedValue(text, style: style, tag: tag) else {
            let name = tag.map { $0.hasPrefix(CoreSchema.prefix) ? "!!" + $0.dropFirst(CoreSchema.prefix.count) : $0 } ?? ""
            throw YAMLError(kind: .tagMismatch, problem: "'\(text)' is not a valid \(name) value", mark: mark)
        }
        let node = Node.scalar(Node.Scalar(string: text, style: style, tag: tag, mark: mark, value: value))
        try add(node, size: 1, bytes: length, anchor: string(s.anchor), site: mark)
    }

    /// The value of the next of ``literalBodies`` when `event` is the scalar it was read from (reported at
    /// its mark); nil for any other scalar. Throws when a scalar at that mark is not the empty literal
    /// scalar expected: then the body was not one, and the caller parses the original bytes instead.
    private mutating func liftedBody(_ event: yaml_event_t, mark: Mark) throws(YAMLError) -> String? {
        guard literalBodiesTaken < literalBodies.count, literalBodies[literalBodiesTaken].mark == mark else { return nil }
        let s = event.data.scalar
        guard s.style == YAML_LITERAL_SCALAR_STYLE, s.length == 0 else {
            throw YAMLError(kind: .syntax, problem: "a literal block scalar was expected here", mark: mark)
        }
        literalBodiesTaken += 1
        return literalBodies[literalBodiesTaken - 1].content
    }

    private mutating func push(_ frame: Frame) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError(kind: .tooDeep, problem: "nesting is deeper than the limit of \(limits.maxDepth) levels", mark: frame.mark)
        }
        stack.append(frame)
    }

    /// Adds a finished node to the collection being built, or makes it the document's root.
    /// `site` is where the node appeared (for an alias, the alias); `itemSites` likewise for the
    /// items of a sequence built here.
    private mutating func add(_ node: Node, size: Int, bytes: Int, anchor: String?, site: Mark, itemSites: [Mark] = []) throws(YAMLError) {
        if let anchor { anchors[anchor] = (node, size, bytes) }
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        stack[top].size += size
        stack[top].bytes += bytes
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            stack[top].itemSites.append(site)
            return
        }
        guard let key = stack[top].pendingKey else {
            try Self.checkKey(node, in: &stack[top])
            stack[top].pendingKey = node
            return
        }
        if key.isMergeKey { try Self.checkMergeValue(node, site: site, itemSites: itemSites) }
        stack[top].entries.append(Node.Mapping.Entry(key: key, value: node))
        stack[top].pendingKey = nil
    }

    /// Rejects a key the mapping already has (`<<` counts too: one merge key per mapping).
    private static func checkKey(_ key: Node, in frame: inout Frame) throws(YAMLError) {
        if key.isMergeKey { frame.hasMerge = true }
        let first: Mark?
        if case .scalar(let s) = key {
            let identity = Self.identity(of: s)
            first = frame.scalarKeys[identity]
            if first == nil { frame.scalarKeys[identity] = key.mark }
        } else {
            let shape = KeyShape(key)
            first = frame.complexKeys[shape]
            if first == nil { frame.complexKeys[shape] = key.mark }
        }
        if let first {
            throw YAMLError(kind: .duplicateKey, problem: "duplicate key '\(key.keyText)'; it was first given at \(first)", mark: key.mark)
        }
    }

    static func identity(of s: Node.Scalar) -> KeyIdentity {
        if s.isMergeKey { return .merge }
        if case .float(let f) = s.value, f.isNaN { return .nan }
        return .value(s.value)
    }

    /// A merge key's value must be a mapping or a list of mappings; errors point where the value
    /// (or the offending item) was written, an alias rather than its anchor.
    static func checkMergeValue(_ value: Node, site: Mark, itemSites: [Mark]) throws(YAMLError) {
        switch value {
        case .mapping: return
        case .scalar:
            throw YAMLError(kind: .badMerge, problem: "a merge key '<<' needs a mapping or a list of mappings, not \(value.kindDescription)", mark: site)
        case .sequence(let s):
            for (i, item) in s.items.enumerated() where item.mapping == nil {
                let at = i < itemSites.count ? itemSites[i] : item.mark
                throw YAMLError(
                    kind: .badMerge, problem: "a merge key '<<' needs a mapping or a list of mappings; this item is \(item.kindDescription)", mark: at)
            }
        }
    }

    /// Applies `<<` merge keys (already checked by ``checkMergeValue(_:site:itemSites:)``):
    /// entries of the merged mapping(s) whose keys the mapping does not set itself; with a list of
    /// mappings, earlier ones win.
    private func applyMerges(_ entries: [Node.Mapping.Entry]) -> [Node.Mapping.Entry] {
        var result = entries.filter { !$0.key.isMergeKey }
        var seen = Set(result.compactMap { $0.key.scalar.map(Self.identity(of:)) })
        var complexKeys = Set(result.filter { $0.key.scalar == nil }.map { KeyShape($0.key) })
        for entry in entries where entry.key.isMergeKey {
            let sources = entry.value.sequence?.items ?? [entry.value]
            for case .mapping(let m) in sources {
                for e in m.entries {
                    if let s = e.key.scalar {
                        guard seen.insert(Self.identity(of: s)).inserted else { continue }
                    } else {
                        guard complexKeys.insert(KeyShape(e.key)).inserted else { continue }
                    }
                    result.append(e)
                }
            }
        }
        return result
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
