import Foundation
import Testing

/// `rapport test` run as a real process.
@Suite("rapport test")
struct TestCommandTests {
    @Test func aPassingPackPrintsOnlyTheCountLine() throws {
        let run = try CLI.run(["test", "fixtures/rule-packs/valid/single-file.yaml"])
        #expect(run.status == 0)
        #expect(run.out == "1 passed, 0 failed\n")
        #expect(run.err == "")
    }

    /// The promise: the test suite runs `rapport test` on every valid fixture pack.
    @Test func everyValidFixturePackPassesItsExamples() throws {
        let dir = CLI.root.appendingPathComponent("fixtures/rule-packs/valid")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            let run = try CLI.run(["test", "fixtures/rule-packs/valid/\(name)"])
            #expect(run.status == 0, "\(name): \(run.out)")
            #expect(run.out.hasSuffix(" failed\n") && run.out.contains(", 0 failed"), "\(name): \(run.out)")
        }
    }

    @Test func failuresArePrintedWhereTheExampleIsWritten() throws {
        let run = try CLI.run(["test", "fixtures/rule-packs/failing"])
        #expect(run.status == 1)
        let file = "fixtures/rule-packs/failing/pack.yaml"
        #expect(
            run.out == """
                \(file):9:37: error: fire example: rule 'complaint.broken' did not fire (no rule fired)
                      fire: ["my kettle is broken", "my kettle is faulty"]
                                                    ^
                \(file):10:40: error: quiet example: rule 'complaint.broken' fired but should stay quiet (matched "broken")
                      quiet: ["the kettle works fine", "a broken record"]
                                                       ^
                \(file):19:5: error: case: expected label praise, got complaint (fired: complaint.broken, praise.thanks)
                  - text: "thanks for the broken kettle"
                    ^
                4 passed, 3 failed

                """)
        #expect(!run.out.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonListsTheFailuresWithTheirPlaces() throws {
        let run = try CLI.run(["test", "fixtures/rule-packs/failing/pack.yaml", "--format", "json"])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(object["passed"] as? Int == 4)
        #expect(object["failed"] as? Int == 3)
        let failures = try #require(object["failures"] as? [[String: Any]])
        #expect(failures.map { $0["line"] as? Int } == [9, 10, 19])
        #expect(failures.map { $0["kind"] as? String } == ["fire", "quiet", "case"])
        #expect(failures.map { $0["text"] as? String } == ["my kettle is faulty", "a broken record", "thanks for the broken kettle"])
        #expect(failures[0]["rule"] as? String == "complaint.broken")
        #expect(failures[0]["file"] as? String == "fixtures/rule-packs/failing/pack.yaml")
    }

    @Test func aPackWithoutExamplesFails() throws {
        let run = try CLI.run(["test", "fixtures/rule-packs/no-examples"])
        #expect(run.status == 1)
        #expect(run.out == "0 passed, 0 failed\n")
        #expect(run.err == "rapport: the pack has no examples or cases: nothing was tested\n")
    }

    @Test func aBrokenPackExitsTwoWithItsDiagnostics() throws {
        let run = try CLI.run(["test", "fixtures/rule-packs/invalid/10-undefined-list.yaml"])
        #expect(run.status == 2)
        #expect(run.out == "")
        #expect(run.err.hasPrefix("fixtures/rule-packs/invalid/10-undefined-list.yaml:"))
        #expect(run.err.contains(": error: unknown list"))
        #expect(run.err.hasSuffix("rapport: the rule pack has 3 errors; no example ran\n"))
    }

    @Test func aLayerIsTestedAloneUnlessAskedToLayerOverTheDefault() throws {
        let alone = try CLI.run(["test", "fixtures/rule-packs/layered"])
        #expect(alone.status == 2)
        #expect(alone.err.contains("unknown list '<parcel>'"))

        let layered = try CLI.run(["test", "--over-default", "fixtures/rule-packs/layered", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: layered.stdout) as? [String: Any])
        let passed = try #require(object["passed"] as? Int), failed = try #require(object["failed"] as? Int)
        // The combined pack runs the default's examples too, and the layer's three.
        let defaultRun = try CLI.run(["test", "--format", "json"])
        let defaults = try #require(try JSONSerialization.jsonObject(with: defaultRun.stdout) as? [String: Any])
        #expect(passed + failed == (defaults["passed"] as? Int ?? 0) + (defaults["failed"] as? Int ?? 0) + 3)
        let failures = try #require(object["failures"] as? [[String: Any]])
        #expect(!failures.contains { ($0["file"] as? String)?.hasPrefix("fixtures/") ?? false }, "the layer's own examples pass")
        #expect(layered.status == (failed == 0 ? 0 : 1))
    }

    /// A case with `escalation: none` fails when the comment is escalated, naming the level, the route and
    /// the reason, and passes when it is not; `pack show` keeps it.
    @Test func aCaseMayRequireNoEscalation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-no-escalation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pack = """
            rapport: 1
            rules:
              - id: escalate.lawyer
                label: complaint
                match: lawyer
                escalate: {level: critical, route: legal, reason: Legal threat}
                examples: {fire: ["my lawyer will call"], quiet: ["my lawn"]}
            cases:
              - text: "my phone died"
                escalation: none
              - text: "my lawyer uses your app"
                escalation: none
            """
        let file = dir.appendingPathComponent("pack.yaml")
        try Data(pack.utf8).write(to: file)
        let run = try CLI.run(["test", file.path])
        #expect(run.status == 1)
        #expect(run.out.contains("pack.yaml:11:5: error: case: expected no escalation, got critical on legal (Legal threat)\n"))
        #expect(run.out.hasSuffix("3 passed, 1 failed\n"))
        let shown = try CLI.run(["pack", "show", "--no-default-rules", "--rules", file.path])
        #expect(shown.status == 0, "\(shown.err)")
        #expect(shown.out.contains("  - text: \"my phone died\"\n    escalation: \"none\"\n"))
    }

    @Test(arguments: [
        (["test", "--over-default"], "--over-default needs at least one PATH"),
        (["test", "--format", "xml"], "--format"),
    ])
    func usageErrorsExit64(args: [String], message: String) throws {
        let run = try CLI.run(args)
        #expect(run.status == 64)
        #expect(run.err.contains(message))
    }
}
