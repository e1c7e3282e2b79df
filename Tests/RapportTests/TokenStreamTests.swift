import PropertyBased
import Testing
@testable import Rapport

/// The matcher's token stream is built straight from the tokenizer when classifying and from `Token`
/// values when explaining; both ways must give the same ids, variants, prefixes, kinds, clauses and offsets.
@Suite struct TokenStreamTests {
    /// A vocabulary that knows the default pack's words plus words, variants and prefixes the random
    /// pieces produce (so ids are not all -1).
    static let vocabularies: [Vocabulary] = {
        let extra = try! engine(
            [rule("r", .praise, match: ["<words>", "so*", "caf*", "n't", "#fail", "@ana"])],
            lists: [
                "words": [
                    "so", "soo", "👍", "👍🏽", "❤", "cafe", "but", "do", "can", "not", "i'm",
                    "10:30", "$20", "1000", "xd", ":)", "<3", "www.foo.org", "...", "?", "!",
                    "שלום", "我", "w", "e",
                ]
            ])
        return [Engine.default.compiled.matcher.vocabulary, extra.compiled.matcher.vocabulary]
    }()

    static func checkSameStream(_ text: String) {
        for vocabulary in vocabularies {
            let direct = TokenStream(text: text, vocabulary: vocabulary)
            let viaTokens = TokenStream(tokens: Tokenizer.tokenize(text), vocabulary: vocabulary)
            #expect(direct == viaTokens, "\(text.debugDescription)")
        }
    }

    @Test func sameStreamOnSocialText() async {
        await propertyCheck(count: 300, input: TokenizerPropertyTests.pieceText) { Self.checkSameStream($0) }
    }

    @Test func sameStreamOnRandomScalars() async {
        await propertyCheck(count: 300, input: TokenizerPropertyTests.scalarText) { Self.checkSameStream($0) }
    }

    @Test func sameStreamOnLossilyDecodedBytes() async {
        await propertyCheck(count: 300, input: TokenizerPropertyTests.byteText) { Self.checkSameStream($0) }
    }

    @Test func sameStreamOnHandPickedText() {
        for text in [
            "", "sooooo good 👍🏽 but NOT my café!!", "I can't &amp; won't, @ana #Fail www.foo.org 10:30 $20",
            "&#128077;&#127997; \\u2026 cannot dont", "Ｆｕｌｌ ｗｉｄｔｈ ＣＡＦÉ", String(repeating: "sooo ", count: 500),
        ] {
            Self.checkSameStream(text)
        }
    }

    @Test func streamCarriesTheTokenOffsets() {
        let text = "Où est mon colis?? 📦"
        let stream = TokenStream(text: text, vocabulary: Self.vocabularies[0])
        let tokens = Tokenizer.tokenize(text)
        #expect(Array(stream.starts) == tokens.map(\.start))
        #expect(Array(stream.ends) == tokens.map(\.end))
        #expect(stream.count == 6)
    }
}

extension TokenStreamTests {
    /// A stream refilled comment after comment (its columns reused, grown when a comment needs more rows
    /// or prefix hits) holds what a new stream of the same text holds; a copy keeps its tokens when the
    /// original is refilled.
    @Test func refilledStreamsAreFreshStreams() {
        let texts = [
            "", "so good", String(repeating: "soooo caf\u{E9} dont ", count: 40), "a", "@ana @bo hi :) 👍🏽",
            String(repeating: "x", count: 300), "cannot wait!!", String(repeating: "a b, c! ", count: 90), "",
        ]
        for vocabulary in Self.vocabularies {
            var reused = TokenStream(capacity: 0)
            var kept: (stream: TokenStream, text: String)?
            for (index, text) in texts.enumerated() {
                reused.fill(text: text, reader: Vocabulary.Reader(vocabulary.table))
                #expect(reused == TokenStream(text: text, vocabulary: vocabulary), "\(text.debugDescription)")
                if let kept {
                    #expect(kept.stream == TokenStream(text: kept.text, vocabulary: vocabulary))
                }
                // Every third stream is copied before the next fill (which then gets columns of its own).
                kept = index % 3 == 0 ? (reused, text) : nil
            }
        }
    }
}
