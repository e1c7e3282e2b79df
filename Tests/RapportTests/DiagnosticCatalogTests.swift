import Foundation
import Testing
@testable import Rapport

/// Every diagnostic code has a catalog entry whose example triggers it, through the loader `rapport
/// lint` uses (`Engine.load`), for `example-failed` through the examples `rapport test` runs, or for
/// `field-not-in-sample` against the fields of a sample export.
@Suite("Diagnostic catalog")
struct DiagnosticCatalogTests {
    /// The diagnostics `example` gives, its files written to a fresh directory.
    func diagnostics(of example: DiagnosticCode.Example) throws -> [Diagnostic] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The files of one pack: one directory, read in name order (several paths would be stacked layers).
        for index in example.files.indices {
            try Data(example.bytes(ofFile: index)).write(to: directory.appendingPathComponent("example-\(index + 1).yaml"))
        }
        let paths = [directory.appendingPathComponent(example.trigger == .missingPath ? "no-such-pack" : "").path]
        do throws(RulePackError) {
            let engine = try Engine.load(paths: paths, overDefault: false, limits: example.limits)
            switch example.trigger {
            case .test: return engine.diagnostics + ExampleRunner.run(engine).failures.compactMap(\.diagnostic)
            case .sample(let fields): return engine.diagnostics + engine.pack.fieldsMissing(fromSample: Set(fields), sample: "sample.jsonl")
            case .lint, .missingPath: return engine.diagnostics
            }
        } catch {
            return error.diagnostics
        }
    }

    @Test(arguments: DiagnosticCode.allCases)
    func theExampleTriggersTheCode(_ code: DiagnosticCode) throws {
        let found = try diagnostics(of: code.example)
        let reported = found.filter { $0.code == code }
        #expect(!reported.isEmpty, "\(code): the example gives \(found.map { "\($0.code) \($0.description)" })")
        #expect(reported.allSatisfy { $0.severity == code.severity }, "\(code): \(reported.map(\.description))")
        #expect(!code.summary.isEmpty && !code.summary.contains("\n"), "\(code): the summary is one line")
    }

    @Test func theExplanationShowsTheSummaryAndEveryFileOfTheExample() {
        let text = DiagnosticCode.duplicateList.explanation
        #expect(text.hasPrefix("duplicate-list (error): \(DiagnosticCode.duplicateList.summary)\n"))
        #expect(text.contains("# file 1 of 2") && text.contains("# file 2 of 2"))
        #expect(text.contains("\n      parcel: [parcel, delivery]\n"))
    }

    @Test func theLatin1ExampleIsNotUTF8() {
        let example = DiagnosticCode.yamlEncoding.example
        #expect(example.latin1)
        #expect(String(validating: example.bytes(ofFile: 0), as: UTF8.self) == nil)
        #expect(Array(DiagnosticCode.unknownKey.example.bytes(ofFile: 0)) == Array(DiagnosticCode.unknownKey.example.files[0].utf8))
    }
}
