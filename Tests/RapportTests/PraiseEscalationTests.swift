import Testing

@testable import Rapport

/// The pack setting `praise_escalates`: on a comment labelled praise, only the escalations on the routes
/// it lists are raised, whether a rule or the escalation model raised them; `explain` says what was held.
@Suite("Escalations on praise")
struct PraiseEscalationTests {
    static func pack(_ setting: String) -> String {
        """
        rapport: 1
        pack: {name: t\(setting)}
        lists:
          negators: [not]
        rules:
          - id: praise.love
            label: praise
            weight: 3
            match: [love]
            reply: ["That made our day!"]
          - id: escalate.churn
            label: complaint
            weight: 1
            match: [switched]
            escalate: {level: medium, route: churn, reason: Customer may leave}
          - id: escalate.crisis
            label: complaint
            weight: 1
            match: [goodbye]
            escalate: {level: critical, route: crisis, reason: Crisis language}
        escalation_model:
          at: 0.8
          routes: [security]
          bias: {escalate: -3, security: 0}
          terms: |
            # term      escalate   security
            hacked           5.0        2.0
        """
    }

    static func engine(_ setting: String) throws -> Engine {
        try Engine(pack: try LexiconTests.load(["a.yaml": pack(setting)]))
    }

    @Test func withoutTheSettingEveryRouteStandsOnPraise() throws {
        let engine = try Self.engine("")
        let churn = engine.classify(Comment(id: "1", text: "switched and love it"))
        #expect(churn.label == .praise)
        #expect(churn.escalation?.route == "churn")
        #expect(engine.classify(Comment(id: "2", text: "love it, hacked")).escalation?.route == "security")
    }

    @Test func onlyTheListedRoutesStandOnPraise() throws {
        let engine = try Self.engine(", praise_escalates: [crisis]")
        // A rule's escalation on another route is held (the rule still fired and scored).
        let churn = engine.classify(Comment(id: "1", text: "switched and love it"))
        #expect(churn.label == .praise)
        #expect(churn.escalation == nil)
        #expect(churn.rules == ["praise.love", "escalate.churn"])
        // The model's escalation is held the same way.
        let model = engine.classify(Comment(id: "2", text: "love it, hacked"))
        #expect(model.label == .praise && model.escalation == nil)
        // A listed route stands, and when two rules escalate only the listed one is raised.
        let both = engine.classify(Comment(id: "3", text: "love you all, switched, goodbye"))
        #expect(both.label == .praise)
        #expect(both.escalation?.route == "crisis")
        #expect(both.escalation?.routes == nil)
        #expect(both.escalation?.reasons == ["Crisis language"])
        // Not praise: every route as before.
        let complaint = engine.classify(Comment(id: "4", text: "switched"))
        #expect(complaint.label == .complaint && complaint.escalation?.route == "churn")
        #expect(engine.classify(Comment(id: "5", text: "hacked")).escalation?.route == "security")
    }

    @Test func anEmptyListHoldsEveryEscalationOnPraise() throws {
        let engine = try Self.engine(", praise_escalates: []")
        #expect(engine.classify(Comment(id: "1", text: "love you all, goodbye")).escalation == nil)
        #expect(engine.classify(Comment(id: "2", text: "goodbye")).escalation?.route == "crisis")
    }

    @Test func explainSaysWhichEscalationWasHeldAndWhy() throws {
        let engine = try Self.engine(", praise_escalates: [crisis]")
        #expect(
            engine.explain(Comment(id: "1", text: "switched and love it")).praiseEscalation
                == "not escalated (medium → churn: Customer may leave): the comment is labelled praise and praise_escalates lists only crisis")
        let model = try #require(engine.explain(Comment(id: "2", text: "love it, hacked")).praiseEscalation)
        #expect(model.hasPrefix("not escalated (high → security: Learned: reads like a security case"))
        #expect(engine.explain(Comment(id: "3", text: "love you, goodbye")).praiseEscalation == nil)
        #expect(engine.explain(Comment(id: "4", text: "switched")).praiseEscalation == nil)
        let none = try Self.engine(", praise_escalates: []")
        #expect(none.explain(Comment(id: "5", text: "love, goodbye")).praiseEscalation?.hasSuffix("praise_escalates lists no route") == true)
    }

    @Test func aRouteListThatIsNotAListIsAnErrorAtItsPlace() throws {
        let errors = LexiconTests.errors([
            "a.yaml": "rapport: 1\npack: {name: t, praise_escalates: crisis}\nrules:\n  - {id: p.love, label: praise, match: [love]}\n"
        ])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.code == .wrongType)
        #expect(error.message == "'praise_escalates' in 'pack' must be a list of routes, not a string")
        #expect((error.line, error.column) == (2, 35))
        let twice = LexiconTests.errors([
            "a.yaml": "rapport: 1\npack: {name: t, praise_escalates: [crisis, crisis]}\nrules:\n  - {id: p.love, label: praise, match: [love]}\n"
        ])
        #expect(twice.map(\.message) == ["route 'crisis' appears twice in 'praise_escalates' in 'pack'"])
    }

    @Test func theDefaultPackKeepsOnlyCrisisOnPraise() throws {
        let engine = try Engine.load(paths: [], overDefault: true)
        #expect(engine.pack.settings.praiseEscalates == ["crisis"])
        let farewell = engine.classify(Comment(id: "1", text: "Thank you for all the music over the years. I won't be around much longer, goodbye everyone"))
        #expect(farewell.escalation?.route == "crisis")
    }
}

extension PraiseEscalationTests {
    @Test func packShowPrintsTheSettingAndItLoadsBack() throws {
        let pack = try LexiconTests.load(["a.yaml": Self.pack(", praise_escalates: [crisis, safety]")])
        let printed = PackPrinter.yaml(pack)
        #expect(printed.contains("praise_escalates"))
        #expect(try LexiconTests.load(["pack.yaml": printed]).settings.praiseEscalates == ["crisis", "safety"])
        #expect(!PackPrinter.yaml(try LexiconTests.load(["a.yaml": Self.pack("")])).contains("praise_escalates"))
    }
}
