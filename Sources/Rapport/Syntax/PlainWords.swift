/// Words written as the tokenizer normalizes them, recognized from their bytes: a pack's lexicon terms
/// and most of its pattern literals are such words, and reading them this way skips the tokenizer (which
/// gives the same words; see ``Tokenizer``).
enum PlainWords {
    /// The words of `text` when it is one or more runs of bytes other than spaces and tabs, each a
    /// ``isPlainWord(_:_:)``: what the tokenizer gives for `text`, one `.word` token per run. Nil otherwise.
    static func words(in text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            wordRanges(in: bytes)?.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// The ranges of the words of the UTF-8 `text` when it is what ``words(in:)`` reads as plain words (their
    /// texts are `text`'s bytes in those ranges), else nil.
    static func wordRanges(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        // Room for every word a short text can hold (a word and a space take two bytes), so the array is
        // allocated once: growing it from one element was half of reading a pack's pattern literals.
        ranges.reserveCapacity(min(text.count / 2 + 1, 16))
        var at = 0
        while at < text.count {
            while at < text.count, text[at] == 0x20 || text[at] == 0x09 { at += 1 }
            let start = at
            while at < text.count, text[at] != 0x20, text[at] != 0x09 { at += 1 }
            guard at > start else { break }
            guard isPlainWord(text, start..<at) else { return nil }
            ranges.append(start..<at)
        }
        return ranges.isEmpty ? nil : ranges
    }

    /// Whether `range` of `bytes` is a word that the tokenizer gives back unchanged as one `.word` token:
    /// lower-case ASCII letters with at most one apostrophe between two of them, no letter three times
    /// in a row (an elongation, squeezed), not a negative contraction ("dont", "cannot", "isn't",
    /// "dosnt", which are split) and not starting with "xd" (which may be an emoticon).
    static func isPlainWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let start = range.lowerBound, end = range.upperBound
        guard end > start, isLower(bytes[start]) else { return false }
        var apostrophe = -1
        var k = start + 1
        while k < end {
            let c = bytes[k]
            if c == 0x27 {
                guard apostrophe < 0, k + 1 < end, isLower(bytes[k + 1]) else { return false }
                apostrophe = k
            } else if !isLower(c) {
                return false
            } else if k >= start + 2, bytes[k - 1] == c, bytes[k - 2] == c {
                return false
            }
            k += 1
        }
        if bytes[start] == 0x78, end - start >= 2, bytes[start + 1] == 0x64 { return false }
        if apostrophe >= 0 {
            // "isn't" splits into "is", "n't"; "n'ts" or "i'nt" do not.
            return !(apostrophe > start + 1 && bytes[apostrophe - 1] == 0x6E && apostrophe + 2 == end && bytes[end - 1] == 0x74)
        }
        return Contraction.splitLowercase(UnsafeBufferPointer(rebasing: bytes[range])) == nil
    }

    @inline(__always)
    private static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
}
