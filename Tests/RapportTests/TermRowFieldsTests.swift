import Testing
@testable import Rapport

/// The term tables' shortcuts (docs/PERFORMANCE.md, "Loading the default pack, round 4") give what the
/// tokenizer and `Double(_:)` give, on the default pack's terms and on random ones.
@Suite struct TermRowFieldsTests {
    /// A deterministic generator (the same sequence on every run).
    struct Generator {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
        /// Up to `runs` runs of up to `length` of ``TermRowFieldsTests/pieces`` each, between `separators`.
        mutating func text(runs: Int, length: Int, separators: [String]) -> String {
            var text = ""
            for _ in 0..<(1 + next(runs)) {
                if !text.isEmpty { text += pick(separators) }
                for _ in 0..<(1 + next(length)) { text += pick(TermRowFieldsTests.pieces) }
            }
            return text
        }
    }

    /// The fields of `line` as `decodeTermRows` splits them (runs of bytes other than spaces and tabs).
    static func fields(_ bytes: [UInt8]) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var at = 0
        while at < bytes.count {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
            let start = at
            while at < bytes.count, bytes[at] != 0x20, bytes[at] != 0x09 { at += 1 }
            if at > start { fields.append(start..<at) }
        }
        return fields
    }

    /// Checks that the shortcut, when it answers, gives the tokenizer's words for `term`; returns whether it answered.
    @discardableResult
    static func expectSameWords(_ term: String) -> Bool {
        let bytes = Array(term.utf8)
        let fields = Self.fields(bytes)
        let plain = bytes.withUnsafeBufferPointer { TermRowFields.plainWords($0, fields[...]) }
        guard let plain else { return false }
        let written = fields.map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: " ")
        #expect(PackFileDecoder.lexiconWords(written) == plain, "\(term)")
        return true
    }

    /// Pieces of random terms: plain words, contractions and their near misses, elongations, emoticon
    /// and URL starts, apostrophes in every place, digits, hyphens, upper case, non-ASCII letters and emoji.
    static let pieces = [
        "a", "i", "o", "t", "x", "d", "n", "h", "w", "s", "e", "z", "nt", "dont", "cant", "cannot", "isn", "isnt", "dosnt",
        "wont", "aint", "ain", "'", "'t", "n't", "'s", "'m", "'ll", "oo", "ooo", "xd", "xo", "http", "www", ".", "-", "_",
        "2", "0", "A", "D", "X", "T", "é", "ß", "ı", "’", "😀", "👍🏽", ":)", "#", "@", "&amp;", "\\u00e9", "!", "?",
    ]

    @Test func plainWordsAreTheTokenizersWordsOnRandomTerms() {
        var generator = Generator()
        var answered = 0
        for _ in 0..<40_000 {
            var term = generator.text(runs: 2, length: 4, separators: [" ", "  ", "\t", " \t "])
            if generator.next(8) == 0 { term = " " + term + " " }
            if Self.expectSameWords(term) { answered += 1 }
        }
        // Both ways are exercised.
        #expect(answered > 3_000)
        #expect(answered < 35_000)
    }

    @Test func plainWordsAreTheTokenizersWordsOnTheDefaultPacksTermsAndEdgeCases() {
        var terms: [String] = []
        for file in RulePack.defaultFiles {
            for line in file.text.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                for width in [3, 9] where fields.count > width { terms.append(fields.dropLast(width).joined(separator: " ")) }
            }
        }
        terms += [
            "dont", "don't", "isn't", "cannot", "can not", "dosnt", "i'm", "i'nt", "n't", "nt", "rock'n'roll", "soooo", "aaa",
            "xd", "xdd", "xo", "x d", "http", "https", "www", "wwwx", "hello world", "hello  world", "a b c", "hello-world",
            "it's", "it’s", "café", "Hello", "2nd", "a2", "though", "but", "however", "a'", "'a", "a''b", "a'b'c",
        ]
        var answered = 0
        for term in terms where Self.expectSameWords(term) { answered += 1 }
        #expect(answered > 1_000)
    }

    /// Checks that `PlainWords.words(in:)`, when it answers, gives the tokenizer's tokens of `text`: one
    /// `.word` per word, with its text; returns whether it answered.
    @discardableResult
    static func expectSameTokens(_ text: String) -> Bool {
        guard let words = PlainWords.words(in: text) else { return false }
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == words, "\(text)")
        #expect(tokens.allSatisfy { $0.kind == .word }, "\(text)")
        return true
    }

    @Test func plainLiteralsAreTheTokenizersWords() {
        var generator = Generator()
        var answered = 0
        for _ in 0..<40_000 {
            var text = generator.text(runs: 4, length: 3, separators: [" ", "  ", "\t", " \t ", "\n", ", "])
            if generator.next(8) == 0 { text = generator.pick([" ", "\t", ""]) + text + generator.pick([" ", "\t", ""]) }
            if Self.expectSameTokens(text) { answered += 1 }
        }
        for text in ["", " ", "\t", "not working", "but it works", "cannot", "don't", "isn't it", "n't", "a b c d e"] {
            Self.expectSameTokens(text)
        }
        #expect(PlainWords.words(in: "") == nil)
        #expect(PlainWords.words(in: " \t ") == nil)
        #expect(answered > 2_000)
        #expect(answered < 38_000)
    }

    @Test func theDefaultPacksPatternWordsAreTheTokenizersWords() {
        var answered = 0
        for file in RulePack.defaultFiles {
            for line in file.text.split(separator: "\n") {
                // Every run of letters, apostrophes and spaces in the pack: the pieces its literals are made of.
                for piece in line.split(whereSeparator: { !($0.isLetter || $0 == "'" || $0 == " ") }) where Self.expectSameTokens(String(piece)) {
                    answered += 1
                }
            }
        }
        #expect(answered > 10_000)
    }

    /// Checks that the shortcut, when it answers, gives `Double(_:)`'s value for `text` (bit for bit).
    static func expectSameNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let fast = bytes.withUnsafeBufferPointer { TermRowFields.plainNumber($0, 0..<$0.count) }
        guard let fast else { return false }
        #expect(Double(text)?.bitPattern == fast.bitPattern, "\(text)")
        return true
    }

    @Test func plainNumbersAreDoublesOnRandomTexts() {
        var generator = Generator()
        var answered = 0
        let pieces = ["0", "1", "5", "9", "00", "123456789", ".", "-", "+", "e", "E5", "inf", "nan", "x", "_", " ", "0x1p3"]
        for _ in 0..<40_000 {
            var text = generator.next(3) == 0 ? "-" : ""
            for _ in 0..<(1 + generator.next(5)) { text += generator.pick(pieces) }
            if Self.expectSameNumber(text) { answered += 1 }
        }
        // Decimals of every length up to the limit and past it, with fractions of every length.
        for digits in 1...20 {
            for point in 0...digits {
                var text = ""
                for k in 0..<digits {
                    if k == point, point > 0 { text += "." }
                    text += String(generator.next(10))
                }
                for candidate in [text, "-" + text] where Self.expectSameNumber(candidate) { answered += 1 }
            }
        }
        for text in ["0", "-0", "0.0", "-0.0", "0.1", "0.3", "-0.131", "1.188", "999999999999999", "0.000000000000001", "1."]
        where Self.expectSameNumber(text) {
            answered += 1
        }
        #expect(answered > 3_000)
    }

    @Test func theDefaultPacksWeightsAreReadTheSameWay() {
        var numbers = 0
        for file in RulePack.defaultFiles {
            for line in file.text.split(separator: "\n") {
                for field in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) where field.first.map({ $0 == "-" || $0.isNumber }) == true {
                    if Self.expectSameNumber(String(field)) { numbers += 1 }
                }
            }
        }
        #expect(numbers > 20_000)
    }
}
