import Foundation
import Testing

/// The command line against hostile input, round 2 (issue 15): what reaches the terminal on stderr,
/// stdout that cannot be written, an endless comment for `explain`, and numeric options at their limits.
@Suite("command line, round 2")
struct CommandLineRound2Tests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The scalars of `text` a terminal would act on: escape and other C0 controls (line breaks
    /// aside), DEL, C1 controls and bidirectional controls.
    static func unsafeScalars(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { s in
            switch s.value {
            case 0x0A: false
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    // MARK: Input-derived text on stderr (defect 11)

    /// A title change, a screen clear, a hyperlink and a right-to-left override.
    static let hostile = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}]8;;http://evil.invalid\u{07}\u{202E}"
    /// The same without the link (a file name cannot hold a `/`).
    static let hostileName = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{202E}"

    @Test func csvHeaderCellsInAnErrorReachStderrSanitised() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("header.csv")
        try Data("id,te\(Self.hostile)xt\u{9B}31m\n1,hello\n".utf8).write(to: file)
        let run = try CLI.run(["classify", file.path])
        #expect(run.status == 66)
        #expect(run.err.contains("columns: id, text31m; use --text-field"))
        #expect(Self.unsafeScalars(run.err).isEmpty)
    }

    @Test func jsonWrapperKeysInAnErrorReachStderrSanitised() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wrapper.json")
        try Data(#"{"\u001b]8;;http://evil.invalid\u0007click\u001b]8;;\u0007\u202e" 5}"#.utf8).write(to: file)
        let run = try CLI.run(["classify", file.path])
        #expect(run.status == 66)
        #expect(run.err.contains(#"expected ':' after key "click""#))
        #expect(Self.unsafeScalars(run.err).isEmpty)
    }

    @Test func fileNamesInTheSummaryAndErrorsReachStderrSanitised() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("a.jsonl")
        let named = dir.appendingPathComponent("b\(Self.hostileName).jsonl")
        for file in [plain, named] { try Data("{\"text\":\"hi\"}\n{bad\n".utf8).write(to: file) }
        let run = try CLI.run(["classify", plain.path, named.path])
        #expect(run.status == 65)
        #expect(run.err.contains("  errors at: \(plain.path):2, \(dir.path)/b.jsonl:2\n"))
        #expect(run.err.contains("\n  labels: "))
        #expect(Self.unsafeScalars(run.err).isEmpty)

        let missing = try CLI.run(["classify", dir.appendingPathComponent("gone\(Self.hostileName).jsonl").path])
        #expect(missing.status == 66)
        #expect(missing.err == "rapport: \(dir.path)/gone.jsonl: cannot open: No such file or directory\n")

        // A line break in a file name cannot start a forged line.
        let forged = dir.appendingPathComponent("c\nrapport: all good\u{1B}[8m.jsonl")
        try Data("{bad\n".utf8).write(to: forged)
        let split = try CLI.run(["classify", plain.path, forged.path])
        #expect(split.status == 65)
        #expect(split.err.contains("  errors at: \(plain.path):2, \(dir.path)/c rapport: all good.jsonl:1\n"))
        #expect(!split.err.split(separator: "\n").contains { $0.hasPrefix("rapport: all good") })
        let gone = try CLI.run(["classify", dir.appendingPathComponent("gone\nrapport: all good").path])
        #expect(gone.err == "rapport: \(dir.path)/gone rapport: all good: cannot open: No such file or directory\n")
    }

    @Test func valuesQuotedInUsageErrorsReachStderrSanitised() throws {
        let lint = try CLI.run(["lint", "missing\(Self.hostile).yaml"])
        #expect(lint.status == 64)
        #expect(lint.err.hasPrefix("Error: no such file or directory: missing.yaml\n"))
        #expect(Self.unsafeScalars(lint.err).isEmpty)

        let explain = try CLI.run(["explain", "--field", "x\(Self.hostile)", "hi"])
        #expect(explain.status == 64)
        #expect(explain.err.contains("--field needs path=value, got 'x'"))
        #expect(Self.unsafeScalars(explain.err).isEmpty)
    }

    // MARK: Stdout that cannot be written (defect 14)

    /// Runs `rapport args...` with stdout on `stdout` and SIGPIPE ignored (as a shell's `trap '' PIPE`
    /// leaves it); returns the exit status and stderr.
    static func run(_ args: [String], stdout: FileHandle) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' PIPE; exec \"$0\" \"$@\"", CLI.binary.path] + args
        process.currentDirectoryURL = CLI.root
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        let errPipe = Pipe()
        process.standardError = errPipe
        try process.run()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err, as: UTF8.self))
    }

    static let reportCommands: [[String]] = [
        ["explain", "where is my parcel?"],
        ["explain", "--format", "json", "where is my parcel?"],
        ["test"],
        ["test", "--format", "json"],
        ["eval", "fixtures/cli/labelled.csv"],
        ["eval", "--format", "json", "fixtures/cli/labelled.csv"],
        ["lint", "rules"],
        ["lint", "--format", "json", "rules"],
    ]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")), arguments: reportCommands)
    func aFullStdoutExitsSeventyFour(args: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let run = try Self.run(args, stdout: full)
        #expect(run.status == 74)
        #expect(run.err == "rapport: stdout: write failed: No space left on device\n")
    }

    @Test(arguments: reportCommands)
    func aClosedPipeExitsSeventyFour(args: [String]) throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let run = try Self.run(args, stdout: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        #expect(run.status == 74)
        #expect(run.err == "rapport: stdout: write failed: Broken pipe\n")
    }

    // MARK: explain reads a bounded comment (defect 18)

    @Test func explainRefusesAStdinCommentLongerThanMaxRecordBytes() throws {
        let limit = try CLI.run(["explain", "--max-record-bytes", "1024"], stdin: Data((String(repeating: "a", count: 1024) + "\r\n").utf8))
        #expect(limit.status == 0)
        #expect(limit.out.hasPrefix("comment  \"aaaa"))
        let over = try CLI.run(["explain", "--max-record-bytes", "1024"], stdin: Data((String(repeating: "a", count: 1025) + "\n").utf8))
        #expect(over.status == 65)
        #expect(over.out.isEmpty)
        #expect(over.err == "rapport: <stdin>: the comment is longer than 1024 bytes (see --max-record-bytes)\n")
        let tooSmall = try CLI.run(["explain", "--max-record-bytes", "1023", "hi"])
        #expect(tooSmall.status == 64)
    }

    @Test func explainRefusesACommentLongerThanTheDefaultFourMebibytes() throws {
        let overStdin = try CLI.run(["explain"], stdin: Data(repeating: UInt8(ascii: "a"), count: (4 << 20) + 1))
        #expect(overStdin.status == 65)
        #expect(overStdin.err == "rapport: <stdin>: the comment is longer than 4194304 bytes (see --max-record-bytes)\n")

        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("long.txt")
        try Data(repeating: UInt8(ascii: "a"), count: (4 << 20) + 1).write(to: file)
        let overFile = try CLI.run(["explain", "--file", file.path])
        #expect(overFile.status == 65)
        #expect(overFile.err == "rapport: \(file.path): the comment is longer than 4194304 bytes (see --max-record-bytes)\n")
    }

    // MARK: Numeric options at their limits (defect 20)

    @Test func numericOptionsBeyondTheirRangeAreUsageErrors() throws {
        let input = Data((1...100).map { "comment \($0)\n" }.joined().utf8)
        for (option, value, message) in [
            ("--first-line", "9223372036854775807", "--first-line must be between 1 and 9007199254740992"),
            ("--first-line", "9007199254740993", "--first-line must be between 1 and 9007199254740992"),
            ("--first-line", "0", "--first-line must be between 1 and 9007199254740992"),
            ("--jobs", "9223372036854775807", "--jobs must be between 1 and 1024"),
            ("--jobs", "1025", "--jobs must be between 1 and 1024"),
            ("--jobs", "0", "--jobs must be between 1 and 1024"),
            ("--max-errors", "-1", "--max-errors must be 0 or more"),
            ("--max-record-bytes", "1023", "--max-record-bytes must be at least 1024"),
        ] {
            let run = try CLI.run(["classify", "--quiet", "--input-format", "text", "\(option)=\(value)", "-"], stdin: input)
            #expect(run.status == 64, "\(option) \(value)")
            #expect(run.err.hasPrefix("Error: \(message)\n"), "\(option) \(value)")
            #expect(run.out.isEmpty)
        }
        for value in ["9223372036854775808", "99999999999999999999", "-9223372036854775809"] {
            let run = try CLI.run(["classify", "--first-line=\(value)", "-"], stdin: input)
            #expect(run.status == 64)
        }
    }

    @Test func numericOptionsAtTheirLargestValuesWork() throws {
        let input = Data((1...100).map { "comment \($0)\n" }.joined().utf8)
        let first = try CLI.run(["classify", "--quiet", "--input-format", "text", "--first-line", "9007199254740992", "-"], stdin: input)
        #expect(first.status == 0)
        let ids = first.out.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.first == "9007199254740992")
        #expect(ids.last == "9007199254741091")
        #expect(ids.count == 100)

        let jobs = try CLI.run(["classify", "--quiet", "--input-format", "text", "--jobs", "1024", "-"], stdin: input)
        #expect(jobs.status == 0)
        #expect(jobs.out.split(separator: "\n").count == 100)

        let max = "9223372036854775807"
        let unbounded = try CLI.run(
            [
                "classify", "--quiet", "--input-format", "text", "--max-errors", max, "--max-record-bytes", max,
                "--limit", "fields=\(max)", "--limit", "comment-scalars=\(max)", "-",
            ], stdin: input)
        #expect(unbounded.status == 0)
        #expect(unbounded.out.split(separator: "\n").count == 100)
        let explain = try CLI.run(["explain", "--max-record-bytes", max], stdin: Data("where is my parcel?\n".utf8))
        #expect(explain.status == 0)
        #expect(explain.out.hasPrefix("comment  \"where is my parcel?\"\n"))
    }
}
