import Testing
@testable import Rapport

/// The examples of the DocC getting-started article (Sources/Rapport/Rapport.docc/GettingStarted.md)
/// do what the article says they do.
@Suite struct GettingStartedTests {
    @Test func defaultPackExample() {
        let verdict = Engine.default.classify(Comment(id: "42", text: "Where is my parcel?? Ordered 2 weeks ago", author: "maya_k"))
        #expect(verdict.label == .complaint)
        #expect(verdict.rules.contains("complaint.late-delivery"))
        #expect(!verdict.suggestions.isEmpty && verdict.suggestions.allSatisfy { $0.contains("maya_k") && $0.contains("?") })
        for span in verdict.spans {
            let scalars = Array("Where is my parcel?? Ordered 2 weeks ago".unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text)
        }
    }

    @Test func fieldsExample() {
        let comment = Comment(
            id: "7", text: "Your app lost my booking", author: "sam",
            fields: ["author.followers": .number(52_000), "platform": .string("twitter")])
        let verdict = Engine.default.classify(comment)
        #expect(verdict.label == .complaint)
        #expect(verdict.escalation?.reasons.isEmpty == false)
        let quiet = Engine.default.classify(Comment(id: "7", text: "Your app lost my booking", author: "sam"))
        #expect(quiet.escalation == nil)
    }

    @Test func explainExample() {
        let explanation = Engine.default.explain(Comment(text: "the staff were not rude at all"))
        #expect(explanation.hits.contains { $0.status == .negated })
        #expect(explanation.hits.contains { $0.status == .silencedByUnless })
    }
}
