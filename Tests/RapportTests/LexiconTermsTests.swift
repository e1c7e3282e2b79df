import Testing

@testable import Rapport

/// The lexicon's term lookup (term indices gathered on the stack and sorted there) finds what a reference
/// written the simple way finds: every one-word term whose word is a token and every two-word term whose
/// words are two adjacent tokens (no mention, URL or number among them), each once, ascending.
@Suite struct LexiconTermsTests {
    @Test func termsAreTheReferenceTerms() throws {
        let engine = Engine.default
        let lexicon = try #require(engine.compiled.lexicon)
        let terms = try #require(engine.pack.lexicon).terms
        let vocabulary = engine.compiled.matcher.vocabulary
        func id(_ word: String) -> Int32 {
            let bytes = Array(word.utf8)
            var hits: [Int32] = []
            return bytes.withUnsafeBufferPointer { vocabulary.lookup($0, prefixHits: &hits) }
        }
        let termIDs = terms.map { $0.words.map(id) }
        let words = terms.flatMap(\.words) + ["@ana", "42", ",", "https://x.org", "zzz", "!"]
        var seed: UInt64 = 7
        for length in (0..<400).map({ $0 % 60 }) {
            var text: [String] = []
            for _ in 0..<length {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(words[Int(seed >> 33) % words.count])
            }
            let stream = TokenStream(text: text.joined(separator: " "), vocabulary: vocabulary)
            let usable = (0..<stream.count).map { position in
                stream.ids[position] >= 0
                    && ![KindCode.mention, KindCode.url, KindCode.number].contains(stream.kinds[position])
            }
            var expected: [Int32] = []
            for (index, ids) in termIDs.enumerated() {
                let found =
                    ids.count == 1
                    ? (0..<stream.count).contains { usable[$0] && stream.ids[$0] == ids[0] }
                    : (0..<max(stream.count - 1, 0)).contains {
                        usable[$0] && usable[$0 + 1] && stream.ids[$0] == ids[0] && stream.ids[$0 + 1] == ids[1]
                    }
                if found { expected.append(Int32(index)) }
            }
            var found: [Int32] = [99]
            lexicon.terms(in: stream, into: &found)
            #expect(found == expected, "\(text)")
        }
    }
}
