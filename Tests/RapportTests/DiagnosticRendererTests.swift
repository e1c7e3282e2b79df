import Testing
import RapportSupport
@testable import Rapport

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
    let source = "rapport: 1\nrules:\n  - id: x\n\tpatern: y\n"

    @Test func rendersHeaderSourceLineAndCaret() {
        let d = Diagnostic(
            .error, .unknownKey, "unknown key 'patern' in rule 'x'", at: SourceLocation(file: "r.yaml", line: 4, column: 2),
            hint: "did you mean 'match'?")
        #expect(
            DiagnosticRenderer.render(d, source: source) == """
                r.yaml:4:2: error: unknown key 'patern' in rule 'x'; did you mean 'match'?
                \tpatern: y
                \t^
                """)
    }

    @Test func withoutSourceOnlyTheHeader() {
        let d = Diagnostic(.warning, .noExamples, "rule 'x' has no 'fire' examples", at: SourceLocation(file: "r.yaml", line: 3, column: 5))
        #expect(DiagnosticRenderer.render(d, source: nil) == "r.yaml:3:5: warning: rule 'x' has no 'fire' examples")
        #expect(DiagnosticRenderer.render(d, source: "only one line") == "r.yaml:3:5: warning: rule 'x' has no 'fire' examples")
    }

    @Test func colourOnlyWhenAsked() {
        let d = Diagnostic(.error, .invalidValue, "bad", at: SourceLocation(file: "r.yaml", line: 1, column: 1))
        #expect(!DiagnosticRenderer.render(d, source: source).contains("\u{1B}["))
        let coloured = DiagnosticRenderer.render(d, source: source, color: true)
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(coloured.hasSuffix("\u{1B}[1;32m^\u{1B}[0m"))
    }

    @Test func summaryCountsErrorsAndWarnings() {
        let at = SourceLocation(file: "f", line: 1, column: 1)
        #expect(DiagnosticRenderer.summary([]) == "0 errors, 0 warnings")
        #expect(
            DiagnosticRenderer.summary([
                Diagnostic(.error, .invalidValue, "m", at: at), Diagnostic(.warning, .unusedList, "m", at: at),
                Diagnostic(.warning, .emptyList, "m", at: at),
            ]) == "1 error, 2 warnings")
    }

    @Test func jsonHasEveryFieldInOrderAndEscapes() {
        let d = [
            Diagnostic(.error, .patternSyntax, "bad \"x\"\tthere", at: SourceLocation(file: "a\\b.yaml", line: 2, column: 3), hint: "fix it"),
            Diagnostic(.warning, .noExamples, "none", at: SourceLocation(file: "b.yaml", line: 1, column: 1)),
        ]
        #expect(
            DiagnosticRenderer.json(d) == """
                [
                  {"file": "a\\\\b.yaml", "line": 2, "column": 3, "severity": "error", "code": "pattern-syntax", "message": "bad \\"x\\"\\tthere", "hint": "fix it"},
                  {"file": "b.yaml", "line": 1, "column": 1, "severity": "warning", "code": "no-examples", "message": "none", "hint": null}
                ]
                """)
        #expect(DiagnosticRenderer.json([]) == "[]")
    }

    @Test func suggestionsByEditDistance() {
        #expect(DidYouMean.closest(to: "patern", in: ["match", "pattern"]) == "pattern")
        #expect(DidYouMean.closest(to: "lable", in: ["label", "weight"]) == "label")
        #expect(DidYouMean.closest(to: "xyz", in: ["label", "weight"]) == nil)
        #expect(DidYouMean.closest(to: "followers", in: ["author", "author.followers"]) == "author.followers")
        #expect(DidYouMean.editDistance("kitten", "sitting") == 3)
        #expect(DidYouMean.editDistance("ab", "ba") == 1)
        #expect(DidYouMean.editDistance("", "abc") == 3)
    }
}
