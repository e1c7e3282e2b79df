/// Where the tokenizer's scanner puts each token it finds.
///
/// The scanner hands over the normalized text as UTF-8 bytes that are valid only during the call, so a
/// sink that only needs ids (the matcher's `TokenStream`) never makes a `String`, while ``TokenList``
/// builds the public `Token` values.
protocol TokenSink {
    /// Receives one token: its kind, normalized text and variant (see ``Token``), its range in scalars of
    /// the original text, and its clause.
    mutating func add(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int)

    /// Receives one token without a variant whose non-empty `text` is followed by eight zero bytes that may
    /// be read (the word scanner's scratch); otherwise as ``add(_:text:variant:start:end:clause:)``, which
    /// is what a sink that does not read past a text's end does here.
    mutating func add(_ kind: Token.Kind, paddedText text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, clause: Int)

    /// Receives one `.word` token without a variant whose non-empty `text` has at most eight bytes, `head`
    /// being those bytes as a little-endian `UInt64` (zero past the text's end, as
    /// ``Vocabulary/Table/headAndHash(_:)`` reads them): the word scanner's short words, classified in a
    /// register, so that a sink hashing the text need not load it again. Otherwise as
    /// ``add(_:text:variant:start:end:clause:)``, which is what a sink that only reads the bytes does here.
    mutating func add(shortWord text: UnsafeBufferPointer<UInt8>, head: UInt64, start: Int, end: Int, clause: Int)
}

extension TokenSink {
    mutating func add(_ kind: Token.Kind, paddedText text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, clause: Int) {
        add(kind, text: text, variant: nil, start: start, end: end, clause: clause)
    }

    mutating func add(shortWord text: UnsafeBufferPointer<UInt8>, head: UInt64, start: Int, end: Int, clause: Int) {
        add(.word, text: text, variant: nil, start: start, end: end, clause: clause)
    }
}

/// A sink that collects `Token` values, as ``Tokenizer/tokenize(_:)`` returns them.
struct TokenList: TokenSink {
    var tokens: [Token] = []

    init(capacity: Int) { tokens.reserveCapacity(capacity) }

    mutating func add(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int
    ) {
        tokens.append(
            Token(
                kind: kind, text: String(decoding: text, as: UTF8.self), start: start, end: end, clause: clause,
                variant: variant.map { String(decoding: $0, as: UTF8.self) }))
    }
}
