import RapportSupport
import Testing
@testable import Rapport

/// Loading parses and decodes a pack's files on all cores (docs/PERFORMANCE.md, loading round 8): the
/// pack, its warnings and its errors must be what loading them one after another gives, in the same order.
@Suite struct ParallelLoadTests {
    @Test func parallelMapReturnsEveryResultInIndexOrder() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for count in [0, 1, 2, 3, 17, 1_000] {
            var costs: [Int] = []
            for _ in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                costs.append(Int(state >> 54))
            }
            let expected = (0..<count).map { $0 * $0 + 7 }
            #expect(ParallelMap.map(count: count) { $0 * $0 + 7 } == expected)
            #expect(ParallelMap.map(count: count, costs: costs) { $0 * $0 + 7 } == expected)
            #expect(ParallelMap.map(count: count, costs: costs, serially: true) { $0 * $0 + 7 } == expected)
        }
    }

    static func files(_ texts: [(String, String)], layers: [Int]? = nil) -> [RuleFile] {
        texts.enumerated().map { index, file in
            var rule = RuleFile(name: file.0, text: file.1, bytes: Array(file.1.utf8))
            rule.layer = layers?[index] ?? 0
            return rule
        }
    }

    @Test func theDefaultPackLoadsTheSameInParallelAsSerially() throws {
        let files = Self.files(RulePack.defaultFiles.map { ($0.name, $0.text) })
        let serial = try RulePack.load(files: files, extraDiagnostics: [], serially: true)
        for _ in 0..<5 {
            let parallel = try RulePack.load(files: files, extraDiagnostics: [])
            #expect(PackPrinter.yaml(parallel) == PackPrinter.yaml(serial))
            #expect(parallel.warnings.map(\.description) == serial.warnings.map(\.description))
            #expect(parallel.rules.map(\.id) == serial.rules.map(\.id))
        }
    }

    /// Errors of every kind the two passes find, spread over files of two layers: a YAML syntax error, a
    /// bad pattern, a label only a higher layer declares, a duplicate rule id across files, and warnings.
    @Test func errorsAndWarningsComeInTheSameOrder() {
        let texts = [
            ("a.yaml", "rapport: 1\nlabels: [refund]\nrules:\n  - id: r1\n    label: refund\n    match: ['money back']\n"),
            ("b.yaml", "rapport: 1\nrules:\n  - id: r2\n    label: complaint\n    match: ['broken {0,99} again']\n"),
            ("c.yaml", "rapport: 1\nrules: [\n"),
            ("d.yaml", "rapport: 1\nrules:\n  - id: r1\n    label: complaint\n    match: ['still broken']\n    colour: red\n"),
            ("e.yaml", "rapport: 1\nrules:\n  - id: r5\n    label: upgrade\n    match: ['pro plan']\n"),
            ("f.yaml", "rapport: 1\nlabels: [upgrade]\nrules:\n  - id: r6\n    label: upgrade\n    match: ['premium']\n"),
        ]
        let files = Self.files(texts, layers: [0, 0, 0, 0, 0, 1])
        func diagnostics(serially: Bool) -> [String] {
            do {
                _ = try RulePack.load(files: files, extraDiagnostics: [], serially: serially)
                return []
            } catch {
                return error.diagnostics.map(\.description)
            }
        }
        let serial = diagnostics(serially: true)
        #expect(serial.count >= 4)
        #expect(serial.contains { $0.contains("c.yaml") })
        #expect(serial.contains { $0.contains("e.yaml") && $0.contains("upgrade") })
        for _ in 0..<10 { #expect(diagnostics(serially: false) == serial) }
    }
}
