/// A parsed `when` expression: `label == complaint and author.followers >= 10000`.
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// Every term holds (two or more terms: a chain `a and b and c` is one node).
        case and([Expression])
        /// Some term holds (two or more terms: a chain `a or b or c` is one node).
        case or([Expression])
        case not(Expression)
        /// `left op right`
        case compare(Operand, ComparisonOperator, Operand)
        /// `left in [a, b]` (or `not in`)
        case membership(Operand, [Operand], negated: Bool)
        /// A bare field: true when present and truthy.
        case truthy(Operand)
    }

    public var kind: Kind
    /// Offset of the expression's first character inside the `when` text, in scalars.
    public var offset: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A value in a `when` expression.
public struct Operand: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A dotted field path: `label`, `author.followers`, `platform`, `likes`.
        case field([String])
        case number(Double)
        /// A quoted string, or a bare word on the right-hand side (`complaint`, `twitter`).
        case string(String)
        case bool(Bool)
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A parsed `when` clause with its source.
public struct Condition: Sendable, Hashable {
    public var source: String
    public var location: SourceLocation
    public var expression: Expression

    public init(source: String, location: SourceLocation, expression: Expression) {
        self.source = source
        self.location = location
        self.expression = expression
    }
}
