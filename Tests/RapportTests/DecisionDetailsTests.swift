import Testing
@testable import Rapport

/// `classify(_:in:parts:decisionDetails:)`, which `rapport classify` calls when its output writes
/// none of the scores, rule ids, tags and route: those are left empty and the rest is the same.
@Suite struct DecisionDetailsTests {
    @Test func withoutDecisionDetailsOnlyScoresRulesTagsAndRouteAreLeftOut() throws {
        let engine = try WorkspaceTests.engine()
        var workspace = Engine.Workspace()
        var withRules = 0
        for comment in WorkspaceTests.comments() {
            let full = engine.classify(comment)
            if !full.rules.isEmpty { withRules += 1 }
            for parts: VerdictParts in [[], .all] {
                let verdict = engine.classify(comment, in: &workspace, parts: parts, decisionDetails: false)
                var expected = engine.classify(comment, in: &workspace, parts: parts)
                expected.scores = [:]
                expected.rules = []
                expected.tags = nil
                expected.route = nil
                #expect(verdict == expected, "parts \(parts.rawValue) of comment \(comment.id)")
            }
        }
        #expect(withRules > 100)
    }
}
