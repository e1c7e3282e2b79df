import Testing

@testable import Rapport

/// The lexicon's term lookup (term indices marked in a bitmap on the stack and read back in order) finds what a reference
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

    /// The bitmap lists what was inserted, each once, ascending, for term counts of one summary word and of
    /// several (more than 4,096 terms), with words reused from an earlier set (uninitialized storage is
    /// simulated by filling it with ones first), and with no term at all.
    @Test func bitmapListsInsertedTermsAscendingOnce() {
        var seed: UInt64 = 11
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % bound
        }
        for termCount in [1, 63, 64, 65, 3_491, 4_096, 4_097, 9_000, 300_000] {
            let layout = TermBitmap.Layout(termCount: termCount)
            let storage = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: layout.capacity)
            defer { storage.deallocate() }
            storage.initialize(repeating: .max)
            for round in 0..<40 {
                var bitmap = TermBitmap(storage, layout)
                let size = round == 0 ? 0 : next(40)
                // Near one another (shared words) or spread over all terms, with repeats.
                let values = (0..<size).map { _ in Int32(round % 2 == 0 ? next(min(termCount, 200)) : next(termCount)) }
                for value in values + values.prefix(size / 3) { bitmap.insert(value) }
                #expect(bitmap.isEmpty == values.isEmpty)
                let out = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(2 * size, 1))
                defer { out.deallocate() }
                let listed = bitmap.list(into: out)
                #expect(Array(out[0..<listed]) == Array(Set(values)).sorted(), "\(termCount) terms, round \(round)")
            }
        }
    }
}
