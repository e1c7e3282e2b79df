import Foundation
import Rapport

/// How `rapport test` shows an ``ExampleReport``: the failures compiler style, then a count line.
enum ExampleReportText {
    /// Each failure as `file:line:column: error: message` with the example's source line and a
    /// caret (when `sources` has the file), then `N passed, N failed`. Ends with a newline.
    static func render(_ report: ExampleReport, sources: [String: String], color: Bool) -> String {
        var text = ""
        for failure in report.failures {
            guard let diagnostic = failure.diagnostic else { continue }
            text += DiagnosticRenderer.render(diagnostic, source: sources[failure.file], color: color) + "\n"
        }
        for skipped in report.overridden {
            text +=
                DiagnosticRenderer.render(
                    Diagnostic(.note, .exampleFailed, "case \(skipped.failure ?? "")", at: skipped.location),
                    source: sources[skipped.file], color: color) + "\n"
        }
        return text + summary(report) + "\n"
    }

    /// `N passed, N failed`, and `(N cases overridden by a higher layer)` when there are such.
    static func summary(_ report: ExampleReport) -> String {
        let overridden = report.overridden.count
        return "\(report.passed) passed, \(report.failed) failed"
            + (overridden == 0 ? "" : " (\(overridden) case\(overridden == 1 ? "" : "s") overridden by a higher layer)")
    }

    /// The report as JSON: `{"passed": N, "failed": N, "failures": [{file, line, column, kind, rule, text, message}]}`.
    static func json(_ report: ExampleReport) throws -> String {
        struct Failure: Encodable {
            var file: String, line: Int, column: Int, kind: String, rule: String?, text: String, message: String
        }
        struct Output: Encodable {
            var passed: Int, failed: Int, failures: [Failure]
        }
        let output = Output(
            passed: report.passed, failed: report.failed,
            failures: report.failures.map {
                Failure(
                    file: $0.file, line: $0.line, column: $0.column, kind: $0.kind.rawValue, rule: $0.rule, text: $0.text,
                    message: $0.failure ?? "failed")
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }
}
