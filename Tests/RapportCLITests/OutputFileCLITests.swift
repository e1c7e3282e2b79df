import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `-o` and `--summary-json` against what a path can be: a device, a FIFO, a symbolic link, a
/// directory, a file that is also an input; and the modes of what they create. Devices are reached
/// through links in a temporary directory, so no test can replace a real device node.
@Suite struct OutputFileCLITests {
    static let comment = Data("where is my parcel??\n".utf8)

    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// A run stopped by a signal while its output is still a temporary file removes that temporary and
    /// leaves no output behind. Input comes through a FIFO the script holds open, so the run is
    /// certainly mid-way (its temporary file exists) when the signal arrives; the FIFO is closed right
    /// after, so a run that ignored the signal ends at end of input rather than hanging the test.
    @Test(arguments: ["INT", "TERM", "HUP"])
    func aSignalledRunLeavesNoTemporaryFile(signal: String) throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = #"""
            mkfifo "$DIR/in"
            "$RAPPORT" classify --input-format text -o "$DIR/out.jsonl" < "$DIR/in" &
            pid=$!
            exec 3> "$DIR/in"
            echo "where is my parcel??" >&3
            i=0
            while [ $i -lt 200 ] && ! ls -a "$DIR" | grep -q rapport-; do sleep 0.05; i=$((i + 1)); done
            echo "before: $(ls -a "$DIR" | grep -c rapport-)"
            kill -$SIG $pid
            exec 3>&-
            wait $pid
            echo "status: $?"
            echo "after: $(ls -a "$DIR" | grep -c rapport-) $(ls "$DIR" | tr '\n' ' ')"
            """#
        let run = try CLI.shell(script, environment: ["DIR": dir.path, "SIG": signal])
        #expect(run.out.contains("before: 1"))
        let number = ["INT": SIGINT, "TERM": SIGTERM, "HUP": SIGHUP][signal]!
        #expect(run.out.contains("status: \(128 + number)"))
        #expect(run.out.contains("after: 0 in \n"))
    }

    @Test func outputToALinkToAFullDeviceReportsTheWriteErrorAndKeepsTheLink() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full").path
        let null = dir.appendingPathComponent("null").path
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: "/dev/full")
        try FileManager.default.createSymbolicLink(atPath: null, withDestinationPath: "/dev/null")
        let failed = try CLI.run(["classify", "--quiet", "-o", full, "-"], stdin: Self.comment)
        #expect(failed.status == 74)
        #expect(failed.err.contains("No space left on device"))
        let written = try CLI.run(["classify", "--quiet", "-o", null, "--summary-json", null, "-"], stdin: Self.comment)
        #expect(written.status == 0)
        #expect(written.err.isEmpty)
        for link in [full, null] {
            #expect(Self.fileType(link) == S_IFLNK)
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: full) == "/dev/full")
        #expect(Self.fileType("/dev/full") == S_IFCHR)
        #expect(Self.fileType("/dev/null") == S_IFCHR)
    }

    @Test func outputToAFIFOIsWrittenIntoTheFIFO() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("out.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader that does not block, opened first, so the writer's open succeeds at once; the
        // verdict fits in the pipe buffer.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let run = try CLI.run(["classify", "--quiet", "-o", fifo, "-"], stdin: Self.comment)
        #expect(run.status == 0)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = read(reader, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self)
        #expect(text.hasPrefix(#"{"id":"1","label":"#))
        #expect(text.hasSuffix("}\n"))
        #expect(Self.fileType(fifo) == S_IFIFO)
    }

    @Test func summaryJSONThroughALinkToStderrGoesToStderr() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("err").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/stderr")
        let run = try CLI.run(["classify", "--quiet", "--summary-json", link, "-"], stdin: Self.comment)
        #expect(run.status == 0)
        #expect(run.err.hasPrefix(#"{"records":1,"classified":1,"#))
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/stderr")
    }

    @Test func summaryJSONDashIsStdout() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.shell(
            #"cd "$DIR" && printf 'where is my parcel??\n' | "$RAPPORT" classify --quiet --summary-json - -"#,
            environment: ["DIR": dir.path])
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix(#"{"records":1,"#) == true)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
    }

    @Test func outputThroughASymlinkWritesItsTargetAndKeepsTheLinkAndMode() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.jsonl").path
        let link = dir.appendingPathComponent("link.jsonl").path
        #expect(FileManager.default.createFile(atPath: target, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o600]))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.jsonl")
        let run = try CLI.run(["classify", "--quiet", "-o", link, "-"], stdin: Self.comment)
        #expect(run.status == 0)
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.jsonl")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix(#"{"id":"1","label":"complaint""#))
        #expect(Self.mode(target) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.jsonl", "target.jsonl"])
    }

    @Test func newOutputFilesHonourTheUmask() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.shell(
            #"umask 077 && printf 'hi\n' | "$RAPPORT" classify --quiet -o "$DIR/out.jsonl" --summary-json "$DIR/summary.json" - && umask 027 && printf 'hi\n' | "$RAPPORT" classify --quiet -o "$DIR/group.jsonl" -"#,
            environment: ["DIR": dir.path])
        #expect(run.status == 0)
        #expect(Self.mode(dir.appendingPathComponent("out.jsonl").path) == 0o600)
        #expect(Self.mode(dir.appendingPathComponent("summary.json").path) == 0o600)
        #expect(Self.mode(dir.appendingPathComponent("group.jsonl").path) == 0o640)
    }

    @Test func anExistingOutputFileKeepsItsMode() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv").path
        let summary = dir.appendingPathComponent("summary.json").path
        #expect(FileManager.default.createFile(atPath: out, contents: Data(), attributes: [.posixPermissions: 0o600]))
        #expect(FileManager.default.createFile(atPath: summary, contents: Data(), attributes: [.posixPermissions: 0o640]))
        let run = try CLI.run(["classify", "--quiet", "--output-format", "csv", "-o", out, "--summary-json", summary, "-"], stdin: Self.comment)
        #expect(run.status == 0)
        #expect(Self.mode(out) == 0o600)
        #expect(Self.mode(summary) == 0o640)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("id,label,"))
    }

    /// Ways to name the input as an output; `$DIR` holds `in.txt` and `link` (to `in.txt`).
    @Test(arguments: [
        #""$RAPPORT" classify -q -o ./in.txt in.txt"#,
        #""$RAPPORT" classify -q -o "$DIR/in.txt" in.txt"#,
        #""$RAPPORT" classify -q -o link in.txt"#,
        #""$RAPPORT" classify -q -o in.txt < in.txt"#,
        #""$RAPPORT" classify -q -o in.txt - < link"#,
        #""$RAPPORT" classify -q --summary-json ./in.txt in.txt"#,
        #""$RAPPORT" classify -q --summary-json link - < in.txt"#,
    ])
    func anOutputThatIsAlsoAnInputIsRefused(_ command: String) throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.txt").path
        try Self.comment.write(to: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "in.txt")
        let run = try CLI.shell(#"cd "$DIR" && "# + command, environment: ["DIR": dir.path])
        #expect(run.status == 64)
        #expect(run.err.contains("is also an input"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == Self.comment)
        #expect(Self.fileType(dir.appendingPathComponent("link").path) == S_IFLNK)
    }

    @Test func summaryJSONAndOutputCannotBeOneFile() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.jsonl").path
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: out))
        let run = try CLI.run(["classify", "--quiet", "-o", out, "--summary-json", dir.path + "/./out.jsonl", "-"], stdin: Self.comment)
        #expect(run.status == 64)
        #expect(run.err.contains("is the -o file"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep\n")
    }

    /// The output is checked before any input is read: stdin, a file shared with the next command,
    /// is left unread, so `cat` prints all of it.
    @Test(arguments: [
        ("sub", "sub: is a directory"), ("missing/out.jsonl", "No such file or directory"),
        ("in.txt/out.jsonl", "Not a directory"),
    ])
    func anUnwritableOutputPathStopsTheRunBeforeAnyInputIsRead(_ output: String, _ message: String) throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try Self.comment.write(to: dir.appendingPathComponent("in.txt"))
        let run = try CLI.shell(
            #"cd "$DIR" && { "$RAPPORT" classify -q -o "$OUT" -; echo "status $?"; cat; } < in.txt"#,
            environment: ["DIR": dir.path, "OUT": output])
        #expect(run.out == "status 74\n" + String(decoding: Self.comment, as: UTF8.self))
        #expect(run.err.contains(message))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path).isEmpty)
    }

    @Test func aJSONArrayIsClosedWhenALaterInputCannotBeRead() throws {
        let dir = try HostileInputCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"[{"text":"where is my parcel??"}]"#.utf8).write(to: dir.appendingPathComponent("a.json"))
        try Data("{}".utf8).write(to: dir.appendingPathComponent("b.json"))
        let run = try CLI.run([
            "classify", "--quiet", "--input-format", "json", "--output-format", "json",
            dir.appendingPathComponent("a.json").path, dir.appendingPathComponent("b.json").path,
        ])
        #expect(run.status == 66)
        #expect(run.err.contains("holds no array of records"))
        let array = try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]]
        #expect(array?.count == 1)
        #expect(array?.first?["label"] as? String == "complaint")
    }
}
