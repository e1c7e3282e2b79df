/// A YAML node with the position it was written at. Aliases are already resolved.
public indirect enum Node: Sendable, Hashable {
    /// A scalar: text with a style, a tag and a core-schema value.
    case scalar(Scalar)
    /// A sequence of nodes.
    case sequence(Sequence)
    /// A mapping of key nodes to value nodes.
    case mapping(Mapping)

    /// Where the node starts in the source.
    public var mark: Mark {
        switch self {
        case .scalar(let s): s.mark
        case .sequence(let s): s.mark
        case .mapping(let m): m.mark
        }
    }

    /// The scalar, if this node is one.
    public var scalar: Scalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }

    /// The sequence, if this node is one.
    public var sequence: Sequence? {
        if case .sequence(let s) = self { return s }
        return nil
    }

    /// The mapping, if this node is one.
    public var mapping: Mapping? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    /// A short name of the node's kind for messages: "a string", "a list", "a mapping", "a number"...
    public var kindDescription: String {
        switch self {
        case .scalar(let s): s.value.kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
