import Testing
import Rapport

/// The embedded default pack passes its own examples and cases (what `rapport test` runs).
@Suite("Default pack examples")
struct DefaultPackExamplesTests {
    @Test func everyExampleAndCaseOfTheDefaultPackPasses() throws {
        let report = ExampleRunner.run(try Engine(pack: .default))
        #expect(report.results.contains { $0.kind == .fire })
        #expect(report.results.contains { $0.kind == .quiet })
        #expect(report.results.contains { $0.kind == .case })
        for failure in report.failures {
            Issue.record("\(failure.location): \(failure.kind.rawValue) \"\(failure.text)\": \(failure.failure ?? "")")
        }
        #expect(report.failed == 0)
    }

    /// Rules with patterns show their reach and limits with examples; a `when`-only rule (it needs
    /// comment fields, which rule examples cannot carry) is covered by pack-level cases instead.
    @Test func everyDefaultRuleWithPatternsHasItsExamples() {
        for rule in RulePack.default.rules where !rule.match.isEmpty {
            #expect(rule.examples.fire.count >= 2, "rule \(rule.id) has fewer than two fire examples")
            #expect(rule.examples.quiet.count >= 1, "rule \(rule.id) has no quiet example")
        }
    }
}
