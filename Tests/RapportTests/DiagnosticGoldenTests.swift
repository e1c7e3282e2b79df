import Foundation
import Testing
@testable import Rapport

/// Golden tests: every pack in `fixtures/rule-packs/invalid/` yields exactly the diagnostics in its
/// `.expected` file; every pack in `fixtures/rule-packs/valid/` loads and compiles with no errors and
/// no warnings. Both go through ``Engine/load(paths:overDefault:limits:options:)``, as `rapport lint` does.
///
/// Set `RAPPORT_UPDATE_GOLDEN=1` to rewrite the `.expected` files from the current output; the
/// test still fails for every file it rewrote, so a changed expectation is always looked at.
@Suite("Diagnostic golden files")
struct DiagnosticGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let invalidDirectory = root.appending(path: "fixtures/rule-packs/invalid").path
    static let validDirectory = root.appending(path: "fixtures/rule-packs/valid").path

    /// The packs of a fixture directory: `.yaml` files and sub-directories, by name.
    static func packs(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
            return isDirectory.boolValue || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        }.sorted()
    }

    /// All diagnostics of loading and compiling `path` (what `rapport lint` reports), errors or warnings.
    static func diagnostics(of path: String) -> [Diagnostic] {
        do {
            return try Engine.load(paths: [path], overDefault: false).diagnostics
        } catch {
            return error.diagnostics
        }
    }

    /// The `.expected` text: one `description` line per diagnostic, paths relative to `invalid/`.
    static func golden(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { $0.description.replacingOccurrences(of: invalidDirectory + "/", with: "") + "\n" }.joined()
    }

    @Test func thereAreAtLeast25InvalidPacks() {
        #expect(Self.packs(in: Self.invalidDirectory).count >= 25)
    }

    @Test(arguments: packs(in: invalidDirectory))
    func invalidPackYieldsExactlyItsExpectedDiagnostics(name: String) throws {
        let path = Self.invalidDirectory + "/" + name
        let found = Self.diagnostics(of: path)
        #expect(!found.isEmpty, "\(name) should produce diagnostics")
        for diagnostic in found {
            #expect(diagnostic.line >= 1 && diagnostic.column >= 1, "\(diagnostic) has no line:column")
        }
        let actual = Self.golden(found)
        let base = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
        let expectedPath = Self.invalidDirectory + "/" + base + ".expected"
        let expected = FileManager.default.contents(atPath: expectedPath).map { String(decoding: $0, as: UTF8.self) }
        if ProcessInfo.processInfo.environment["RAPPORT_UPDATE_GOLDEN"] == "1", expected != actual {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(base).expected; check the diff and run again without RAPPORT_UPDATE_GOLDEN")
            return
        }
        #expect(expected != nil, "missing \(base).expected (run with RAPPORT_UPDATE_GOLDEN=1 to create it)")
        #expect(actual == expected, "diagnostics of \(name) differ from \(base).expected")
    }

    @Test(arguments: packs(in: validDirectory))
    func validPackLoadsCleanly(name: String) {
        // Notes (`when-stage`) inform; a clean pack has no error or warning.
        let found = Self.diagnostics(of: Self.validDirectory + "/" + name).filter { $0.severity != .note }
        #expect(found.isEmpty, "\(name): \(found.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyExpectedFileHasItsPack() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.invalidDirectory)) ?? []
        let packs = Set(Self.packs(in: Self.invalidDirectory).map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 })
        for name in names where name.hasSuffix(".expected") {
            #expect(packs.contains(String(name.dropLast(9))), "\(name) has no pack beside it")
        }
    }
}
