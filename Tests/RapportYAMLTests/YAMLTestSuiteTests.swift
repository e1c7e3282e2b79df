import Foundation
import RapportYAML
import Testing

/// Walks every case of the YAML test suite (`../shared/yaml-test-suite` beside the package, or
/// `/work/shared/yaml-test-suite`): where `in.json` exists the loaded documents must equal it,
/// where `error` exists loading must fail with a mark, otherwise loading must succeed.
/// Cases listed in `known-failures.txt` must fail, so that the list stays honest.
@Suite struct YAMLTestSuiteTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func suiteFolder() -> URL? {
        let candidates = [
            packageRoot.appendingPathComponent("../shared/yaml-test-suite").standardizedFileURL,
            URL(fileURLWithPath: "/work/shared/yaml-test-suite"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("229Q").path) }
    }

    /// Case ids (`229Q`, `2G84/00`) and their folders, sorted.
    static func cases(in root: URL) throws -> [(id: String, folder: URL)] {
        let fm = FileManager.default
        var result: [(String, URL)] = []
        for name in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(name)
            if fm.fileExists(atPath: folder.appendingPathComponent("in.yaml").path) {
                result.append((name, folder))
                continue
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for sub in try fm.contentsOfDirectory(atPath: folder.path).sorted() {
                let subFolder = folder.appendingPathComponent(sub)
                if fm.fileExists(atPath: subFolder.appendingPathComponent("in.yaml").path) {
                    result.append(("\(name)/\(sub)", subFolder))
                }
            }
        }
        return result
    }

    /// `id reason` lines of `known-failures.txt` (`#` starts a comment line).
    static func knownFailures() throws -> [String: String] {
        let url = packageRoot.appendingPathComponent("Tests/RapportYAMLTests/known-failures.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var known: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1)
            known[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return known
    }

    /// Why the case fails, or `nil` when it passes.
    static func failure(of folder: URL) throws -> String? {
        let fm = FileManager.default
        let input = try [UInt8](Data(contentsOf: folder.appendingPathComponent("in.yaml")))
        let expectsError = fm.fileExists(atPath: folder.appendingPathComponent("error").path)
        let documents: [Node?]
        do {
            documents = try YAMLParser.parseStream(bytes: input)
        } catch {
            if expectsError {
                return error.mark.line >= 1 && error.mark.column >= 1 ? nil : "error without a valid mark: \(error)"
            }
            return "unexpected error: \(error)"
        }
        if expectsError { return "loaded without the expected error" }
        let jsonURL = folder.appendingPathComponent("in.json")
        guard fm.fileExists(atPath: jsonURL.path) else { return nil }
        let expected = try JSONReader.values(String(decoding: Data(contentsOf: jsonURL), as: UTF8.self))
        let actual = documents.map { $0?.jsonValue ?? .null }
        guard actual.count == expected.count, zip(actual, expected).allSatisfy({ $0.matches($1) }) else {
            return "got \(actual.map(\.description)), expected \(expected.map(\.description))"
        }
        return nil
    }

    @Test func everyCaseLoadsAsTheSuiteSays() throws {
        guard let root = Self.suiteFolder() else {
            print("notice: yaml-test-suite not found beside the package or at /work/shared; skipping the suite walk")
            return
        }
        let known = try Self.knownFailures()
        let cases = try Self.cases(in: root)
        #expect(cases.count > 300, "found only \(cases.count) cases under \(root.path)")
        var failing: [String: String] = [:]
        for (id, folder) in cases {
            if let why = try Self.failure(of: folder) { failing[id] = why }
        }
        let unexpected = failing.keys.filter { known[$0] == nil }.sorted()
        let nowPassing = known.keys.filter { failing[$0] == nil }.sorted()
        for id in unexpected {
            Issue.record("yaml-test-suite case \(id) fails and is not in known-failures.txt: \(failing[id] ?? "")")
        }
        for id in nowPassing {
            Issue.record("yaml-test-suite case \(id) is in known-failures.txt but passes (or no longer exists); remove it from the list")
        }
        print("yaml-test-suite: \(cases.count - failing.count) of \(cases.count) cases pass; \(failing.count) fail, \(known.count) listed as known failures")
    }
}
