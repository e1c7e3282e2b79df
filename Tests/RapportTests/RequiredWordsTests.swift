import PropertyBased
import Testing
@testable import Rapport

/// The matcher skips an entry when the comment lacks every word of a required part of its pattern.
/// That may only save work: hits and verdicts must be exactly those of a matcher that runs every entry.
@Suite struct RequiredWordsTests {
    static let filtered = Engine.default
    static let unfiltered = try! Engine(pack: .default, options: Engine.Options(), prefilter: false)

    /// Words of the default pack's lists and rules, mixed with filler, so that patterns often match.
    static let pieces: [String] = [
        "you", "you guys", "are", "is", "so", "very", "really", "amazing", "great", "good", "love", "not", "never",
        "my", "order", "parcel", "package", "still", "hasn't", "arrived", "where", "is", "?", "!", ".", ",", "the",
        "app", "keeps", "crashing", "won't", "load", "staff", "was", "rude", "thanks", "for", "the", "delay",
        "refund", "charged", "twice", "lawyer", "sue", "@ana", "#fail", "😡", "👍", "soooo", "but", "can't", "log in",
        "customer service", "best", "worst", "ever", "how", "do", "i", "cancel", "please", "help", "x", "y", "z",
    ]
    static let comments = Gen<String?>.element(of: pieces).map { $0! }.array(of: 1...18).map { $0.joined(separator: " ") }

    @Test func sameHitsAsRunningEveryEntry() async {
        await propertyCheck(count: 500, input: Self.comments) { text in
            let stream = TokenStream(text: text, vocabulary: Self.filtered.compiled.matcher.vocabulary)
            #expect(
                Self.filtered.compiled.matcher.hits(in: stream) == Self.unfiltered.compiled.matcher.hits(in: stream),
                "\(text)")
        }
    }

    @Test func sameVerdictsAsRunningEveryEntry() async {
        await propertyCheck(count: 300, input: Self.comments) { text in
            let comment = Comment(id: "p", text: text)
            #expect(Self.filtered.classify(comment) == Self.unfiltered.classify(comment), "\(text)")
        }
    }

    @Test func theDefaultPackHasPrefilteredEntries() {
        // Not a speed test: it only checks the prefilter is in use at all for the default pack.
        let stream = TokenStream(text: "you are so nice", vocabulary: Self.filtered.compiled.matcher.vocabulary)
        var context = MatchContext()
        var hits: [RawHit] = []
        Self.filtered.compiled.matcher.hits(in: stream, into: &hits, context: &context)
        #expect(context.presence.comment == 1)
        #expect(!context.presence.parts.isEmpty)
    }

    /// The steps the matcher spends on `text`, and its hits, with a pack of `patterns`.
    static func run(_ patterns: [String], _ text: String, prefilter: Bool) throws -> (steps: Int, hits: [RawHit]) {
        let rules = patterns.enumerated().map { index, pattern in
            "  - id: r\(index)\n    label: complaint\n    match: [\"\(pattern)\"]\n"
        }
        let yaml = "rapport: 1\nlists:\n  thing: [order, parcel]\nrules:\n" + rules.joined()
        let engine = try Engine(
            pack: RulePack.load(files: [(name: "parts.yaml", text: yaml)]), options: Engine.Options(), prefilter: prefilter)
        let matcher = engine.compiled.matcher
        var context = MatchContext()
        var hits: [RawHit] = []
        matcher.hits(in: TokenStream(text: text, vocabulary: matcher.vocabulary), into: &hits, context: &context)
        return (context.steps, hits)
    }

    @Test func anEntryRunsOnlyWhenAllItsRequiredPartsOccurred() throws {
        // Keyed by one of its words, the entry needs its other literal parts too (a word, a prefix, a
        // list, alternatives): with one of them missing from the comment it is not run at all.
        let patterns = ["my <thing> {0,2} [is|was] refund* late"]
        for text in ["my order is refunded", "my order was late", "my order late refund", "my parcel refunded late"] {
            let filtered = try Self.run(patterns, text, prefilter: true)
            #expect(filtered.steps == 0 && filtered.hits.isEmpty, "\(text)")
            #expect(try Self.run(patterns, text, prefilter: false).steps > 0, "\(text): the entry runs unfiltered")
        }
        // All parts present: it runs, and matches where they stand in order.
        let found = try Self.run(patterns, "my parcel was refunded late", prefilter: true)
        #expect(found.steps > 0)
        #expect(found.hits == [RawHit(pattern: 0, start: 0, end: 5)])
        #expect(try Self.run(patterns, "late refunded was parcel my", prefilter: true).hits.isEmpty)
    }
}

/// The terms that belong to the most parts (heavy terms) mark no part: a part that was not marked occurred
/// when one of its heavy terms did. Whichever terms are heavy, every part must occur exactly when one of its
/// terms is in the comment. And `listPresent` lists only the parts of the automaton's wide nodes, in the
/// order the list of every part has them.
@Suite struct RequiredWordsRound29Tests {
    static let matcher = Engine.default.compiled.matcher

    /// The default pack's required parts again, with at most `heavyTerms` heavy terms.
    static func required(heavyTerms: Int, listed: [Int32]? = nil) -> RequiredWords {
        let required = matcher.required
        let parts = (0..<required.partCount).map { part in
            Array(required.terms[Int(required.partStart[part])..<Int(required.partStart[part + 1])])
        }
        return RequiredWords(
            parts: parts, entryParts: required.entryParts, wordCount: Int(matcher.vocabulary.wordCount),
            prefixCount: Int(matcher.vocabulary.prefixCount), heavyTerms: heavyTerms, listed: listed)
    }

    static let variants = [0, 1, 7, RequiredWords.maxHeavyTerms, 1_000].map { (heavyTerms: $0, required: required(heavyTerms: $0)) }

    @Test func theDefaultPackHasHeavyTerms() {
        #expect(Self.matcher.required.partBits.contains { $0 != 0 })
        #expect(Self.required(heavyTerms: 0).partBits.allSatisfy { $0 == 0 })
        // Never more than one bit per term of a `UInt64`.
        let bits = Self.required(heavyTerms: 1_000).partBits.reduce(0, |)
        #expect(bits.nonzeroBitCount == RequiredWords.maxHeavyTerms)
    }

    @Test func everyPartOccursWhenOneOfItsTermsDoes() async {
        // One presence per variant, reused from comment to comment as the engine does.
        var presences = [RequiredWords.Presence](repeating: RequiredWords.Presence(), count: Self.variants.count)
        await propertyCheck(count: 300, input: RequiredWordsTests.comments) { text in
            let stream = TokenStream(text: text, vocabulary: Self.matcher.vocabulary)
            let wordCount = Self.matcher.vocabulary.wordCount
            let terms = Set(Array(stream.ids) + Array(stream.variantIds) + stream.prefixHits.map { wordCount + $0 })
            for (index, variant) in Self.variants.enumerated() {
                let required = variant.required
                required.prepare(&presences[index], for: stream)
                for part in 0..<required.partCount {
                    let expected = required.terms[Int(required.partStart[part])..<Int(required.partStart[part + 1])]
                        .contains { terms.contains($0) }
                    #expect(
                        required.allows(part: part, presences[index]) == expected,
                        "part \(part) with \(variant.heavyTerms) heavy terms on \(text)")
                }
            }
        }
    }

    @Test func wideNodesListTheirPartsInTheOrderOfAllParts() async {
        let wideParts = Self.matcher.automaton.wideParts
        #expect(!wideParts.isEmpty, "the default pack has wide automaton nodes")
        let all = Self.required(heavyTerms: RequiredWords.maxHeavyTerms)
        let wide = Set(wideParts)
        var allPresence = RequiredWords.Presence(), listedPresence = RequiredWords.Presence()
        await propertyCheck(count: 300, input: RequiredWordsTests.comments) { text in
            let stream = TokenStream(text: text, vocabulary: Self.matcher.vocabulary)
            all.prepare(&allPresence, for: stream)
            Self.matcher.required.prepare(&listedPresence, for: stream)
            Self.matcher.withView(stream) { view in
                all.listPresent(&allPresence, for: view)
                Self.matcher.required.listPresent(&listedPresence, for: view)
            }
            let expected = allPresence.present[0..<allPresence.presentCount].filter { wide.contains($0) }
            #expect(Array(listedPresence.present[0..<listedPresence.presentCount]) == expected, "\(text)")
        }
    }
}
