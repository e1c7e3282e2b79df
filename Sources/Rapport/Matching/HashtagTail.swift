/// The last word of a compound hashtag that no pattern names whole: "#brandfail", "#usairsucks",
/// "#servicerocks". People coin such tags for one brand or one day, so a pack cannot list them; their
/// last word carries the verdict. A hashtag token whose own text (and variant) is not a pattern word is
/// read also as its longest ending, of at least ``shortest`` bytes, that some pattern names as a hashtag
/// (`#fail`, `#sucks`: the pack says which endings carry a verdict; "#trumpleaks" is not read as "leaks"
/// unless a pattern says `#leaks`), as a variant: patterns then match it as they match `#fail`. The ending is not taken
/// when the tag's start ends with a negation ("#sonothappy", "#cannotwait"): the tail alone would read
/// the opposite way. Prefix patterns (`disappoint*`) do not see the ending.
enum HashtagTail {
    /// The fewest bytes an ending may have (shorter ones, "ok", "bad", "fun", are too often the ends of
    /// unrelated words).
    static let shortest = 4

    /// Endings of a tag's start that negate what follows ("not", "no", "never" and contractions without
    /// their apostrophe), as ASCII bytes.
    private static let negations: [[UInt8]] = ["not", "no", "never", "dont", "didnt", "doesnt", "isnt", "wasnt", "aint", "cant", "wont"]
        .map { Array($0.utf8) }

    /// The word id of the longest ending of the hashtag `text` (without its `#`) that is a pattern word,
    /// or -1. `padded`: eight zero bytes that may be read follow `text` (and so each ending), and the
    /// endings are hashed eight bytes at a time.
    static func word(of text: UnsafeBufferPointer<UInt8>, padded: Bool, table: Vocabulary.Reader) -> Int32 {
        guard text.count > shortest, let base = text.baseAddress else { return -1 }
        var start = 1
        while start <= text.count - shortest {
            // An ending starts at a scalar's first byte.
            if text[start] & 0xC0 != 0x80 {
                let id = table.wordID(UnsafeBufferPointer(start: base + start, count: text.count - start), padded: padded)
                if id >= 0, table.isHashtagWord(id) {
                    return endsWithNegation(UnsafeBufferPointer(start: base, count: start)) ? -1 : id
                }
            }
            start += 1
        }
        return -1
    }

    /// Whether `head` ends with one of ``negations``.
    private static func endsWithNegation(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        negations.contains { negation in
            head.count >= negation.count && head[(head.count - negation.count)...].elementsEqual(negation)
        }
    }
}
