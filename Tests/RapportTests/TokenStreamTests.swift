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
        #expect(stream.starts == tokens.map(\.start))
        #expect(stream.ends == tokens.map(\.end))
        #expect(stream.count == 6)
    }
}
