/// One token of a comment, normalized, with where it came from.
public struct Token: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case word, number, mention, hashtag, url, emoji, emoticon, punctuation
    }

    public var kind: Kind
    /// The normalized text used for matching (NFKC, case- and accent-folded; elongations squeezed;
    /// a hashtag without its `#`, a mention without its `@`).
    public var text: String
    /// Offset of the first Unicode scalar of the token in the original text.
    public var start: Int
    /// Offset just past the token's last scalar in the original text.
    public var end: Int
    /// Index of the clause the token is in (clauses break at `.`, `!`, `?`, `;`, `but`, newlines...).
    public var clause: Int

    public init(kind: Kind, text: String, start: Int, end: Int, clause: Int = 0) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.clause = clause
    }
}
