import Testing
@testable import Rapport

@Suite struct DecisionTests {
    // MARK: negation and unless

    @Test func negatorWithinThreeTokensInTheSameClauseSilencesTheMatch() throws {
        let engine = try engine([rule("praise.happy", .praise, match: ["happy"])])
        #expect(fired(engine, "I am happy") == ["praise.happy"])
        #expect(fired(engine, "I am not happy") == [])
        #expect(fired(engine, "not really very happy") == [])
        #expect(fired(engine, "not really very very happy") == ["praise.happy"])
        #expect(fired(engine, "I did not know. Happy now") == ["praise.happy"])
        #expect(fired(engine, "happy, not sad") == ["praise.happy"])
    }

    @Test func hitsStartingWithPunctuationEmojiOrEmoticonsAreNotNegated() throws {
        let engine = try engine([
            rule("question.mark", .question, match: ["?"]),
            rule("complaint.angry", .complaint, match: ["😡"]),
            rule("complaint.sad", .complaint, match: [":("]),
            rule("complaint.fail", .complaint, match: ["fail"]),
        ])
        #expect(fired(engine, "it isn't ready, is it not?") == ["question.mark"])
        #expect(fired(engine, "not 😡") == ["complaint.angry"])
        #expect(fired(engine, "no :(") == ["complaint.sad"])
        #expect(fired(engine, "it did not #fail") == [])
        #expect(fired(engine, "it did not fail") == [])
    }

    @Test func multiTokenNegatorsCount() throws {
        let engine = try engine([rule("praise.happy", .praise, match: ["happy"])], lists: ["negators": ["far from"]])
        #expect(fired(engine, "far from happy") == [])
        #expect(fired(engine, "far happy") == ["praise.happy"])
    }

    @Test func negationUsesThePacksNegatorList() throws {
        var custom = pack([rule("p", .praise, match: ["good"])], lists: ["nopes": ["nah"]])
        custom.settings.negatorList = "nopes"
        let engine = try Engine(pack: custom)
        #expect(fired(engine, "nah good") == [])
        #expect(fired(engine, "not good") == ["p"])
        custom.settings.negatorList = "missing"
        #expect(throws: RulePackError.self) { try Engine(pack: custom) }
    }

    @Test func aNegatedHitDoesNotHideAnotherHitOfTheSameRule() throws {
        let engine = try engine([rule("p", .praise, match: ["great"])])
        let verdict = engine.classify(Comment(text: "not great at first, then great"))
        #expect(verdict.rules == ["p"])
        #expect(verdict.spans.map(\.start) == [25])
    }

    @Test func unlessAnywhereSilencesTheRule() throws {
        let engine = try engine([
            rule("late", .complaint, match: ["[late|delayed]"], unless: ["arrived early"]),
            rule("other", .question, match: ["why"]),
        ])
        #expect(fired(engine, "delayed again, why") == ["late", "other"])
        #expect(fired(engine, "why was it late? oh it arrived early") == ["other"])
        #expect(fired(engine, "arrived early but late invoice") == [])
    }

    // MARK: scores, threshold, precedence

    @Test func highestScoreWinsAndOthersAreSecondary() throws {
        let engine = try engine([
            rule("c1", .complaint, weight: 2, match: ["broken"]),
            rule("q1", .question, match: ["how"]),
            rule("q2", .question, weight: 0.5, match: ["fix"]),
        ])
        let verdict = engine.classify(Comment(text: "how do I fix it, it's broken"))
        #expect(verdict.label == .complaint)
        #expect(verdict.scores == ["complaint": 2, "question": 1.5, "praise": 0])
        #expect(engine.explain(Comment(text: "how do I fix it, it's broken")).decision.secondary == [.question])
    }

    @Test func belowThresholdIsOther() throws {
        let engine = try engine([rule("q", .question, weight: 0.5, match: ["how"])], threshold: 1)
        #expect(engine.classify(Comment(text: "how")).label == .other)
        #expect(engine.classify(Comment(text: "how how")).label == .other)
        let lower = try Rapport.Engine(pack: pack([rule("q", .question, weight: 0.5, match: ["how"])], threshold: 0.5))
        #expect(lower.classify(Comment(text: "how")).label == .question)
    }

    @Test func tiesFollowThePrecedence() throws {
        let rules = [rule("q", .question, match: ["how"]), rule("p", .praise, match: ["love"]), rule("c", .complaint, match: ["hate"])]
        let first = try engine(rules, precedence: [.praise, .question, .complaint])
        #expect(first.classify(Comment(text: "how I love it")).label == .praise)
        #expect(first.classify(Comment(text: "how I hate it")).label == .question)
        let second = try engine(rules, precedence: [.complaint, .question, .praise])
        #expect(second.classify(Comment(text: "how I love it")).label == .question)
        #expect(second.classify(Comment(text: "how I hate it")).label == .complaint)
        let partial = try engine(rules, precedence: [.praise])
        #expect(partial.classify(Comment(text: "how I hate it")).label == .complaint)
    }

    @Test func fractionalWeightsThatSumEquallyTie() throws {
        let rules = [
            rule("q1", .question, weight: 0.1, match: ["how"]), rule("q2", .question, weight: 0.2, match: ["why"]),
            rule("p", .praise, weight: 0.3, match: ["love"]),
        ]
        let engine = try engine(rules, threshold: 0.3, precedence: [.praise, .question])
        #expect(engine.classify(Comment(text: "how why love")).label == .praise)
    }

    // MARK: when

    private func whenEngine(_ expression: Expression) throws -> Engine {
        try engine([
            rule("c", .complaint, match: ["broken"]),
            rule("q", .question, match: ["how"]),
            rule("flag", when: condition(expression), escalate: Escalation(level: .high, route: "lead", reason: "flagged")),
        ])
    }

    private func flags(
        _ expression: Expression, _ text: String = "it is broken", _ fields: [String: FieldValue] = [:],
        author: String? = nil
    ) throws -> Bool {
        let verdict = try whenEngine(expression).classify(Comment(id: "1", text: text, author: author, fields: fields))
        return verdict.rules.contains("flag")
    }

    @Test func whenSeesTheDecidedLabel() throws {
        let isComplaint = compare(field("label"), .equal, string("COMPLAINT"))
        #expect(try flags(isComplaint, "it is broken"))
        #expect(try !flags(isComplaint, "how is it"))
        #expect(try !flags(isComplaint, "nothing here"))
        #expect(try flags(compare(field("label"), .equal, string("other")), "nothing here"))
    }

    @Test func numericComparisonsUseEachOperator() throws {
        let followers: [String: FieldValue] = ["author.followers": .number(10_000)]
        #expect(try flags(compare(field("author.followers"), .greaterOrEqual, number(10_000)), "x", followers))
        #expect(try !flags(compare(field("author.followers"), .greater, number(10_000)), "x", followers))
        #expect(try flags(compare(field("author.followers"), .lessOrEqual, number(10_000)), "x", followers))
        #expect(try !flags(compare(field("author.followers"), .less, number(10_000)), "x", followers))
        #expect(try flags(compare(field("author.followers"), .equal, number(10_000)), "x", followers))
        #expect(try flags(compare(field("author.followers"), .notEqual, number(9_999)), "x", followers))
        #expect(try flags(compare(field("author.followers"), .greater, number(999)), "x", ["author.followers": .string(" 1000 ")]))
        #expect(try !flags(compare(field("author.followers"), .greater, number(999)), "x", ["author.followers": .string("many")]))
    }

    @Test func stringsCompareCaseInsensitively() throws {
        let fields: [String: FieldValue] = ["platform": .string("Twitter")]
        #expect(try flags(compare(field("platform"), .equal, string("twitter")), "x", fields))
        #expect(try !flags(compare(field("platform"), .notEqual, string("TWITTER")), "x", fields))
        #expect(try flags(compare(field("platform"), .less, string("YouTube")), "x", fields))
    }

    @Test func membershipAndBooleanOperators() throws {
        let fields: [String: FieldValue] = ["platform": .string("facebook"), "likes": .number(60), "verified": .bool(true)]
        let platforms = [string("twitter"), string("FACEBOOK")]
        #expect(try flags(Expression(.membership(field("platform"), platforms, negated: false), offset: 0), "x", fields))
        #expect(try !flags(Expression(.membership(field("platform"), platforms, negated: true), offset: 0), "x", fields))
        let popular = compare(field("likes"), .greater, number(50))
        let twitter = compare(field("platform"), .equal, string("twitter"))
        #expect(try !flags(and(popular, twitter), "x", fields))
        #expect(try flags(or(popular, twitter), "x", fields))
        #expect(try flags(not(twitter), "x", fields))
        #expect(try flags(Expression(.truthy(field("verified")), offset: 0), "x", fields))
        #expect(try flags(compare(field("verified"), .equal, boolean(true)), "x", fields))
        #expect(try flags(compare(field("verified"), .equal, string("true")), "x", fields))
        #expect(try !flags(compare(field("verified"), .equal, number(1)), "x", fields))
    }

    @Test func missingFieldsEqualNothing() throws {
        #expect(try !flags(compare(field("likes"), .greater, number(0))))
        #expect(try !flags(compare(field("likes"), .lessOrEqual, number(0))))
        #expect(try !flags(compare(field("likes"), .equal, number(0))))
        #expect(try flags(compare(field("likes"), .notEqual, number(0))))
        #expect(try !flags(Expression(.membership(field("platform"), [string("x")], negated: false), offset: 0)))
        #expect(try flags(Expression(.membership(field("platform"), [string("x")], negated: true), offset: 0)))
        #expect(try !flags(Expression(.truthy(field("verified")), offset: 0)))
        #expect(try !flags(compare(field("likes"), .greater, number(0)), "x", ["likes": .null]))
    }

    @Test func authorFieldsFallBackToTheCommentAuthor() throws {
        #expect(try flags(compare(field("author"), .equal, string("@Ana")), "x", author: "@ana"))
        #expect(try flags(compare(field("author.name"), .equal, string("@ana")), "x", author: "@ana"))
        #expect(try flags(compare(field("id"), .equal, string("1"))))
    }

    /// A `when` that does not read `label` gates the rule's weight (issue 14): checked before the decision.
    @Test func ruleWithWhenAndMatchNeedsBothAndItsWhenGatesTheScore() throws {
        let engine = try engine([
            rule("q", .question, match: ["how"]),
            rule(
                "c.vip", .complaint, weight: 5, match: ["broken"],
                when: condition(compare(field("likes"), .greater, number(10))),
                escalate: Escalation(level: .medium, route: "vip", reason: "popular")),
        ])
        let popular: [String: FieldValue] = ["likes": .number(11)]
        let both = engine.classify(Comment(text: "how, it's broken", fields: popular))
        #expect(both.rules == ["q", "c.vip"])
        #expect(both.label == .complaint)
        #expect(both.scores["complaint"] == 5)
        #expect(both.escalation?.route == "vip")
        #expect(fired(engine, "how, it's broken", fields: ["likes": .number(3)]) == ["q"])
        #expect(fired(engine, "how", fields: popular) == ["q"])
    }

    // MARK: escalation

    @Test func highestLevelGivesRouteAndReasonsAreOrderedAndUnique() throws {
        let engine = try engine([
            rule("e.churn", match: ["cancel*"], escalate: Escalation(level: .medium, route: "retention", reason: "Churn risk")),
            rule("e.legal", match: ["lawyer"], escalate: Escalation(level: .critical, route: "legal", reason: "Legal threat")),
            rule("e.churn2", match: ["switching"], escalate: Escalation(level: .medium, route: "retention", reason: "Churn risk")),
            rule("e.reach", match: ["viral"], escalate: Escalation(level: .high, route: "social-lead", reason: "High reach")),
        ])
        let verdict = engine.classify(Comment(text: "cancelling and switching, my lawyer will go viral"))
        #expect(
            verdict.escalation
                == EscalationSummary(
                    level: .critical, route: "legal", routes: ["legal", "social-lead", "retention"],
                    reasons: ["Legal threat", "High reach", "Churn risk"]))
        #expect(
            engine.classify(Comment(text: "cancel")).escalation
                == EscalationSummary(level: .medium, route: "retention", routes: nil, reasons: ["Churn risk"]))
        #expect(engine.classify(Comment(text: "fine")).escalation == nil)
    }

    @Test func escalationOnlyRulesDoNotChangeTheLabel() throws {
        let engine = try engine([
            rule("q", .question, match: ["how"]),
            rule("e", match: ["lawyer"], escalate: Escalation(level: .critical, route: "legal", reason: "Legal")),
        ])
        let verdict = engine.classify(Comment(text: "how do I reach your lawyer"))
        #expect(verdict.label == .question)
        #expect(verdict.rules == ["q", "e"])
    }
}
