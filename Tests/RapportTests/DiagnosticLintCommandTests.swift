import Foundation
import Testing

/// Runs the built `rapport lint` and checks its output and exit codes. Skips (with a notice) when
/// the binary is not beside the test bundle.
@Suite("rapport lint command")
struct DiagnosticLintCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "rapport"),
            root.appending(path: ".build/debug/rapport"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `rapport lint arguments...` in the package root; returns exit status and stdout.
    func lint(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard let binary = Self.binary else {
            print("notice: rapport binary not found beside the tests; skipping lint command tests")
            return nil
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["lint"] + arguments
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aLayerIsCleanOnlyOverTheDefault() throws {
        // fixtures/rule-packs/layered uses <parcel>, which only the embedded default pack defines.
        guard let (alone, aloneOutput) = try lint(["fixtures/rule-packs/layered"]) else { return }
        #expect(alone == 1)
        #expect(aloneOutput.contains("unknown list '<parcel>'"))
        guard let (layered, layeredOutput) = try lint(["--over-default", "fixtures/rule-packs/layered"]) else { return }
        #expect(layered == 0)
        #expect(layeredOutput == "0 errors, 0 warnings\n")
    }

    @Test func cleanPackExitsZero() throws {
        guard let (status, output) = try lint(["fixtures/rule-packs/valid/full-pack"]) else { return }
        #expect(status == 0)
        #expect(output == "0 errors, 0 warnings\n")
    }

    @Test func errorsPrintSourceAndCaretAndExitOne() throws {
        guard let (status, output) = try lint(["fixtures/rule-packs/invalid/01-unknown-key-in-rule.yaml"]) else { return }
        #expect(status == 1)
        #expect(
            output.contains(
                """
                fixtures/rule-packs/invalid/01-unknown-key-in-rule.yaml:5:5: error: unknown key 'patern' in rule 'complaint.late-delivery'; did you mean 'match'?
                    patern: "where is my order"
                    ^
                """))
        #expect(output.hasSuffix("2 errors, 1 warning\n"))
        #expect(!output.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func warningsFailOnlyWithStrict() throws {
        guard let (status, _) = try lint(["fixtures/rule-packs/invalid/27-warnings.yaml"]),
            let (strictStatus, _) = try lint(["--strict", "fixtures/rule-packs/invalid/27-warnings.yaml"])
        else { return }
        #expect(status == 0)
        #expect(strictStatus == 1)
    }

    @Test func jsonFormat() throws {
        guard let (status, output) = try lint(["--format", "json", "fixtures/rule-packs/invalid/23-unknown-level.yaml"]) else { return }
        #expect(status == 1)
        let objects = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
        #expect(objects?.count == 2)
        #expect(objects?.first?["code"] as? String == "unknown-level")
        #expect(objects?.first?["line"] as? Int == 5)
        #expect(objects?.first?["column"] as? Int == 23)
        #expect(objects?.first?["hint"] as? String == "did you mean 'critical'?")
        #expect(objects?.last?["hint"] as? String == "levels are low, medium, high, critical")
    }

    @Test func usageErrorsExit64() throws {
        guard let (missing, _) = try lint(["no/such/pack"]),
            let (badFormat, _) = try lint(["--format", "xml", "fixtures/rule-packs/valid"])
        else { return }
        #expect(missing == 64)
        #expect(badFormat == 64)
    }
}
