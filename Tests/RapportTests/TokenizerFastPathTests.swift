import Testing
@testable import Rapport

/// The shortcuts of the tokenizer's hot path (first-byte filters, buffered stream rows, the vocabulary's
/// two lookups) give what the general path gives.
@Suite struct TokenizerFastPathTests {
    @Test func letterFilterLetsEveryEmoticonStartingWithALetterThrough() {
        for entry in Emoticon.entries where ASCII.isLetter(entry.bytes[0]) {
            #expect(Emoticon.canStart(entry.bytes[0]))
            for first in [ASCII.lower(entry.bytes[0]), entry.bytes[0] & ~0x20] {
                for second in [ASCII.lower(entry.bytes[1]), entry.bytes[1] & ~0x20, entry.bytes[1]] {
                    #expect(Emoticon.canStartWithLetter(first, next: second), "\(entry.text)")
                }
            }
        }
    }

    @Test func streamsOfLongTokensAndManyTokensAreTheSameBothWays() {
        let long = String(repeating: "abcdefghij", count: 12)
        for text in [
            "https://example.com/" + long, long + " " + long, String(repeating: "a b, c! ", count: 40),
            String(repeating: "soooo caf\u{E9} ", count: 30) + "https://x.org/" + long,
            String(repeating: "xD o_O T_T :) ", count: 10), "the ThE tHe! xdx xd, o_o t_t",
        ] {
            TokenStreamTests.checkSameStream(text)
        }
    }

    @Test func bothVocabularyLookupsAgree() {
        for vocabulary in TokenStreamTests.vocabularies {
            for text in vocabulary.words + vocabulary.prefixes + ["", "zzzz", "sooo", "cafeteria", "n'", "👍🏽x"] {
                var bytes = Array(text.utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    let text = UnsafeBufferPointer(buffer)
                    var array: [Int32] = [7]
                    let first = vocabulary.lookup(text, prefixHits: &array)
                    let hits = UnsafeMutablePointer<Int32>.allocate(capacity: text.count + 1)
                    defer { hits.deallocate() }
                    hits[0] = 7
                    var count = 1
                    let second = vocabulary.lookup(text, hits: hits, count: &count)
                    #expect(first == second)
                    #expect(array == Array(UnsafeBufferPointer(start: hits, count: count)))
                }
            }
        }
    }
}

extension TokenizerFastPathTests {
    @Test func handleLowerTableMatchesTheTests() {
        for c in 0...255 {
            let byte = UInt8(c)
            #expect(ASCII.handleLower(byte) == (ASCII.isHandle(byte) ? ASCII.lower(byte) : 0), "\(c)")
        }
    }
}

extension TokenizerFastPathTests {
    @Test func escapeFilterFindsAmpersandsAndBackslashesAnywhere() {
        for length in 0...20 {
            for position in 0..<max(length, 1) {
                for (marker, expected) in [(UInt8(0x26), true), (0x5C, true), (0x27, false), (0xA6, false), (0x25, false)] {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    if position < length { bytes[position] = marker }
                    let found = bytes.withUnsafeBufferPointer { DecodedText.mayHaveEscapes($0) }
                    #expect(found == (expected && position < length), "\(length) \(position) \(marker)")
                }
            }
        }
    }
}

extension TokenizerFastPathTests {
    /// The tokens of the word at the start of `text` and where its scan ends, by the ASCII fast path or the general word scanner.
    static func wordScan(_ text: String, fast: Bool) -> (end: Int, tokens: [Token]) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * buffer.count + 16) { scratch in
                var list = TokenList(capacity: 8)
                let end = withUnsafeMutablePointer(to: &list) { sink in
                    var scanner = TextScanner(bytes: buffer, decoded: nil, scratch: scratch, sink: sink)
                    return fast ? scanner.scanASCIIWord(at: 0) : scanner.scanWord(at: 0)
                }
                return (end, list.tokens)
            }
        }
    }

    /// The fast path only classifies bytes: on every word starting with an ASCII letter it gives the
    /// general scanner's tokens (contractions split, conjunctions starting a clause, elongations,
    /// apostrophes, hyphens, domains and non-ASCII continuations left to it), whatever follows.
    @Test func asciiWordsScanAsTheGeneralScannerScansThem() {
        var words =
            Contraction.bareNegatives.map { "\($0)" } + Contraction.misspelledNegatives.map { "\($0.spelling)" }
            + [
                "cannot", "CanNot", "DONT", "Didnt", "but", "BUT", "though", "however", "although", "butt", "want", "nt", "ant",
                "sOOo", "SoOo", "heLLLo", "aAA", "xXx", "Zzz", "zzZz", "aab", "abb", "abbb", "aabbb", "a1aa", "aa_a",
            ]
        // Every word of up to five of these (elongations, "nt" endings, digits, `_`, capitals).
        var shorter = [""]
        for _ in 1...5 {
            shorter = shorter.flatMap { word in ["a", "n", "t", "o", "D", "_", "0"].map { word + $0 } }
            words += shorter
        }
        for word in words where ASCII.isLetter(word.utf8.first!) {
            for after in ["", " but", ".", "x", "'s", "'", "-x", "-", ".com", "\u{E9}", "\u{2019}t", " ", "!"] {
                let text = word + after
                let fast = Self.wordScan(text, fast: true)
                let general = Self.wordScan(text, fast: false)
                #expect(fast.end == general.end, "\(text)")
                #expect(fast.tokens == general.tokens, "\(text)")
            }
        }
    }
}

extension TokenizerFastPathTests {
    /// The one-pass prescan finds what the two filters it stands for find, wherever the marker and the
    /// first non-ASCII byte are.
    @Test func prescanGivesTheAsciiPrefixAndTheEscapeFilter() {
        for length in 0...20 {
            for position in 0...length {
                for other in [length, 0, length / 2, max(length - 1, 0)] {
                    for (marker, high) in [(UInt8(0x26), UInt8(0xC3)), (0x5C, 0xE2), (0x27, 0xF0), (0x61, 0x80)] {
                        var bytes = [UInt8](repeating: 0x61, count: length)
                        if position < length { bytes[position] = marker }
                        if other < length { bytes[other] = high }
                        bytes.withUnsafeBufferPointer { buffer in
                            let prescan = TextScanner<TokenList>.prescan(buffer)
                            #expect(prescan.asciiPrefix == TextScanner<TokenList>.asciiPrefixLength(buffer), "\(bytes)")
                            #expect(prescan.mayHaveEscapes == DecodedText.mayHaveEscapes(buffer), "\(bytes)")
                        }
                    }
                }
            }
        }
    }

    /// The non-ASCII scanner asks for the white-space property only below U+3001: no white space is above.
    @Test func noWhiteSpaceScalarIsAboveTheFilter() {
        for value in UInt32(0x3001)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(!scalar.properties.isWhitespace, "\(value)")
        }
    }
}

extension TokenizerFastPathTests {
    /// A byte pair the scan loop sends straight to the word scanner is one `scanASCII` would send there
    /// too: an ASCII letter that starts neither a URL (`h`, `w`) nor, with the byte after it, an emoticon.
    @Test func plainWordStartsAreWhatTheDispatchSendsToTheWordScanner() {
        var plain = 0
        for c in UInt8(0)...UInt8(127) {
            for next in UInt8(0)...UInt8(255) where TextScanner<TokenList>.startsPlainWord(c, next: next) {
                plain += 1
                #expect(ASCII.isLetter(c))
                #expect(c | 0x20 != 0x68 && c | 0x20 != 0x77)
                #expect(!(Emoticon.canStart(c) && Emoticon.canStartWithLetter(c, next: next)), "\(c) \(next)")
            }
        }
        // All letters but h, H, w and W before most bytes.
        #expect(plain > 48 * 250)
    }
}
