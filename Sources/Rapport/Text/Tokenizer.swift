/// Splits comment text into normalized tokens whose offsets point back into the original text.
///
/// Stand-in: splits on whitespace and punctuation and lowercases. The full social-media tokenizer
/// (mentions, hashtags, URLs, emoji sequences, emoticons, contractions, NFKC and accent folding)
/// replaces it with the same API.
public enum Tokenizer {
    /// The tokens of `text`, with `start`/`end` in Unicode-scalar offsets of `text`.
    public static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        var offset = 0
        var clause = 0
        func flush(at end: Int) {
            if !current.isEmpty {
                tokens.append(Token(kind: .word, text: current.lowercased(), start: start, end: end, clause: clause))
                current = ""
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            } else {
                flush(at: offset)
                if !scalar.properties.isWhitespace {
                    tokens.append(Token(kind: .punctuation, text: String(scalar), start: offset, end: offset + 1, clause: clause))
                    if ".!?;".unicodeScalars.contains(scalar) { clause += 1 }
                }
            }
            offset += 1
        }
        flush(at: offset)
        return tokens
    }
}
