import Foundation
import Testing

/// `rapport classify < file`: standard input that is a regular file, not a pipe. Format detection reads
/// its first bytes; the records must still all be classified, from where stdin stood when the run began.
@Suite struct StdinFileCLITests {
    static let lines = ["where is my parcel??", "thanks so much, the new app is great", "my bill doubled again, sort it out"]

    /// Writes `text` to a new file in a new temporary directory; returns both.
    static func file(_ name: String, _ text: String) throws -> (dir: URL, path: String) {
        let dir = try HostileInputCLITests.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        return (dir, path)
    }

    /// The `id` of each JSON Lines verdict in `output`.
    static func ids(_ output: String) throws -> [String] {
        try output.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? "?"
        }
    }

    @Test(arguments: ["text", "jsonl"])
    func everyRecordOfARedirectedFileIsClassified(format: String) throws {
        let body =
            format == "text"
            ? Self.lines.joined(separator: "\n") + "\n"
            : Self.lines.enumerated().map { #"{"id":"c\#($0.offset)","text":"\#($0.element)"}"# }.joined(separator: "\n") + "\n"
        let (dir, path) = try Self.file("comments.\(format)", body)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.shell(#""$RAPPORT" classify --fields id,label < "$FILE""#, environment: ["FILE": path])
        #expect(run.status == 0)
        let expected = format == "text" ? ["1", "2", "3"] : ["c0", "c1", "c2"]
        #expect(try Self.ids(run.out) == expected)
        #expect(run.err.contains("3 records read, 3 classified"))
    }

    @Test func aRedirectedFileIsReadFromWhereStdinStands() throws {
        // The shell's `read` takes the first line and leaves stdin's offset after it.
        let (dir, path) = try Self.file("comments.txt", Self.lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.shell(
            #"{ read -r skipped; "$RAPPORT" classify --quiet --input-format text --fields id,label; } < "$FILE""#,
            environment: ["FILE": path])
        #expect(run.status == 0)
        #expect(try Self.ids(run.out) == ["1", "2"])
    }

    @Test func aRedirectedFileAndAnotherInputAreBothRead() throws {
        let (dir, path) = try Self.file("first.txt", Self.lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let second = dir.appendingPathComponent("second.txt").path
        #expect(FileManager.default.createFile(atPath: second, contents: Data("is the store open on sunday?\n".utf8)))
        let run = try CLI.shell(
            #""$RAPPORT" classify --quiet --fields id,label - "$SECOND" < "$FILE""#, environment: ["FILE": path, "SECOND": second])
        #expect(run.status == 0)
        #expect(try Self.ids(run.out) == ["stdin:1", "stdin:2", "stdin:3", "\(second):1"])
    }
}
