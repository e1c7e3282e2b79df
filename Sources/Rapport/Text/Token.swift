/// One token of a comment, normalized, with where it came from.
///
/// Tokens are produced by ``Tokenizer/tokenize(_:)``. The same tokenizer turns the literal words of rule
/// patterns and list entries into tokens, so matching compares ``text`` (and ``variant``) values that were
/// normalized the same way on both sides.
public struct Token: Sendable, Hashable {
    /// What a token is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Letters and digits, with internal apostrophes, hyphens and underscores ("i'm", "check-in", "2nd").
        /// A negative contraction is split into its verb and a `n't` word ("don't" → "do", "n't").
        case word
        /// `42`, `3.5`, `1,000` (text `1000`), `10:30`, `$20`, `€5`, `20€`, `20%`: digits with an optional
        /// leading currency symbol and an optional trailing `%` or `€`. Digits glued to letters (`2nd`,
        /// `4k`) make a word instead.
        case number
        /// `@handle`; the text is the lowercased handle without `@`.
        case mention
        /// `#tag`; the text is the normalized word without `#`, so `#fail` can match the literal `fail`.
        case hashtag
        /// `http(s)://…`, `www.…`, or a bare domain such as `example.com/path`; the text is lowercased.
        case url
        /// One emoji sequence (skin tones, ZWJ sequences, flags, keycaps, tags); the text has no
        /// variation selectors, so `❤️` and `❤` have the same text.
        case emoji
        /// An ASCII emoticon such as `:)`, `:-(`, `<3`, `xD`; the text drops the nose (`:-)` → `:)`)
        /// and is lowercased (`:D` → `:d`).
        case emoticon
        /// Punctuation and other symbols. A run of `!`/`?` is one token whose text is `?` when the run
        /// holds a `?`, else `!`; a run of dots (or `…`) is one token with text `...`.
        case punctuation
    }

    /// What the token is.
    public var kind: Kind
    /// The normalized text used for matching (NFKC, case- and accent-folded; elongations squeezed;
    /// a hashtag without its `#`, a mention without its `@`).
    public var text: String
    /// Offset of the first Unicode scalar of the token in the original text.
    public var start: Int
    /// Offset just past the token's last scalar in the original text.
    public var end: Int
    /// Index of the clause the token is in (clauses break at `.`, `!`, `?`, `;`, `:`, `but`, newlines...).
    public var clause: Int
    /// A second normalized text the matcher may also try, or `nil`.
    ///
    /// For an elongated word or hashtag ("sooooo", "pleeeease") ``text`` squeezes runs of three or more
    /// identical letters to two ("soo", "pleease", "goooood" → "good") and `variant` squeezes them to one
    /// ("so", "please"). For an emoji with a skin-tone modifier, `variant` is the emoji without it
    /// ("👍🏽" → "👍").
    public var variant: String?

    /// Creates a token.
    public init(kind: Kind, text: String, start: Int, end: Int, clause: Int = 0, variant: String? = nil) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.clause = clause
        self.variant = variant
    }

    /// Whether `literal` (a normalized token text) equals this token's ``text`` or its ``variant``.
    @inlinable
    public func matches(_ literal: String) -> Bool {
        text == literal || (variant.map { $0 == literal } ?? false)
    }
}
