import Foundation
import Testing

/// The built binary against hostile input: every case ends with a clear error or a flagged result,
/// quickly, with every other record still answered.
@Suite struct HostileInputCLITests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func hundredMegabyteSingleLineCommentIsOneErrorRecord() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.txt")
        #expect(FileManager.default.createFile(atPath: path.path, contents: Data("Where is my parcel?\n".utf8)))
        let file = try FileHandle(forWritingTo: path)
        try file.seekToEnd()
        try file.write(contentsOf: Data(repeating: UInt8(ascii: "a"), count: 100_000_000))
        try file.write(contentsOf: Data("\nthank you so much!\n".utf8))
        try file.close()
        let clock = ContinuousClock()
        let start = clock.now
        let run = try CLI.run(["classify", "--quiet", path.path])
        #expect(clock.now - start < .seconds(30))
        #expect(run.status == 65)
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.count == 3 && lines[1] == #"{"line":2,"error":"the record is longer than 4194304 bytes (see --max-record-bytes)"}"#)
        #expect(lines.first?.contains(#""id":"1""#) == true)
        #expect(lines.last?.contains(#""id":"3""#) == true)
    }

    @Test func commentsLongerThanTheLimitAreFlaggedNotDropped() throws {
        let input = Data("short one\n\(String(repeating: "very ", count: 40))long\n".utf8)
        let run = try CLI.run(["classify", "--quiet", "--input-format", "text", "--limit", "comment-scalars=50", "-"], stdin: input)
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("truncated") == false)
        #expect(lines.last?.hasSuffix(#","truncated":true}"#) == true)
    }

    @Test func limitsAreValidated() throws {
        let unknown = try CLI.run(["classify", "--limit", "nope=3", "-"], stdin: Data())
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("unknown limit 'nope'"))
        let tooDeep = try CLI.run(["classify", "--limit", "json-depth=100000", "-"], stdin: Data())
        #expect(tooDeep.status == 64)
        #expect(tooDeep.err.contains("json-depth can be at most 1000"))
        let notANumber = try CLI.run(["lint", "--limit", "rules=many"])
        #expect(notANumber.status == 64)
    }

    @Test func hostilePackStopsClassifyWithExitTwo() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pack = dir.appendingPathComponent("deep.yaml")
        try Data(("rapport: 1\nrules: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8).write(to: pack)
        let run = try CLI.run(["classify", "--rules", pack.path, "-"], stdin: Data("hello\n".utf8))
        #expect(run.status == 2)
        #expect(run.err.contains("deep.yaml:2:71: error: nesting is deeper than the limit of 64 levels; the limit can be raised with --limit yaml-depth=N"))
        #expect(run.out.isEmpty)
    }
}

/// Round 2 (issue 15): hostile packs through the binary.
@Suite struct HostilePackCLITests {
    /// Writes `text` as `name` in a fresh directory; returns its path and the directory to remove.
    static func pack(_ name: String, _ text: String) throws -> (path: String, dir: URL) {
        let dir = try HostileInputCLITests.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, dir)
    }

    /// `lint` exits 1 and `classify` 2 on the pack at `path`, both printing `diagnostic`.
    static func expectLintAndClassifyRefuse(
        _ path: String, _ diagnostic: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let lint = try CLI.run(["lint", path])
        #expect(lint.status == 1, sourceLocation: sourceLocation)
        #expect(lint.out.contains(diagnostic), sourceLocation: sourceLocation)
        let classify = try CLI.run(["classify", "--no-default-rules", "--rules", path, "-"], stdin: Data("hello\n".utf8))
        #expect(classify.status == 2, sourceLocation: sourceLocation)
        #expect(classify.err.contains(diagnostic), sourceLocation: sourceLocation)
    }

    @Test func thirtyThousandTermWhenChainIsRefusedByLintAndClassifyNotACrash() throws {
        // A 180 KB `a and a and ...` scalar: classify and explain died with SIGSEGV (139), lint passed it.
        let (path, dir) = try Self.pack(
            "chain.yaml",
            "rapport: 1\nrules:\n  - id: chain\n    label: complaint\n    when: \""
                + Array(repeating: "a", count: 30_000).joined(separator: " and ") + "\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.expectLintAndClassifyRefuse(path, "chain.yaml:5:\(12 + 1_000 * 6): error: the condition has more than 1000 comparisons")
        let explain = try CLI.run(["explain", "--no-default-rules", "--rules", path, "hello"])
        #expect(explain.status == 2)
        // Raised, the limit lets the chain run: every term is evaluated without recursion.
        let raised = try CLI.run(
            [
                "classify", "--quiet", "--no-default-rules", "--limit", "when-terms=30000", "--rules", path,
                "--input-format", "jsonl", "-",
            ], stdin: Data(#"{"id":"1","text":"hi","a":true}"#.utf8 + [10]))
        #expect(raised.status == 0)
        #expect(raised.out.contains(#""rules":["chain"]"#))
    }

    @Test func lintReportsWhatOnlyTheCompilerFinds() throws {
        // fixtures/rule-packs/invalid/41-compile-errors.yaml loads cleanly; lint called it clean while
        // classify refused it (exit 2). Both now report the same diagnostics.
        let fixture = "fixtures/rule-packs/invalid/41-compile-errors.yaml"
        let lint = try CLI.run(["lint", fixture])
        #expect(lint.status == 1)
        let classify = try CLI.run(["classify", "--no-default-rules", "--rules", fixture, "-"], stdin: Data("hello\n".utf8))
        #expect(classify.status == 2)
        let place = "41-compile-errors.yaml:8:9: error: '\u{301}' in pattern '\u{301}' of rule 'combining-mark' has no tokens"
        #expect(lint.out.contains(place))
        #expect(classify.err.contains(place))
        #expect(lint.out.contains("2 errors, 0 warnings"))
    }

    @Test func aliasesOfALongPatternAreRefusedAtTheAliasThatCrossesTheByteBudget() throws {
        // 70,000 aliases of a 2,000-character pattern: a 282 KB file that expanded to 140 MB of patterns
        // (a 218 KB one took 24 s and 1.59 GB). It is refused at the alias that crosses alias-bytes.
        let pattern = "hello" + String(repeating: " world", count: 330)
        let (path, dir) = try Self.pack(
            "alias.yaml",
            "rapport: 1\nrules:\n  - id: a\n    label: complaint\n    description: &p \"\(pattern)\"\n    match: ["
                + Array(repeating: "*p", count: 70_000).joined(separator: ", ") + "]\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.expectLintAndClassifyRefuse(
            path,
            "alias.yaml:6:\(13 + 4 * (8_388_608 / 1_985)): error: aliases expand to more than "
                + "8388608 bytes of text; is this an alias bomb?; the limit can be raised with --limit alias-bytes=N")
    }

    @Test func fiftyThousandSequenceKeysEndInOneDiagnostic() throws {
        // 50,000 '? [k, N]' keys (a 1 MB file): lint and classify took over 100 s checking for duplicates.
        let (path, dir) = try Self.pack("keys.yaml", "rapport: 1\nx:\n" + (0..<50_000).map { "  ? [k, \($0)]\n  : 1\n" }.joined())
        defer { try? FileManager.default.removeItem(at: dir) }
        let lint = try CLI.run(["lint", path])
        #expect(lint.status == 1)
        #expect(lint.out.contains("keys.yaml:2:1: error: unknown key 'x' at the top level"))
        #expect(lint.out.contains("1 error, 0 warnings"))
    }

    @Test func matchingStopsAtTheStepBudgetAndTheRecordIsFlaggedNotDropped() throws {
        // Ten gap patterns and one long comment of the words they need took 115 s (release build) for
        // 100 KB: the step budget was per (pattern, start). The comment now stops at match-steps.
        let words = ["a", "b", "c"]
        let patterns = (0..<10).map { i in
            let (x, y, z) = (words[i % 3], words[(i + 1) % 3], words[(i + 2) % 3])
            return "      - \"\(x) {0,10} \(y) {0,10} \(z) {0,10} [\(x)|\(y)] {0,10} \(z) {0,\(i % 3 + 1)} \(x) $\"\n"
        }
        let (path, dir) = try Self.pack(
            "slow.yaml",
            "rapport: 1\nrules:\n  - id: slow\n    label: complaint\n    match:\n" + patterns.joined()
                + "  - id: late\n    label: complaint\n    match: [\"so late\"]\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lint = try CLI.run(["lint", path])
        #expect(lint.status == 0)
        #expect(lint.out.contains("slow.yaml:6:10: warning: the pattern of rule 'slow' can be tried 29282 ways from every token"))
        let hostile = "so late " + Array(repeating: "a b c", count: 1_000).joined(separator: " ") + " q"
        let input = Data("so late\n\(hostile)\nso late a b c q\n".utf8)
        let run = try CLI.run(
            [
                "classify", "--quiet", "--no-default-rules", "--rules", path, "--input-format", "text",
                "--limit", "match-steps=200000", "-",
            ], stdin: input)
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.map { $0.contains(#""truncated":true"#) } == [false, true, false])
        #expect(lines.allSatisfy { $0.contains(#""rules":["late"]"#) })
    }
}
