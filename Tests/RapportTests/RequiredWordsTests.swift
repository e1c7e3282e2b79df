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
        #expect(context.presence.touched.isEmpty)
        #expect(context.presence.bits.allSatisfy { $0 == 0 }, "the bitset is cleared after each comment")
        #expect(!context.presence.groups.isEmpty)
    }
}
