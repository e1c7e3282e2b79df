import Testing

@testable import Rapport

/// Care rules: a rule with a `reply` or a `route` and neither a label nor an escalation scores nothing,
/// routes the comment when it has a route, and offers its replies first, whatever the label; a rule's
/// escalation and a critical handoff speak before it, the learned model's borrowed route reply after it.
@Suite("Care rules")
struct CareRuleTests {
    static let pack = """
        rapport: 1
        pack: {name: care-test}
        replies:
          complaint: ["Sorry about that."]
          question: ["Good question."]
          praise: ["Thank you!"]
          handoff: ["A person will contact you today."]
        rules:
          - id: care.loss
            route: vulnerable
            tags: [bereavement]
            match: ["passed away"]
            reply: ["We're so sorry for your loss."]
          - id: complaint.broken
            label: complaint
            weight: 2
            match: [broken]
            reply: ["Sorry it's broken."]
          - id: question.how
            label: question
            weight: 2
            match: ["how do i"]
          - id: praise.thanks
            label: praise
            weight: 2
            match: ["thank you"]
          - id: escalate.legal
            label: complaint
            weight: 2
            match: [lawyer]
            escalate: {level: high, route: legal, reason: Legal}
            reply: ["Our legal team will be in touch."]
          - id: escalate.crisis
            match: ["end it all"]
            escalate: {level: critical, route: crisis, reason: Crisis}
        escalation_model:
          at: 0.8
          routes: [churn]
          bias: {escalate: -3, churn: 0}
          terms: |
            # term      escalate   churn
            leaving          5.0     2.0
        """

    static func engine(_ text: String = pack) throws -> Engine {
        try Engine(pack: try LexiconTests.load(["a.yaml": text]))
    }

    @Test func scoresNothingAndRoutes() throws {
        let engine = try Self.engine()
        let verdict = engine.classify(Comment(id: "1", text: "my dad passed away"))
        #expect(verdict.label == .other)
        #expect(verdict.scores.values.allSatisfy { $0 == 0 })
        #expect(verdict.escalation == nil)
        #expect(verdict.route == "vulnerable")
        #expect(verdict.tags == ["bereavement"])
        #expect(verdict.suggestions.first == "We're so sorry for your loss.")
    }

    @Test func itsReplyComesFirstWhateverTheLabel() throws {
        let engine = try Self.engine()
        let cases: [(String, Label, String)] = [
            ("my dad passed away and the phone is broken", .complaint, "Sorry it's broken."),
            ("my dad passed away, how do I close his account", .question, "Good question."),
            ("my dad passed away, thank you for your kindness", .praise, "Thank you!"),
        ]
        for (text, label, labelReply) in cases {
            let verdict = engine.classify(Comment(id: "1", text: text))
            #expect(verdict.label == label, "\(text)")
            #expect(verdict.suggestions.first == "We're so sorry for your loss.", "\(text)")
            #expect(verdict.suggestions.contains(labelReply) || verdict.suggestions.contains("Sorry it's broken."), "\(text)")
        }
        // Without the care rule the label's replies come first, as before.
        let without = engine.classify(Comment(id: "2", text: "the phone is broken"))
        #expect(without.suggestions.first == "Sorry it's broken.")
        #expect(without.route == nil)
    }

    @Test func aRulesEscalationSpeaksFirstTheModelsAfter() throws {
        let engine = try Self.engine()
        let legal = engine.classify(Comment(id: "1", text: "my dad passed away and my lawyer is involved"))
        #expect(legal.escalation?.route == "legal")
        #expect(legal.suggestions.prefix(2) == ["Our legal team will be in touch.", "We're so sorry for your loss."])
        // The model's escalation keeps its flag, but the care rule that fired speaks first.
        let model = engine.classify(Comment(id: "2", text: "my dad passed away, leaving"))
        #expect(model.escalation?.route == "churn")
        #expect(model.suggestions.first == "We're so sorry for your loss.")
        // A critical escalation's handoff replaces every other reply.
        let crisis = engine.classify(Comment(id: "3", text: "my dad passed away and I want to end it all"))
        #expect(crisis.escalation?.level == .critical)
        #expect(crisis.suggestions == ["A person will contact you today."])
    }

    @Test func aCareRuleNeedsNoRoute() throws {
        let engine = try Self.engine(
            """
            rapport: 1
            replies:
              question: ["Good question."]
            rules:
              - id: care.loss
                match: ["passed away"]
                reply: ["We're so sorry for your loss."]
              - id: question.how
                label: question
                weight: 2
                match: ["how do i"]
            """)
        let verdict = engine.classify(Comment(id: "1", text: "my dad passed away, how do I close his account"))
        #expect(verdict.label == .question)
        #expect(verdict.route == nil && verdict.tags == nil)
        #expect(verdict.suggestions == ["We're so sorry for your loss.", "Good question."])
    }

    @Test func aRuleWithNoLabelEscalationReplyOrRouteIsAnError() {
        let errors = LexiconTests.errors([
            "a.yaml": """
            rapport: 1
            rules:
              - id: x
                match: [hello]
            """
        ])
        #expect(errors.map(\.message) == ["rule 'x' needs a 'label' or an 'escalate' (or, as a care rule, a 'reply' or a 'route')"])
    }

    @Test func aCareRuleCannotHaveAWeight() {
        let errors = LexiconTests.errors([
            "a.yaml": """
            rapport: 1
            rules:
              - id: care.x
                route: vulnerable
                weight: 2
                match: [hello]
            """
        ])
        #expect(errors.map(\.message) == ["rule 'care.x' has no label, so its weight would count for nothing"])
    }
}
