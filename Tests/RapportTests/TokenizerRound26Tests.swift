import Foundation
import PropertyBased
import Testing

@testable import Rapport

/// The tokenizer's shortcuts of issue 18's round 26 give what the general paths give: decoded entities
/// mapped back through a list of the entities (not an offset per scalar), curly quotes and dashes folded
/// without Foundation, ASCII words with an apostrophe scanned without the general scanner, emoticons tried
/// only when the second byte may continue one, hashtag endings looked up eight bytes at a time.
@Suite struct TokenizerRound26Tests {
    /// Pieces of text around entities and escapes: known, unknown and broken ones, ones that decode to
    /// scalars of one to four UTF-8 bytes, and non-ASCII scalars between them.
    static let entityPieces: [String] = [
        "a", "b", " ", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&hellip;", "&rsquo;", "&euro;", "&#39;",
        "&#x27;", "&#128077;", "&#x1F600;", "&#65536;", "&#x10FFFF;", "&#0;", "&#x110000;", "&#xZZ;", "&bogus;", "&", "&;",
        "&amp", "\\", "\\u2026", "\\u0041", "\\u0000", "\\uD83D\\uDE00", "\\uD83D", "\\uZZZZ", "\\u20", "é", "👍🏽", "’",
        "我", "don", "t", "AT&T",
    ]

    static let entityText = Gen<String?>.element(of: entityPieces).map { $0! }.array(of: 0...16).map { $0.joined() }

    /// The decoding as it was written before: the decoded UTF-8 and, per decoded scalar, where it starts
    /// and ends in scalars of the original text.
    static func referenceDecode(_ bytes: [UInt8]) -> (utf8: [UInt8], starts: [Int], ends: [Int])? {
        var utf8: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var changed = false
        var i = 0
        var scalar = 0
        bytes.withUnsafeBufferPointer { buffer in
            while i < buffer.count {
                let c = buffer[i]
                let decoded =
                    c == 0x26 ? HTMLEntity.decode(buffer, at: i) : c == 0x5C ? UnicodeEscape.decode(buffer, at: i) : nil
                if let decoded {
                    utf8.append(contentsOf: Array(String(decoded.value).utf8))
                    starts.append(scalar)
                    ends.append(scalar + decoded.length)
                    i += decoded.length
                    scalar += decoded.length
                    changed = true
                    continue
                }
                let end = min(i + UTF8Scalar.length(leading: c), buffer.count)
                utf8.append(contentsOf: buffer[i..<end])
                i = end
                starts.append(scalar)
                ends.append(scalar + 1)
                scalar += 1
            }
        }
        return changed ? (utf8, starts, ends) : nil
    }

    static func checkDecoding(_ text: String) {
        let bytes = Array(text.utf8)
        let reference = referenceDecode(bytes)
        let decoded = bytes.withUnsafeBufferPointer { DecodedText.decode($0) }
        #expect((decoded == nil) == (reference == nil), "\(text.debugDescription)")
        guard let decoded, let reference else { return }
        #expect(decoded.utf8 == reference.utf8, "\(text.debugDescription)")
        for k in reference.starts.indices {
            #expect(decoded.originalStart(of: k) == reference.starts[k], "\(text.debugDescription) at \(k)")
            #expect(decoded.originalEnd(of: k) == reference.ends[k], "\(text.debugDescription) at \(k)")
        }
        for start in reference.starts.indices {
            for end in (start + 1)...reference.starts.count {
                let original = decoded.original(start: start, end: end)
                #expect(original.start == reference.starts[start] && original.end == reference.ends[end - 1])
            }
        }
    }

    @Test func decodedOffsetsAreThePerScalarOnes() {
        for text in [
            "", "no entities", "&amp;", "a &amp; b", "&amp;&amp;&lt;", "caf\u{E9} &#x1F600; \u{1F44D}\u{1F3FD} &rsquo;s",
            "\\u2026\\uD83D\\uDE00x", "AT&T and \\n", "&#0; &#x110000; &bogus; &amp", String(repeating: "x&amp;é", count: 200),
        ] {
            Self.checkDecoding(text)
        }
    }

    @Test func decodedOffsetsAreThePerScalarOnesOnRandomText() async {
        await propertyCheck(count: 500, input: Self.entityText) { Self.checkDecoding($0) }
        await propertyCheck(count: 300, input: TokenizerPropertyTests.scalarText) { Self.checkDecoding($0) }
    }

    /// The tokens of texts with entities, from the stream (padded lookups) and from the tokens (unpadded).
    @Test func streamsOfTextWithEntitiesAreTheSameBothWays() async {
        await propertyCheck(count: 300, input: Self.entityText) { TokenStreamTests.checkSameStream($0) }
    }

    /// Words with an ASCII apostrophe before a letter ("didn't", "you've") through the word scanner's
    /// apostrophe path and through the general scanner: the same tokens and end, whatever follows (another
    /// apostrophe, a hyphen, non-ASCII scalars, elongations on either side, "n't" endings in any case).
    @Test func apostropheWordsScanAsTheGeneralScannerScansThem() {
        let heads = ["did", "DiD", "I", "you", "ca", "wo", "n", "N", "aa", "aaa", "a_1", "don", "xn", "Don", "b0", "bUT", "soo"]
        let tails = ["t", "T", "ve", "s", "ll", "Re", "d", "tt", "ttt", "t_1", "x", "t1", "tT", "nt", "sss", "ss", "abcdefghij"]
        let afters = ["", " ", ".", ".com", "'", "'s", "'t", "-", "-x", "\u{2019}", "\u{2019}s", "\u{E9}", "!", "_", "0"]
        var checked = 0
        for head in heads {
            for tail in tails {
                for after in afters {
                    for prefix in ["", "12345678 "] {
                        let text = prefix + head + "'" + tail + after
                        let start = prefix.utf8.count
                        let fast = TokenizerFastPathTests.wordScan(text, fast: true, at: start)
                        let general = TokenizerFastPathTests.wordScan(text, fast: false, at: start)
                        #expect(fast.end == general.end, "\(text)")
                        #expect(fast.tokens == general.tokens, "\(text)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 8_000)
    }

    @Test func foldedPunctuationIsTheFold() {
        var folded = 0
        for value in UInt32(0x80)...0x3000 {
            guard let scalar = Unicode.Scalar(value), let byte = Normalizer.foldedPunctuation(value) else { continue }
            #expect(Normalizer.fold(String(Character(scalar))) == String(UnicodeScalar(byte)), "U+\(String(value, radix: 16))")
            folded += 1
        }
        #expect(folded == 14)
    }

    @Test func curlyQuotesAndDashesTokenizeAsBefore() {
        let tokens = Tokenizer.tokenize("“ok” — fine’ ‘x‒y ― z − w ‐")
        #expect(tokens.map(\.text) == ["\"", "ok", "\"", "-", "fine", "'", "'", "x", "-", "y", "-", "z", "-", "w", "-"])
    }

    /// ``Emoticon/match(_:at:)`` as it was written before its filter on the second byte.
    static func referenceEmoticon(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (end: Int, text: String)? {
        if i > 0, ASCII.isDigit(b[i - 1]) { return nil }
        for entry in Emoticon.entriesByFirstByte[Int(ASCII.lower(b[i]))] {
            let length = entry.bytes.count
            guard i + length <= b.count else { continue }
            guard (1..<length).allSatisfy({ ASCII.lower(b[i + $0]) == ASCII.lower(entry.bytes[$0]) }) else { continue }
            if entry.strictLeft, i > 0, ASCII.isHandle(b[i - 1]) { continue }
            var end = i + length
            while end < b.count, b[end] == b[i + length - 1] { end += 1 }
            if end < b.count, ASCII.isAlnum(b[end]) { continue }
            return (end, entry.text)
        }
        return nil
    }

    /// Emoticons found with the second-byte filter are those found without it: every pair of bytes from the
    /// emoticons' own bytes, both cases, and others, alone and between letters, digits and spaces, and 20,000
    /// random texts of such bytes.
    @Test func emoticonFilterFindsWhatTheEntriesFind() {
        var alphabet = Set(Emoticon.entries.flatMap(\.bytes))
        alphabet.formUnion(alphabet.map { ASCII.lower($0) } + alphabet.map { $0 & ~0x20 } + Array("a1 _.\u{E9}".utf8))
        let bytes = Array(alphabet)
        func check(_ text: [UInt8]) {
            text.withUnsafeBufferPointer { buffer in
                for i in buffer.indices {
                    let found = Emoticon.match(buffer, at: i)
                    let expected = Self.referenceEmoticon(buffer, at: i)
                    #expect(found?.end == expected?.end && found?.text == expected?.text, "\(text) at \(i)")
                }
            }
        }
        for first in bytes {
            for second in bytes {
                for around in [[], [0x61], [0x31], [0x20]] as [[UInt8]] {
                    check(around + [first, second] + around)
                    check(around + [first, second, second, 0x29] + around)
                }
            }
        }
        var random = SplitMix64(seed: 26)
        for _ in 0..<20_000 {
            check((0..<Int(random.next() % 9)).map { _ in bytes[Int(random.next() % UInt64(bytes.count))] })
        }
    }

    /// A hashtag's ending looked up padded (eight bytes at a time) and not.
    @Test func hashtagEndingsAreFoundPaddedOrNot() async {
        let words = ["fail", "sucks", "rocks", "brand", "usair", "not", "so", "happy", "customerservice", "é", "wait"]
        let input = Gen<String?>.element(of: words).map { $0! }.array(of: 1...5).map { $0.joined() }
        for vocabulary in TokenStreamTests.vocabularies + [try! engine([rule("r", .complaint, match: ["[#sucks|#fail|#rocks]"])]).compiled.matcher.vocabulary] {
            let reader = Vocabulary.Reader(vocabulary.table)
            await propertyCheck(count: 200, input: input) { tag in
                var bytes = Array(tag.utf8)
                let count = bytes.count
                bytes.append(contentsOf: [UInt8](repeating: 0, count: 8))
                bytes.withUnsafeBufferPointer { buffer in
                    let text = UnsafeBufferPointer(rebasing: buffer[0..<count])
                    #expect(
                        HashtagTail.word(of: text, padded: true, table: reader) == HashtagTail.word(of: text, padded: false, table: reader),
                        "\(tag)")
                }
            }
        }
    }
}
