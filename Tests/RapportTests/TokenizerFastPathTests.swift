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
