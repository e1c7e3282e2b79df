import Testing

@testable import Rapport

/// `resolves: true` on a praise rule: the problem the comment tells of was put right, so on a praise
/// verdict praise's own replies stand although complaint rules fired ("thought it was lost but it turned
/// up, all good" must not hear "sorry it hasn't turned up").
@Suite("Praise that resolves a problem")
struct ResolvesTests {
    static func pack(resolves: Bool) -> String {
        """
        rapport: 1
        pack: {name: resolves-test}
        lists:
          negators: [not]
        replies:
          complaint: ["Sorry about that."]
          praise: ["Thank you!"]
          mixed: ["Thanks, and if anything still needs sorting, DM us."]
        rules:
          - id: complaint.lost
            label: complaint
            weight: 2.5
            match: [lost]
            reply: ["Sorry it hasn't turned up yet."]
          - id: praise.turned-up
            label: praise
            weight: 3
            resolves: \(resolves)
            match: ["turned up {0,3} all good"]
            reply: ["So glad it got sorted!"]
          - id: praise.love
            label: praise
            weight: 3
            match: ["love how"]
        """
    }

    static func engine(resolves: Bool) throws -> Engine {
        try Engine(pack: try LexiconTests.load(["a.yaml": pack(resolves: resolves)]))
    }

    @Test func aResolvingPraiseRuleKeepsPraisesReplies() throws {
        let text = "thought it was lost but it turned up this morning, all good"
        let resolved = try Self.engine(resolves: true).classify(Comment(id: "1", text: text))
        #expect(resolved.label == .praise)
        #expect(resolved.rules == ["complaint.lost", "praise.turned-up"])
        #expect(resolved.suggestions.first == "So glad it got sorted!")
        #expect(!resolved.suggestions.contains("Sorry it hasn't turned up yet."))
        // The same rule without `resolves`: the complaint rule that fired (praise 3 leads its 2.5 by less than
        // the default complaint_reply_margin of 1) turns the replies to complaint's.
        let redirected = try Self.engine(resolves: false).classify(Comment(id: "1", text: text))
        #expect(redirected.label == .praise)
        #expect(redirected.suggestions.first == "Sorry it hasn't turned up yet.")
    }

    @Test func otherPraiseStillTurnsToTheComplaint() throws {
        // Sarcasm ("love how you lost my bag") is not resolved: the complaint's replies, as before.
        let verdict = try Self.engine(resolves: true).classify(Comment(id: "1", text: "love how you lost my bag"))
        #expect(verdict.label == .praise)
        #expect(verdict.suggestions.first == "Sorry it hasn't turned up yet.")
    }

    @Test func explainSaysWhyPraisesRepliesStand() throws {
        let engine = try Self.engine(resolves: true)
        let explanation = engine.explain(Comment(id: "1", text: "thought it was lost but it turned up, all good"))
        #expect(explanation.praiseReply?.contains("rule praise.turned-up (praise, weight 3) fired, saying the problem was put right") == true)
    }

    @Test func onlyAPraiseRuleCanResolve() {
        let errors = LexiconTests.errors([
            "a.yaml": """
            rapport: 1
            rules:
              - id: complaint.x
                label: complaint
                resolves: true
                match: [hello]
              - id: praise.y
                label: praise
                resolves: yes please
                match: [hi]
            """
        ])
        #expect(
            errors.map(\.message) == [
                "rule 'complaint.x' resolves a problem, which only a praise rule can say",
                "'resolves' of rule 'praise.y' must be true or false, not a string",
            ])
    }

    @Test func packShowWritesItAndItLoadsAgain() throws {
        let pack = try LexiconTests.load(["a.yaml": Self.pack(resolves: true)])
        let printed = PackPrinter.yaml(pack)
        #expect(printed.contains("resolves: true"))
        let again = try LexiconTests.load(["a.yaml": printed])
        #expect(again.rules.first { $0.id == "praise.turned-up" }?.resolves == true)
        #expect(again.rules.first { $0.id == "praise.love" }?.resolves == false)
    }
}
