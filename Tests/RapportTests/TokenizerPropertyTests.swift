import PropertyBased
import Testing
@testable import Rapport

/// Properties of the tokenizer over random input.
@Suite struct TokenizerPropertyTests {
    /// Pieces of social-media text that exercise every scanner; random strings are made of them.
    static let pieces: [String] = [
        "a", "b", "o", "s", "t", "x", "D", "P", "n", "I", "Z", "0", "1", "3", " ", "  ", "\t", "\n", "!", "?", ".",
        ",", ":", ";", ")", "(", "'", "-", "_", "@", "#", "$", "%", "/", "<", ">", "=", "^", "*", "é", "ü", "ñ",
        "e\u{301}", "😀", "👍🏽", "❤️", "❤", "🇫🇷", "1️⃣", "👨‍👩‍👧", "’", "“", "…", "！", "http://", "https://a.b/",
        "www.", ".com", "n't", "dont", "cannot", "xD", ":)", ":-(", "<3", "#fail", "@ana", "sooo", "Café", "but",
        "however", "10:30", "$20", "20%", "1,000", "3.5", "שלום", "مرحبا", "我", "ｗ", "i'm", "it's", "www.foo.org",
    ]

    static let pieceText = Gen<String?>.element(of: pieces).map { $0! }.array(of: 0...24).map { $0.joined() }

    /// Random scalars, weighted towards ASCII, combining marks, emoji and joiners.
    static let scalarText = Gen<UInt32>.value(in: 0...0x10FFFF).array(of: 0...40).map { values in
        var view = String.UnicodeScalarView()
        for value in values {
            let mapped: UInt32
            switch value % 6 {
            case 0: mapped = value % 0x80
            case 1: mapped = 0x300 + value % 0x70
            case 2: mapped = 0x1F300 + value % 0x700
            case 3: mapped = [0x200D, 0xFE0F, 0x20E3, 0x1F3FB, 0x1F1E6, 0xE0067, 0x26, 0x5C, 0x2019][Int(value % 9)]
            default: mapped = value
            }
            view.append(Unicode.Scalar(mapped) ?? "?")
        }
        return String(view)
    }

    static let byteText = Gen<UInt8>.value(in: 0...255).array(of: 0...64).map { String(decoding: $0, as: UTF8.self) }

    static func checkInvariants(_ text: String) {
        let tokens = Tokenizer.tokenize(text)
        let count = text.unicodeScalars.count
        var previousEnd = 0
        var previousClause = 0
        for token in tokens {
            #expect(token.start >= previousEnd, "overlap in \(text.debugDescription)")
            #expect(token.start < token.end && token.end <= count, "bad range in \(text.debugDescription)")
            #expect(!token.text.isEmpty, "empty text in \(text.debugDescription)")
            #expect(token.clause == previousClause || token.clause == previousClause + 1)
            previousEnd = token.end
            previousClause = token.clause
        }
        // Tokenizing is deterministic.
        #expect(Tokenizer.tokenize(text) == tokens)
    }

    @Test func invariantsOnSocialText() async {
        await propertyCheck(count: 400, input: Self.pieceText) { Self.checkInvariants($0) }
    }

    @Test func invariantsOnRandomScalars() async {
        await propertyCheck(count: 400, input: Self.scalarText) { Self.checkInvariants($0) }
    }

    @Test func invariantsOnLossilyDecodedBytes() async {
        await propertyCheck(count: 400, input: Self.byteText) { Self.checkInvariants($0) }
    }

    @Test func entitiesMapBackToTheirOriginalRange() async {
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#128512;", "\\u2026", "&nbsp;"]
        let gen = Gen<String?>.element(of: Self.pieces + entities).map { $0! }.array(of: 0...20).map { $0.joined() }
        await propertyCheck(count: 300, input: gen) { text in
            Self.checkInvariants(text)
            // Every token's original slice contains no partial entity: it starts and ends on a boundary of the
            // decoded text, so tokenizing the slice alone gives a token with the same text.
            for token in Tokenizer.tokenize(text) where token.kind != .punctuation {
                let alone = Tokenizer.tokenize(TextTestSupport.source(of: token, in: text))
                #expect(alone.first?.start == 0, "\(text.debugDescription)")
            }
        }
    }

    @Test func caseAndWhitespaceDoNotChangeTexts() async {
        await propertyCheck(count: 400, input: Self.pieceText) { text in
            let texts = TextTestSupport.texts(text)
            #expect(TextTestSupport.texts(text.uppercased()) == texts, "uppercased \(text.debugDescription)")
            var spaced = "  "
            for character in text {
                spaced.append(character)
                if character == " " || character == "\n" || character == "\t" { spaced.append(" \t") }
            }
            spaced.append(" \n ")
            #expect(TextTestSupport.texts(spaced) == texts, "spaced \(text.debugDescription)")
        }
    }
}
