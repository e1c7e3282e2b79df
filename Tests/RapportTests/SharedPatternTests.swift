import Testing
@testable import Rapport

/// Patterns that compile to the same program in different rules are matched once and reported for
/// every rule that has them; nothing a verdict or an explanation shows may change because of it.
@Suite struct SharedPatternTests {
    static func sharedEngine() throws -> Engine {
        try engine(
            [
                rule("praise.service", .praise, match: ["great service", "[love|like] {0,2} <things>"]),
                rule("praise.upper", .praise, match: ["GREAT Service"]),
                rule("complaint.things", .complaint, weight: 2, match: ["[love|like] {0,2} <things>"], unless: ["great service"]),
                rule("question.things", .question, match: ["[like|love] {0,2} <things>"]),
            ], lists: ["things": ["order", "parcel"]])
    }

    @Test func identicalProgramsShareEntryPoints() throws {
        let matcher = try Self.sharedEngine().compiled.matcher
        // "GREAT Service", the second "[love|like] {0,2} <things>" and the `unless` copy are aliases;
        // "[like|love]…" lists its alternatives in another order, so it is a program of its own.
        #expect(matcher.aliasIDs.count == 3)
    }

    @Test func everyRuleWithASharedPatternFires() throws {
        let engine = try Self.sharedEngine()
        let verdict = engine.classify(Comment(text: "I love my order"))
        #expect(verdict.rules == ["praise.service", "complaint.things", "question.things"])
        #expect(verdict.spans.map(\.rule) == ["praise.service", "complaint.things", "question.things"])
        #expect(Set(verdict.spans.map(\.text)) == ["love my order"])
    }

    @Test func aSharedUnlessPatternSilencesItsRule() throws {
        let engine = try Self.sharedEngine()
        let verdict = engine.classify(Comment(text: "great service, love the order"))
        #expect(verdict.rules == ["praise.service", "praise.upper", "question.things"])
        #expect(verdict.label == .praise)
    }

    @Test func sharedPatternsExplainLikeTheirOwn() throws {
        let engine = try Self.sharedEngine()
        let explanation = engine.explain(Comment(text: "great service"))
        let hitRules = explanation.hits.map(\.rule)
        #expect(hitRules.contains("praise.service") && hitRules.contains("praise.upper") && hitRules.contains("complaint.things"))
    }
}
