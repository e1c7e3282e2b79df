import Foundation
import Testing
@testable import Rapport

@Suite struct EngineTests {
    private func sampleEngine() throws -> Engine {
        try engine(
            [
                rule("complaint.late", .complaint, weight: 2, match: ["where is my <parcel>", "late"], unless: ["arrived early"]),
                rule("praise.happy", .praise, match: ["happy"]),
                rule("question.how", .question, match: ["how"]),
                rule(
                    "flag.vip", when: condition(compare(field("likes"), .greater, number(100)), "likes > 100"),
                    escalate: Escalation(level: .high, route: "lead", reason: "Popular")),
            ], lists: ["parcel": ["package", "order"]])
    }

    @Test func explainTracesHitsSuppressionsContributionsAndTheDecision() throws {
        let explanation = try sampleEngine().explain(Comment(id: "9", text: "where is my order? not happy. how", fields: ["likes": .number(5)]))
        #expect(explanation.tokens.map(\.text).filter { $0.first?.isLetter == true } == ["where", "is", "my", "order", "not", "happy", "how"])
        #expect(explanation.tokens.first?.text == "where")
        let statuses = explanation.hits.map { "\($0.rule):\($0.status.rawValue):\($0.text)" }
        #expect(statuses == ["complaint.late:counted:where is my order", "praise.happy:negated:happy", "question.how:counted:how"])
        #expect(explanation.hits[1].note?.contains("'not'") == true)
        #expect(explanation.contributions.map(\.rule) == ["complaint.late", "question.how"])
        #expect(explanation.decision.label == .complaint)
        #expect(explanation.decision.secondary == [.question])
        #expect(
            explanation.conditions == [
                Explanation.ConditionResult(
                    rule: "flag.vip", condition: "likes > 100", result: false, stage: .beforeDecision,
                    fields: [Explanation.FieldReading(name: "likes", value: "5", kind: .number)])
            ])
        #expect(
            explanation.verdict
                == (try sampleEngine()).classify(
                    Comment(
                        id: "9", text: "where is my order? not happy. how",
                        fields: ["likes": .number(5)])))
        let json = try JSONEncoder().encode(explanation)
        #expect(try JSONDecoder().decode(Explanation.self, from: json) == explanation)
    }

    @Test func explainShowsUnlessSilencing() throws {
        let explanation = try sampleEngine().explain(Comment(text: "late? no, it arrived early"))
        #expect(explanation.hits.map(\.status) == [.silencedByUnless, .unless])
        #expect(explanation.verdict.rules.isEmpty)
    }

    @Test func whyNotNamesTheElementThatFailed() throws {
        let engine = try sampleEngine()
        let report = try #require(engine.whyNot(ruleID: "complaint.late", comment: Comment(text: "where is my refund")))
        #expect(!report.fired)
        #expect(report.summary == "rule 'complaint.late' did not fire: none of its patterns matched")
        let first = report.patterns[0]
        #expect(first.failedElement == "<parcel>")
        #expect(first.failedLocation == "test.yaml:1:17")
        #expect(first.detail == "matched 'where is my' but then '<parcel>' does not match 'refund'")
        #expect(report.patterns[1].detail == "no place in the comment matches 'late'")
        #expect(engine.whyNot(ruleID: "nope", comment: Comment(text: "x")) == nil)
    }

    @Test func whyNotExplainsNegationUnlessAndConditions() throws {
        let engine = try sampleEngine()
        let negated = try #require(engine.whyNot(ruleID: "praise.happy", comment: Comment(text: "never happy")))
        #expect(negated.summary == "rule 'praise.happy' did not fire: every match is negated")
        #expect(negated.patterns[0].detail == "matched 'happy' but 'never' negates it")
        let silenced = try #require(engine.whyNot(ruleID: "complaint.late", comment: Comment(text: "late? it arrived early")))
        #expect(silenced.summary == "rule 'complaint.late' did not fire: its 'unless' pattern 'arrived early' matched")
        let condition = try #require(engine.whyNot(ruleID: "flag.vip", comment: Comment(text: "hi", fields: ["likes": .number(3)])))
        #expect(condition.summary == "rule 'flag.vip' did not fire: its condition 'likes > 100' is false (checked before the decision)")
        let firedReport = try #require(engine.whyNot(ruleID: "flag.vip", comment: Comment(text: "hi", fields: ["likes": .number(300)])))
        #expect(firedReport.fired)
    }

    @Test func listEntriesWithoutTokensAreWarnings() throws {
        let engine = try engine([rule("r", .question, match: ["<things>"])], lists: ["things": ["thing", "  "]])
        #expect(engine.warnings.map(\.code) == [.emptyListEntry])
        #expect(fired(engine, "a thing") == ["r"])
    }

    @Test func duplicateRuleIdsAreErrors() throws {
        #expect(throws: RulePackError.self) {
            try engine([rule("r", .question, match: ["a"]), rule("r", .praise, match: ["b"])])
        }
    }

    @Test func emptyAndWhitespaceCommentsAreOther() throws {
        let engine = try sampleEngine()
        for text in ["", " ", "\n\n", "\u{0}"] {
            let verdict = engine.classify(Comment(id: "e", text: text))
            #expect(verdict.label == .other)
            #expect(verdict.spans.isEmpty)
        }
    }
}
