import Testing
@testable import Rapport

/// A caller-owned `Engine.Workspace` reused from comment to comment, and verdicts rendered in parts.
@Suite struct WorkspaceTests {
    /// The rich pack's comments, with long ones among them so that some are cut (`truncated`) next to
    /// short ones that are not.
    static func comments() -> [Rapport.Comment] {
        ConcurrencyTests.comments(1_500).enumerated().map { index, comment in
            guard index % 7 == 3 else { return comment }
            return Rapport.Comment(
                id: comment.id, text: String(repeating: comment.text + " ", count: 4), author: comment.author,
                fields: comment.fields)
        }
    }

    static func engine() throws -> Engine {
        try Engine(pack: richEngine().pack, options: Engine.Options(maxScalars: 60))
    }

    @Test func oneWorkspaceGivesTheVerdictsOfAFreshOneForEveryComment() throws {
        let engine = try Self.engine()
        let comments = Self.comments()
        var workspace = Engine.Workspace()
        let reused = comments.map { engine.classify($0, in: &workspace) }
        let fresh = comments.map { engine.classify($0) }
        #expect(Set(fresh.map(\.label)).count == 4)
        #expect(fresh.contains { $0.truncated == true } && fresh.contains { $0.truncated == nil })
        #expect(fresh.contains { $0.escalation != nil } && fresh.contains { $0.escalation == nil })
        for index in comments.indices where reused[index] != fresh[index] {
            Issue.record("comment \(index) differs in a reused workspace: \(reused[index]) vs \(fresh[index])")
        }
        // The same workspace serves another engine too, in the other order.
        let other = try richEngine()
        for comment in comments.reversed().prefix(300) {
            #expect(other.classify(comment, in: &workspace) == other.classify(comment))
        }
    }

    @Test func partsLeaveOutOnlyWhatIsNotAskedFor() throws {
        let engine = try Self.engine()
        let comments = Self.comments()
        var workspace = Engine.Workspace()
        var withSpans = 0, withSuggestions = 0, withMatchReply = 0
        for comment in comments {
            let full = engine.classify(comment)
            if !full.spans.isEmpty { withSpans += 1 }
            if !full.suggestions.isEmpty { withSuggestions += 1 }
            if full.suggestions.contains(where: { $0.hasPrefix("Sorry") }) { withMatchReply += 1 }
            for parts: VerdictParts in [[], [.spans], [.suggestions], .all] {
                let verdict = engine.classify(comment, in: &workspace, parts: parts)
                var expected = full
                if !parts.contains(.spans) { expected.spans = [] }
                if !parts.contains(.suggestions) { expected.suggestions = [] }
                #expect(verdict == expected, "parts \(parts.rawValue) of comment \(comment.id)")
            }
        }
        // Replies with `{match}` (the "Sorry" reply) are rendered from the spans' text even without spans.
        #expect(withSpans > 100 && withSuggestions > 100 && withMatchReply > 10)
    }

    @Test func labelStopsAtTheDecisionWithTheLabelOfTheVerdict() throws {
        let engine = try Self.engine()
        var workspace = Engine.Workspace()
        var labels: Set<Label> = []
        for comment in Self.comments() {
            let label = engine.label(of: comment, in: &workspace)
            labels.insert(label)
            #expect(label == engine.classify(comment).label, "comment \(comment.id)")
        }
        #expect(labels.count == 4)
    }
}
