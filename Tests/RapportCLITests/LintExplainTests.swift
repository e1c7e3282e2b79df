import Foundation
import Testing

/// `rapport lint --explain CODE` run as a real process.
@Suite("rapport lint --explain")
struct LintExplainTests {
    @Test func aCodePrintsItsSummaryAndExample() throws {
        let run = try CLI.run(["lint", "--explain", "never-fires"])
        #expect(run.status == 0)
        #expect(run.err == "")
        #expect(run.out.hasPrefix("never-fires (warning): A rule, or one of its patterns, can never fire"))
        #expect(run.out.contains("\nExample:\n"))
        #expect(run.out.contains("\n        unless: [thanks]\n"))
    }

    @Test func anUnknownCodeIsAUsageErrorWithADidYouMean() throws {
        let typo = try CLI.run(["lint", "--explain", "never-fire"])
        #expect(typo.status == 64)
        #expect(typo.out == "")
        #expect(typo.err.contains("unknown diagnostic code 'never-fire'; did you mean 'never-fires'?"))
        // The code a never-firing rule was also reported under before the codes were unified.
        let old = try CLI.run(["lint", "--explain", "rule-never-fires"])
        #expect(old.status == 64)
        #expect(old.err.contains("did you mean 'never-fires'?"))
        let unrelated = try CLI.run(["lint", "--explain", "zzz"])
        #expect(unrelated.status == 64)
        #expect(!unrelated.err.contains("did you mean"))
    }
}
