/// A YAML node with the position it was written at. Aliases are already resolved.
public indirect enum Node: Sendable, Hashable {
    case scalar(Scalar)
    case sequence(Sequence)
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
