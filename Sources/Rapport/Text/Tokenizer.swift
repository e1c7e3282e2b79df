/// Splits comment text into normalized tokens whose offsets point back into the original text.
///
/// What it does, in order:
/// - decodes HTML entities (`&amp;`, `&lt;`, `&#39;`, `&#x27;`, numeric ones) and literal `\uXXXX` escapes
///   (as in `\u2026`); a decoded scalar's token covers the whole entity in the original text;
/// - recognizes URLs, `@mentions`, `#hashtags`, numbers, emoji sequences, emoticons, words and
///   punctuation (see ``Token/Kind``);
/// - normalizes token text: ASCII lowercase on the fast path; NFKC, case folding, accent and width folding
///   for tokens with non-ASCII scalars; curly apostrophes and quotes become straight ones;
/// - splits negative contractions ("can't" → "ca", "n't"; "dont" → "do", "n't"; "cannot" → "can", "not");
///   other contractions ("i'm", "it's") stay one word;
/// - squeezes elongations ("sooooo" → text "soo", variant "so");
/// - numbers clauses: a new clause starts after `.`, `!`, `?`, `;`, `…`, a `:` followed by a space, a line
///   break, and at the conjunctions "but", "although", "however", "though".
///
/// Hebrew, Arabic and other scripts are tokenized at spaces like Latin text; Han ideographs and kana are one
/// word per scalar (they are written without spaces), so a pattern written in them matches inside a run.
public enum Tokenizer {
    /// The tokens of `text`, in order, with `start`/`end` in Unicode-scalar offsets of `text`.
    ///
    /// Tokens never overlap, and `0 <= start < end <= text.unicodeScalars.count` holds for each.
    public static func tokenize(_ text: String) -> [Token] {
        var list = TokenList(capacity: text.utf8.count / 2 + 4)
        scan(text, into: &list)
        return list.tokens
    }

    /// Tokenizes `text` into `sink`.
    static func scan<Sink: TokenSink>(_ text: String, into sink: inout Sink) {
        // A native string's UTF-8 is read in place; only another (a bridged one) is copied. The mutating
        // `withUTF8` needs a `var` copy of the string value (not of its bytes): a retain and a release per comment.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { buffer in scan(bytes: buffer, into: &sink) }
        if done == nil {
            var copy = text
            copy.withUTF8 { buffer in scan(bytes: buffer, into: &sink) }
        }
    }

    /// Tokenizes the UTF-8 `buffer` into `sink`.
    private static func scan<Sink: TokenSink>(bytes buffer: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        // One pass finds both whether there may be entities or escapes to decode and where the ASCII
        // prefix ends (the decoded text's is found again).
        let prescan = TextScanner<Sink>.prescan(buffer)
        if prescan.mayHaveEscapes, let decoded = DecodedText.decode(buffer) {
            decoded.utf8.withUnsafeBufferPointer { decodedBuffer in
                scan(decodedBuffer, decoded: decoded, asciiPrefix: nil, into: &sink)
            }
        } else {
            scan(buffer, decoded: nil, asciiPrefix: prescan.asciiPrefix, into: &sink)
        }
    }

    private static func scan<Sink: TokenSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, decoded: DecodedText?, asciiPrefix: Int?, into sink: inout Sink
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * bytes.count + 16) { scratch in
            withUnsafeMutablePointer(to: &sink) { sinkPointer in
                var scanner = TextScanner(
                    bytes: bytes, decoded: decoded, scratch: scratch, sink: sinkPointer, asciiPrefix: asciiPrefix)
                scanner.run()
            }
        }
    }
}
