import Testing
@testable import Rapport

/// In the keyed entry index (the oracle of the automaton, `CompiledMatcher.referenceHits`), an entry whose
/// first op is a busy list is keyed by a later word or prefix instead; the matcher must find exactly what
/// it finds without the crowd, spans included.
@Suite struct MatcherKeyingTests {
    static let targets = """
          - id: target.refund
            label: complaint
            match: ["<things> {0,3} refund"]
          - id: target.prefix
            label: question
            match: ["<things> * cancel*"]
          - id: target.alternatives
            label: complaint
            match: ["<things> {0,2} [money back|refunded|my refund]"]
        """

    /// The target rules, after `crowd` rules that also start with `<things>` (they load its keys).
    static func engine(crowd: Int) throws -> Engine {
        var text = "rapport: 1\nlists:\n  things: [order, package, parcel, \"gift card\"]\nrules:\n"
        for index in 0..<crowd {
            // A class is never a key, so these stay keyed by the list and load its words (each gap is
            // different: identical patterns would share one entry).
            text += "  - id: crowd.r\(index)\n    label: praise\n    match: [\"<things> {\(index % 5),\(index % 5 + index / 5 % 6)} <number>\"]\n"
        }
        text += targets + "\n"
        return try Engine(
            pack: RulePack.load(files: [(name: "keying.yaml", text: text)]), options: Engine.Options(), prefilter: true,
            keyedIndex: true)
    }

    static let comments = [
        "the order for my refund", "order refund", "my package a b c refund", "my package a b c d refund",
        "gift card then refund please", "refund my order", "order, parcel and then a refund",
        "can my order be cancelled", "the parcel x cancel now", "parcel cancellation", "gift card x cancelling",
        "order refund order x y refund", "Refund? ORDER... refund!", "order my money back", "the parcel a b refunded",
        "gift card my refund", "parcel a b c money back", "money back order money back",
    ]

    @Test func laterKeysAreUsedWhenTheFirstListIsBusy() throws {
        // Alone, only the prefix (one position after the list) is cheaper than the list's four words;
        // `refund`, anywhere in a four-token window, is not. Crowded, the list is busy and all three move
        // (the last to the first words of its alternatives).
        let alone = try Self.engine(crowd: 0)
        #expect(alone.compiled.matcher.keyedIndex!.entries.filter { $0.keyMax > 0 }.count == 1)
        let crowded = try Self.engine(crowd: 40)
        #expect(crowded.compiled.matcher.keyedIndex!.entries.filter { $0.keyMax > 0 }.count == 3)
    }

    @Test func laterKeysFindTheSameSpans() throws {
        let crowded = try Self.engine(crowd: 40)
        let alone = try Self.engine(crowd: 0)
        for text in Self.comments {
            let comment = Comment(id: "1", text: text)
            let expected = alone.classify(comment).spans.filter { $0.rule.hasPrefix("target.") }
            let found = crowded.classify(comment).spans.filter { $0.rule.hasPrefix("target.") }
            #expect(found == expected, "\(text)")
        }
    }

    @Test func windowEdges() throws {
        let engine = try Self.engine(crowd: 40)
        func spans(_ text: String) -> [String] {
            engine.classify(Comment(id: "1", text: text)).spans.filter { $0.rule.hasPrefix("target.") }.map(\.text)
        }
        #expect(spans("my package a b c refund") == ["package a b c refund"])
        #expect(spans("my package a b c d refund").isEmpty)
        #expect(spans("gift card then refund please") == ["gift card then refund"])
        #expect(spans("the parcel x cancelling now") == ["parcel x cancelling"])
        #expect(spans("parcel cancel").isEmpty)
    }
}
