/// A parsed token pattern (docs/ARCHITECTURE.md, "Token patterns"): what a rule's `match` or `unless` entry says.
public struct Pattern: Sendable, Hashable {
    /// The pattern as written.
    public var source: String
    /// Where the pattern's first character is in its rule file.
    public var location: SourceLocation
    /// The pattern's elements in order.
    public var elements: [PatternElement]

    public init(source: String, location: SourceLocation, elements: [PatternElement]) {
        self.source = source
        self.location = location
        self.elements = elements
    }
}

/// One element of a token pattern, with its offset (in Unicode scalars) inside the pattern text.
public struct PatternElement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Literal text: one or more tokens, matched after normalization ("where is my", "?", ":(").
        case literal(String)
        /// `refund*`: any token that starts with the prefix.
        case prefix(String)
        /// `[a|b c]`: any one of the alternatives, each a sequence of elements.
        case alternatives([[PatternElement]])
        /// `<name>`: any entry of a pack list.
        case list(String)
        /// `<mention>`, `<hashtag>`, `<url>`, `<number>`, `<emoji>`.
        case builtin(TokenClass)
        /// `*`: exactly one token of any kind.
        case anyToken
        /// `{m,n}`: a gap of m to n tokens.
        case gap(min: Int, max: Int)
        /// `^`: start of the comment (leading mentions skipped).
        case start
        /// `$`: end of the comment.
        case end
    }

    public var kind: Kind
    /// Offset of the element's first character from the start of the pattern text, in scalars.
    public var offset: Int
    /// Length of the element's text, in scalars.
    public var length: Int

    public init(_ kind: Kind, offset: Int, length: Int) {
        self.kind = kind
        self.offset = offset
        self.length = length
    }
}

/// Token classes that built-in lists name.
public enum TokenClass: String, Sendable, Hashable, CaseIterable, Codable {
    case mention, hashtag, url, number, emoji
}
