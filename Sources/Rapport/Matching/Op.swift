/// One instruction of a compiled pattern program. Programs are flat arrays of `Op`s; alternatives
/// point at sub-sequences stored in the same array, so matching never touches an indirect enum.
struct Op: Sendable, Hashable {
    enum Code: UInt8, Sendable {
        /// A token whose word id is `a`; `b` is the required kind code, or -1 for any kind but a mention.
        case word
        /// A token (not a mention or URL) starting with the prefix whose id is `a`.
        case prefix
        /// A token whose kind is in the bit mask `a` (built-in classes).
        case tokenClass
        /// Any entry of the compiled list `a`.
        case list
        /// Exactly one token of any kind.
        case any
        /// A gap of `a` to `b` tokens.
        case gap
        /// The comment's start (after leading mentions).
        case start
        /// The comment's end.
        case end
        /// Alternatives: `b` sub-sequences whose ranges start at `Programs.sequences[a]`.
        case alternatives

        /// Whether the op tests one token or place and has no choice in it (a word, prefix, class, `*`, `^` or
        /// `$`): not a gap, group or list.
        var testsOneToken: Bool {
            switch self {
            case .word, .prefix, .tokenClass, .any, .start, .end: true
            case .list, .gap, .alternatives: false
            }
        }
    }

    var code: Code
    var a: Int32
    var b: Int32

    init(_ code: Code, _ a: Int32 = 0, _ b: Int32 = 0) {
        self.code = code
        self.a = a
        self.b = b
    }

    /// The op hashed as one number (its operands, the code in the top bits): the builder looks ops up
    /// by value once per op of every entry, where three values hashed one by one cost half as much again.
    func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(UInt32(bitPattern: a)) | UInt64(UInt32(bitPattern: b)) << 32 ^ UInt64(code.rawValue) << 59)
    }
}

/// Kind codes of comment tokens as small integers, for the matcher's arrays.
enum KindCode {
    static let word: UInt8 = 0
    static let number: UInt8 = 1
    static let mention: UInt8 = 2
    static let hashtag: UInt8 = 3
    static let url: UInt8 = 4
    static let emoji: UInt8 = 5
    static let emoticon: UInt8 = 6
    static let punctuation: UInt8 = 7
    static let count = 8

    static func of(_ kind: Token.Kind) -> UInt8 {
        switch kind {
        case .word: word
        case .number: number
        case .mention: mention
        case .hashtag: hashtag
        case .url: url
        case .emoji: emoji
        case .emoticon: emoticon
        case .punctuation: punctuation
        }
    }

    /// The kinds a built-in list accepts, as a bit mask. `<emoji>` also accepts emoticons
    /// (`:)`, `<3`): authors who write `<emoji>` mean "any face or symbol", whichever way it was typed.
    static func mask(of tokenClass: TokenClass) -> Int32 {
        switch tokenClass {
        case .mention: 1 << Int32(mention)
        case .hashtag: 1 << Int32(hashtag)
        case .url: 1 << Int32(url)
        case .number: 1 << Int32(number)
        case .emoji: (1 << Int32(emoji)) | (1 << Int32(emoticon))
        }
    }
}

/// One token of a compiled list entry: a word id and the kind it requires (-1: any kind but a mention).
struct Atom: Sendable, Hashable, Comparable {
    var id: Int32
    var kind: Int32

    static func < (lhs: Atom, rhs: Atom) -> Bool { (lhs.id, lhs.kind) < (rhs.id, rhs.kind) }
}
