internal import CLibYAML

/// Loads YAML text into a ``Node`` tree with libyaml.
///
/// One document per text; aliases are expanded under ``YAMLLimits/maxAliasExpansion``;
/// merge keys (`<<`) are applied; duplicate keys are errors.
public enum YAMLParser {
    /// Parses `text` into a node tree. Returns `nil` for an empty document.
    public static func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> Node? {
        try parse(bytes: Array(text.utf8), limits: limits)
    }

    /// Parses UTF-8 `bytes` into a node tree. Returns `nil` for an empty document.
    public static func parse(bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> Node? {
        if bytes.count > limits.maxInputBytes {
            throw YAMLError(kind: .tooLarge, problem: "file is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)", mark: Mark(line: 1, column: 1))
        }
        var builder = TreeBuilder(limits: limits)
        let result: Result<Node?, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLError(kind: .syntax, problem: "libyaml could not initialise its parser", mark: Mark(line: 1, column: 1)))
            }
            defer { yaml_parser_delete(&parser) }
            let base = buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(libyamlError(parser))
                }
                defer { yaml_event_delete(&event) }
                do throws(YAMLError) {
                    if try builder.handle(event) { break }
                } catch {
                    return .failure(error)
                }
            }
            return .success(builder.document)
        }
        return try result.get()
    }

    private static func libyamlError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let kind: YAMLError.Kind = parser.error == YAML_READER_ERROR ? .encoding : .syntax
        var mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset, not a line; point at the start.
            mark = Mark(line: 1, column: 1)
            let detail = problem + (parser.problem_offset > 0 ? " at byte \(parser.problem_offset)" : "")
            return YAMLError(kind: kind, problem: detail, mark: mark)
        }
        let contextMark = context == nil ? nil : Mark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
        return YAMLError(kind: kind, problem: problem, mark: mark, context: context, contextMark: contextMark)
    }
}

/// Turns libyaml events into nodes.
private struct TreeBuilder {
    enum Frame {
        case sequence(items: [Node], mark: Mark, tag: String?, anchor: String?)
        case mapping(entries: [Node.Mapping.Entry], pendingKey: Node?, mark: Mark, tag: String?, anchor: String?)
    }

    let limits: YAMLLimits
    var stack: [Frame] = []
    var anchors: [String: (node: Node, size: Int)] = [:]
    var expanded = 0
    var documents = 0
    var document: Node?
    var sawRoot = false

    init(limits: YAMLLimits) { self.limits = limits }

    /// Handles one event; returns true at the end of the stream.
    mutating func handle(_ event: yaml_event_t) throws(YAMLError) -> Bool {
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError(kind: .multipleDocuments, problem: "a file may hold only one YAML document; this is a second one", mark: mark)
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let length = Int(s.length)
            if length > limits.maxScalarBytes {
                throw YAMLError(kind: .tooLarge, problem: "scalar of \(length) bytes is longer than the limit of \(limits.maxScalarBytes)", mark: mark)
            }
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
            let style: Node.Scalar.Style = switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            var tag = s.tag.map { String(cString: $0) }
            if tag == nil, style != .plain, s.quoted_implicit == 0 { tag = nil }
            if tag == nil, style == .plain, s.plain_implicit == 0 { tag = "!" }
            let node = Node.scalar(Node.Scalar(string: text, style: style, tag: tag, mark: mark))
            try add(node, anchor: s.anchor.map { String(cString: $0) }, size: 1)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                throw YAMLError(kind: .undefinedAlias, problem: "alias '*\(name)' refers to an anchor that is not defined before it", mark: mark)
            }
            expanded += target.size
            if expanded > limits.maxAliasExpansion {
                throw YAMLError(kind: .aliasBudget, problem: "aliases expand to more than \(limits.maxAliasExpansion) nodes; is this an alias bomb?", mark: mark)
            }
            try add(target.node, anchor: nil, size: target.size)
        case YAML_SEQUENCE_START_EVENT:
            try push(mark: mark)
            let d = event.data.sequence_start
            stack.append(.sequence(items: [], mark: mark, tag: d.tag.map { String(cString: $0) }, anchor: d.anchor.map { String(cString: $0) }))
        case YAML_MAPPING_START_EVENT:
            try push(mark: mark)
            let d = event.data.mapping_start
            stack.append(.mapping(entries: [], pendingKey: nil, mark: mark, tag: d.tag.map { String(cString: $0) }, anchor: d.anchor.map { String(cString: $0) }))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let items, let m, let tag, let anchor) = stack.popLast() else { break }
            let size = 1 + items.reduce(0) { $0 + $1.nodeCount }
            try add(.sequence(Node.Sequence(items: items, mark: m, tag: tag)), anchor: anchor, size: size)
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let entries, _, let m, let tag, let anchor) = stack.popLast() else { break }
            let merged = try applyMerges(entries)
            let size = 1 + merged.reduce(0) { $0 + $1.key.nodeCount + $1.value.nodeCount }
            try add(.mapping(Node.Mapping(entries: merged, mark: m, tag: tag)), anchor: anchor, size: size)
        default:
            break
        }
        return false
    }

    mutating func push(mark: Mark) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError(kind: .tooDeep, problem: "nesting is deeper than the limit of \(limits.maxDepth) levels", mark: mark)
        }
    }

    mutating func add(_ node: Node, anchor: String?, size: Int) throws(YAMLError) {
        if let anchor { anchors[anchor] = (node, size) }
        guard let top = stack.popLast() else {
            document = node
            return
        }
        switch top {
        case .sequence(var items, let m, let tag, let a):
            items.append(node)
            stack.append(.sequence(items: items, mark: m, tag: tag, anchor: a))
        case .mapping(var entries, let pending, let m, let tag, let a):
            if let key = pending {
                if let dup = entries.first(where: { $0.key.sameKey(as: key) }), !key.isMergeKey {
                    throw YAMLError(kind: .duplicateKey, problem: "duplicate key '\(key.keyText)'; it was first given at \(dup.key.mark)", mark: key.mark)
                }
                entries.append(Node.Mapping.Entry(key: key, value: node))
                stack.append(.mapping(entries: entries, pendingKey: nil, mark: m, tag: tag, anchor: a))
            } else {
                stack.append(.mapping(entries: entries, pendingKey: node, mark: m, tag: tag, anchor: a))
            }
        }
    }

    /// Applies `<<` merge keys: entries from merged mappings that the mapping does not set itself.
    func applyMerges(_ entries: [Node.Mapping.Entry]) throws(YAMLError) -> [Node.Mapping.Entry] {
        guard entries.contains(where: { $0.key.isMergeKey }) else { return entries }
        var own = entries.filter { !$0.key.isMergeKey }
        for entry in entries where entry.key.isMergeKey {
            let sources: [Node]
            switch entry.value {
            case .mapping: sources = [entry.value]
            case .sequence(let s): sources = s.items
            case .scalar:
                throw YAMLError(kind: .badMerge, problem: "a merge key '<<' needs a mapping or a list of mappings", mark: entry.value.mark)
            }
            for source in sources {
                guard case .mapping(let m) = source else {
                    throw YAMLError(kind: .badMerge, problem: "a merge key '<<' needs a mapping or a list of mappings", mark: source.mark)
                }
                for e in m.entries where !own.contains(where: { $0.key.sameKey(as: e.key) }) {
                    own.append(e)
                }
            }
        }
        return own
    }
}

extension Node {
    /// Nodes in this subtree (used for the alias budget).
    var nodeCount: Int {
        switch self {
        case .scalar: 1
        case .sequence(let s): 1 + s.items.reduce(0) { $0 + $1.nodeCount }
        case .mapping(let m): 1 + m.entries.reduce(0) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }

    var isMergeKey: Bool {
        if case .scalar(let s) = self, s.style == .plain, s.string == "<<" { return true }
        return false
    }

    var keyText: String {
        switch self {
        case .scalar(let s): s.string
        case .sequence: "[...]"
        case .mapping: "{...}"
        }
    }

    /// Key equality: same value, whatever the position.
    func sameKey(as other: Node) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            if case .float(let x) = a.value, case .float(let y) = b.value { return x == y || (x.isNaN && y.isNaN) }
            return a.value == b.value
        case (.sequence(let a), .sequence(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.sameKey(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key.sameKey(as: $1.key) && $0.value.sameKey(as: $1.value) }
        default:
            return false
        }
    }
}
