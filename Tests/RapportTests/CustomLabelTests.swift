import Testing
@testable import Rapport

/// A pack's own labels (`labels:`): declaring them, using them in rules, precedence, replies, cases
/// and `when`, the errors of each at file:line:column, how they compete in the decision, and the
/// tags and route rules give the verdict.
@Suite("Custom labels, tags and routes")
struct CustomLabelTests {
    static func layer(_ name: String, _ text: String) -> PackLayer {
        PackLayer(name: name, files: [(name: "\(name).yaml", text: "rapport: 1\n" + text)])
    }

    static func engine(_ layers: PackLayer...) throws -> Engine {
        try Engine(pack: RulePack.load(layers: layers, overDefault: false))
    }

    static func errors(_ layers: PackLayer...) -> [String] {
        do throws(RulePackError) {
            _ = try RulePack.load(layers: layers, overDefault: false)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static let base = layer(
        "base",
        """
        labels: [outage, lead]
        replies:
          outage: ["We know about the outage, {author|there}."]
        rules:
          - id: outage.down
            label: outage
            weight: 2
            match: ["network down"]
            tags: [network, incident]
            route: noc
          - id: complaint.broken
            label: complaint
            weight: 2
            match: ["broken"]
            tags: [product]
            route: repairs
          - id: lead.join
            label: lead
            weight: 1.5
            match: ["join you"]
            tags: [sales]
          - id: escalate.lawyer
            label: complaint
            match: ["lawyer"]
            escalate: {level: high, route: legal, reason: Legal threat}
        """)

    @Test func aCustomLabelWinsOnTheHighestScoreAndGetsItsDefaultReplies() throws {
        let engine = try Self.engine(Self.base)
        #expect(engine.pack.labels == [Label(rawValue: "outage"), Label(rawValue: "lead")])
        #expect(engine.pack.scoredLabels.map(\.rawValue) == ["complaint", "question", "praise", "outage", "lead"])
        let verdict = engine.classify(Comment(id: "1", text: "network down since noon", author: "ana"))
        #expect(verdict.label.rawValue == "outage")
        #expect(verdict.scores == ["complaint": 0, "question": 0, "praise": 0, "outage": 2, "lead": 0])
        #expect(verdict.suggestions == ["We know about the outage, ana."])
        #expect(verdict.tags == ["incident", "network"] && verdict.route == "noc")
        // Below the threshold a custom label is `other`, as a built-in one is.
        let weak = try Self.engine(
            Self.layer("weak", "labels: [spam]\npack: {threshold: 2}\nrules:\n  - {id: spam.link, label: spam, weight: 1.5, match: [\"click here\"]}"))
        #expect(weak.classify(Comment(text: "click here")).label == .other)
    }

    @Test func tiesGoByPrecedenceAndUnlistedCustomLabelsComeAfterTheListedOnes() throws {
        // outage and complaint both score 2: the default precedence lists only the built-in labels,
        // so the complaint wins; a precedence that puts outage first gives outage.
        let plain = try Self.engine(Self.base)
        let both = Comment(text: "network down and the router is broken")
        #expect(plain.classify(both).label == .complaint)
        #expect(plain.explain(both).decision.precedence.map(\.rawValue) == ["complaint", "question", "praise", "outage", "lead"])
        let first = try Self.engine(Self.base, Self.layer("brand", "pack: {precedence: [outage, complaint]}"))
        #expect(first.classify(both).label.rawValue == "outage")
        #expect(first.explain(both).decision.reason == "outage ties with complaint at 2 and comes first in the precedence")
    }

    @Test func theBuiltInSlotsAreWhereLabelScoredPutsThem() {
        #expect(Label.scored[ScoreSlots.question] == .question && Label.scored[ScoreSlots.complaint] == .complaint)
        #expect(Label.scored[ScoreSlots.praise] == .praise)
        let slots = ScoreSlots(labels: Label.scored + [Label(rawValue: "outage")], precedence: [Label(rawValue: "outage"), .praise])
        #expect(slots.rank == [2, 3, 1, 0] && slots.tieOrder.map(\.rawValue) == ["outage", "praise", "complaint", "question"])
    }

    @Test func theLexiconAddsNothingToACustomLabel() throws {
        let lexicon = Self.layer(
            "lexicon",
            """
            lexicon:
              bias: {complaint: 0.5}
              terms:
                "down": {complaint: 1}
            """)
        let engine = try Self.engine(Self.base, lexicon)
        let verdict = engine.classify(Comment(text: "network down"))
        // 2 (the rule) for outage; 1.5 for complaint from the lexicon alone: outage wins on its rule.
        #expect(verdict.scores["outage"] == 2 && verdict.scores["complaint"] == 1.5)
        #expect(verdict.label.rawValue == "outage")
    }

    @Test func aHigherLayerAddsLabelsAndUsesTheLowerOnes() throws {
        let brand = Self.layer(
            "brand",
            """
            labels: [spam]
            rules:
              - id: spam.link
                label: spam
                weight: 3
                match: ["click here"]
              - id: escalate.spam-wave
                when: "label == spam and followers >= 1000"
                escalate: {level: low, route: trust, reason: Spam from a large account}
            cases:
              - {text: "click here for free data", label: spam}
            """)
        let engine = try Self.engine(Self.base, brand)
        #expect(engine.pack.labels.map(\.rawValue) == ["outage", "lead", "spam"])
        let spam = engine.classify(Comment(text: "click here for free data", fields: ["followers": .number(5000)]))
        #expect(spam.label.rawValue == "spam" && spam.escalation?.route == "trust")
        // A label of a higher layer is unknown below it.
        let lower = Self.layer("lower", "rules:\n  - {id: spam.x, label: spam, match: [x]}")
        let upper = Self.layer("upper", "labels: [spam]")
        #expect(
            Self.errors(lower, upper) == [
                "lower.yaml:3:25: error: unknown label 'spam' in rule 'spam.x'; labels are complaint, question, praise, other; declare a label of your own under 'labels:'"
            ])
    }

    @Test func labelErrorsNameTheirPlaceWithADidYouMean() throws {
        let bad = Self.layer(
            "bad",
            """
            labels: [outage, Spam, complaint, outage, handoff]
            pack: {precedence: [outtage, complaint]}
            replies:
              outages: ["Sorry."]
            rules:
              - id: outage.x
                label: outtage
                match: [x]
              - id: escalate.y
                when: "label == outtag"
                escalate: {level: low, route: noc, reason: test}
                route: noc
            cases:
              - {text: x, label: outag}
            """)
        #expect(
            Self.errors(bad) == [
                "bad.yaml:2:18: error: label name 'Spam' is not a plain lowercase name; start with a letter and use only lowercase letters, digits, '-' and '_'",
                "bad.yaml:2:24: error: 'complaint' is a built-in label; list only labels of your own; question, complaint, praise and other always exist",
                "bad.yaml:2:35: error: label 'outage' is declared twice (first at bad.yaml:2:10)",
                "bad.yaml:2:43: error: 'handoff' is the key of the hand-off replies; list only labels of your own; question, complaint, praise and other always exist",
                "bad.yaml:3:21: error: unknown label 'outtage' in 'precedence'; did you mean 'outage'?",
                "bad.yaml:5:3: error: unknown key 'outages' in 'replies'; did you mean 'outage'?",
                "bad.yaml:8:12: error: unknown label 'outtage' in rule 'outage.x'; did you mean 'outage'?",
                "bad.yaml:11:21: error: unknown label 'outtag' in 'when' of rule 'escalate.y'; did you mean 'outage'?",
                "bad.yaml:13:12: error: rule 'escalate.y' escalates, so its 'route' goes in 'escalate'; a rule-level 'route' is for rules that do not escalate",
                "bad.yaml:15:22: error: unknown label 'outag' in case #1; did you mean 'outage'?",
            ])
        // Two files of one layer may not both declare a label.
        let twice = PackLayer(
            name: "two",
            files: [
                (name: "a.yaml", text: "rapport: 1\nlabels: [outage]\nrules:\n  - {id: outage.x, label: outage, match: [x]}"),
                (name: "b.yaml", text: "rapport: 1\nlabels: [outage]"),
            ])
        #expect(Self.errors(twice) == ["b.yaml:2:10: error: label 'outage' is declared twice (first at a.yaml:2:10)"])
    }

    @Test func tagsAreTheSortedUnionAndTheRouteComesFromTheDecidedLabelsRule() throws {
        let engine = try Self.engine(Self.base)
        // Three rules fire; complaint and outage tie at 2 and the default precedence gives complaint.
        let verdict = engine.classify(Comment(text: "network down and the router is broken, I want to join you"))
        #expect(verdict.label == .complaint)
        #expect(verdict.tags == ["incident", "network", "product", "sales"])
        #expect(verdict.route == "repairs")
        // No fired rule with tags or a route: both nil, and an escalation keeps its own route.
        let legal = engine.classify(Comment(text: "my lawyer will call"))
        #expect(legal.tags == nil && legal.route == nil && legal.escalation?.route == "legal")
        // The route of a rule that did not carry the label still routes when no rule of the label has one.
        let lead = engine.classify(Comment(text: "I want to join you, network down"))
        #expect(lead.label.rawValue == "outage" && lead.route == "noc" && lead.tags == ["incident", "network", "sales"])
    }
}
