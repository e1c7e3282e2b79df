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

    /// The word scanner's table of what follows a word's letters, against the tests it stands for: a handle
    /// character goes on with the word, a non-ASCII byte, `'` or `-` may continue it, `.` may make a domain.
    @Test func afterWordTableMatchesTheTests() {
        for c in 0...255 {
            let byte = UInt8(c)
            let expected =
                ASCII.isHandle(byte)
                ? ASCII.AfterWord.handle
                : byte >= 0x80 || byte == 0x27 || byte == 0x2D
                    ? ASCII.AfterWord.mayContinue : byte == 0x2E ? ASCII.AfterWord.dot : ASCII.AfterWord.ends
            #expect(ASCII.afterWord(byte) == expected, "\(c)")
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
    static func wordScan(_ text: String, fast: Bool, at start: Int = 0) -> (end: Int, tokens: [Token]) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * buffer.count + 16) { scratch in
                var list = TokenList(capacity: 8)
                let end = withUnsafeMutablePointer(to: &list) { sink in
                    var scanner = TextScanner(bytes: buffer, decoded: nil, scratch: scratch, sink: sink)
                    return fast ? scanner.scanASCIIWord(at: start) : scanner.scanWord(at: start)
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
                // After eight bytes, so that the first eight of the word are read at once even when the text
                // ends within them (the last eight bytes of the text, shifted).
                let later = "12345678 " + text
                let fastLater = Self.wordScan(later, fast: true, at: 9)
                let generalLater = Self.wordScan(later, fast: false, at: 9)
                #expect(fastLater.end == generalLater.end, "\(later)")
                #expect(fastLater.tokens == generalLater.tokens, "\(later)")
            }
        }
    }

    /// Eight bytes classified at once give what the byte-by-byte tests give: the leading letters and
    /// their lowered bytes exactly; a possible elongation whenever three equal letters follow each other,
    /// and only when three equal bytes do (bytes past the eighth being zero). Random words of letters of
    /// both cases, digits, `_`, punctuation, white space and non-ASCII bytes, many with repeated bytes.
    @Test func chunksClassifyAsTheByteTestsDo() {
        var random = SplitMix64(seed: 1_810)
        let alphabet: [UInt8] =
            Array(0x41...0x5A) + Array(0x61...0x7A) + [
                0x30, 0x39, 0x5F, 0x20, 0x27, 0x2D, 0x2E, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x00, 0x80, 0xC3, 0xA9, 0xE2, 0xFF, 0xE1, 0xC1,
            ]
        var flagged = 0
        for round in 0..<50_000 {
            var bytes = [UInt8](repeating: 0, count: 8)
            for k in 0..<8 {
                let pick = Int(random.next() % UInt64(alphabet.count))
                // Often the byte before again, or its other case, so that runs occur.
                if k > 0, random.next() % 3 == 0 {
                    bytes[k] = random.next() % 2 == 0 ? bytes[k - 1] : bytes[k - 1] ^ 0x20
                } else {
                    bytes[k] = round % 2 == 0 ? alphabet[pick] : UInt8(truncatingIfNeeded: random.next())
                }
            }
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(bytes[k]) << UInt64(8 * k) }
            let chunk = ASCIIWordChunk(word)
            var length = 0
            while length < 8, ASCII.isLetter(bytes[length]) { length += 1 }
            #expect(chunk.length == length, "\(bytes)")
            for k in 0..<length {
                #expect(UInt8(truncatingIfNeeded: chunk.lowered >> UInt64(8 * k)) == ASCII.lower(bytes[k]), "\(bytes)")
            }
            let lowered = bytes.map { ASCII.isLetter($0) ? ASCII.lower($0) : $0 } + [0, 0]
            let letterTriple = (0..<6).contains { k in
                ASCII.isLetter(bytes[k]) && lowered[k] == lowered[k + 1] && lowered[k] == lowered[k + 2]
            }
            let byteTriple = (0..<8).contains { k in
                let chunkByte = { (index: Int) in UInt8(truncatingIfNeeded: chunk.lowered >> UInt64(8 * index)) }
                let at = { (index: Int) in index < 8 ? chunkByte(index) : 0 }
                return at(k) == at(k + 1) && at(k) == at(k + 2)
            }
            if letterTriple { #expect(chunk.mayHaveTriple, "\(bytes)") }
            if !byteTriple { #expect(!chunk.mayHaveTriple, "\(bytes)") }
            if chunk.mayHaveTriple { flagged += 1 }
        }
        #expect(flagged > 250)
    }

    /// The eight bytes read at a position are those of the text, zero past its end.
    @Test func chunkLoadsReadTheTextAndZerosPastIt() {
        var random = SplitMix64(seed: 8)
        for count in 8...24 {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next() | 1) }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0..<count {
                    let word = ASCIIWordChunk.load(buffer.baseAddress!, at: start, count: count)
                    for k in 0..<8 {
                        let expected = start + k < count ? bytes[start + k] : 0
                        #expect(UInt8(truncatingIfNeeded: word >> UInt64(8 * k)) == expected, "\(count) \(start) \(k)")
                    }
                }
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
