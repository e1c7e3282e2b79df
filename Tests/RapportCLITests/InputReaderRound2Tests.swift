import Foundation
import Testing

/// Issue 15, input side: hostile or unusual input shapes reach the binary and every record comes out
/// exactly once, with the place of any error named.
@Suite struct InputReaderRound2Tests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The output lines of a run, each parsed as a JSON object.
    static func records(_ run: CLIRun) -> [[String: Any]] {
        run.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The kept `text` field of an output record (`--keep-fields text`).
    static func keptText(_ record: [String: Any]) -> String? {
        (record["fields"] as? [String: Any])?["text"] as? String
    }

    // Defect 1: skipping an over-long row used to forget the open quote, so each line of the cell became a row.
    @Test func overLongQuotedCellIsOneErrorRecordAndReadingResumesAfterTheRow() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "id,text\nr1,where is my parcel?\nr2,\"start of a long cell\n"
        // 5,000 lines, about 170 KB: longer than a read (64 KiB), so the row is skipped across reads.
        for k in 0..<5_000 { csv += "forged-\(k),I love it so much thank you\n" }
        csv += "end of the cell\"\nr3,thank you!\nr4,\"a quoted\ncell on two lines\"\n"
        let path = dir.appendingPathComponent("long.csv")
        try Data(csv.utf8).write(to: path)
        let run = try CLI.run(["classify", "--quiet", "--max-record-bytes", "1024", path.path])
        #expect(run.status == 65)
        let records = Self.records(run)
        #expect(records.count == 4)
        #expect(records.map { $0["id"] as? String } == ["r1", nil, "r3", "r4"])
        #expect(records.count == 4 && records[1]["line"] as? Int == 3)
        #expect(records.count == 4 && records[1]["error"] as? String == "the row (lines 3-5004) is longer than 1024 bytes (see --max-record-bytes)")
        #expect(!run.out.contains("forged"))
    }
}

extension InputReaderRound2Tests {
    // Defect 6: two members flattening to one dotted key used to be settled by per-process hash seeding.
    @Test func membersFlatteningToOneKeyGiveTheSameVerdictEveryRun() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var jsonl = ""
        for k in 0..<8 {
            jsonl +=
                #"{"id":"c\#(k)","text":"this is terrible, my order never arrived","author.followers":5,"author":{"followers":50000,"name":"ana"},"x.y":1,"x":{"y":2}}"#
                + "\n"
            jsonl += #"{"author":{"followers":50000},"author.followers":5,"id":"d\#(k)","text":"this is terrible, my order never arrived"}"# + "\n"
        }
        let path = dir.appendingPathComponent("dotted.jsonl")
        try Data(jsonl.utf8).write(to: path)
        var outputs = Set<String>()
        for _ in 0..<20 {
            let run = try CLI.run(["classify", "--quiet", path.path])
            #expect(run.status == 0)
            outputs.insert(run.out)
        }
        #expect(outputs.count == 1)
        // The nested member wins: 50,000 followers make the complaint a high-reach escalation.
        let records = outputs.first.map { Self.records(CLIRun(stdout: Data($0.utf8), stderr: Data(), status: 0)) } ?? []
        #expect(records.count == 16)
        for record in records {
            #expect((record["escalation"] as? [String: Any])?["route"] as? String == "social-lead", "\(record)")
        }
    }
}

extension InputReaderRound2Tests {
    static func utf16(_ text: String, bigEndian: Bool) -> Data {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        return Data(bytes)
    }

    // Defect 19: UTF-16 input used to be read as NUL-laced bytes (garbage verdicts, an extra record).
    @Test func utf16InputIsTranscoded() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Little-endian plain text from a file, with an emoji (a surrogate pair) and CRLF line ends.
        let text = dir.appendingPathComponent("export.txt")
        try Self.utf16("where is my parcel?\r\nthank you so much 😀\r\n", bigEndian: false).write(to: text)
        let fromFile = try CLI.run(["classify", "--quiet", "--keep-fields", "text", text.path])
        #expect(fromFile.status == 0)
        let records = Self.records(fromFile)
        #expect(records.map { Self.keptText($0) } == ["where is my parcel?", "thank you so much 😀"])
        #expect(records.map { $0["label"] as? String } == ["complaint", "praise"])
        // Big-endian CSV on stdin: detected as CSV from its header once transcoded.
        let csv = Self.utf16("id,text\na1,thank you so much\na2,\"où est mon colis?\"\n", bigEndian: true)
        let fromStdin = try CLI.run(["classify", "--quiet", "--keep-fields", "text", "-"], stdin: csv)
        #expect(fromStdin.status == 0)
        let rows = Self.records(fromStdin)
        #expect(rows.map { $0["id"] as? String } == ["a1", "a2"])
        #expect(rows.map { Self.keptText($0) } == ["thank you so much", "où est mon colis?"])
        // A lone surrogate and a trailing odd byte become U+FFFD; nothing is dropped.
        var broken = Self.utf16("{\"text\":\"a", bigEndian: false)
        broken.append(contentsOf: [0x00, 0xD8])  // an unpaired high surrogate
        broken.append(Self.utf16("b\"}\n{\"text\":\"c\"}\n", bigEndian: false).dropFirst(2))
        broken.append(0x41)
        let jsonl = dir.appendingPathComponent("broken.jsonl")
        try broken.write(to: jsonl)
        let lenient = try CLI.run(["classify", "--quiet", "--keep-fields", "text", jsonl.path])
        #expect(Self.records(lenient).map { Self.keptText($0) } == ["a\u{FFFD}b", "c", nil])
        #expect(lenient.status == 65)
    }
}

extension InputReaderRound2Tests {
    // Defect 5: a first line that merely looked like JSON or a header switched stdin's format, and the comments vanished.
    @Test(arguments: [
        ("[deleted]\nwhere is my parcel?\nthank you so much\n", "plain text"),
        ("{curly} braces in a comment\nwhere is my parcel?\nthank you so much\n", "plain text"),
        ("Comment, text please\nwhere is my parcel?\nthank you so much\n", "plain text"),
        ("[1, 2] is my list\nwhere is my parcel?\nthank you so much\n", "plain text"),
    ])
    func plainTextDumpsAreReadAsText(input: String, format: String) throws {
        let run = try CLI.run(["classify", "--keep-fields", "text", "-"], stdin: Data(input.utf8))
        #expect(run.status == 0)
        #expect(Self.records(run).map(Self.keptText) == input.split(separator: "\n").map(String.init))
        #expect(
            run.err.hasPrefix(
                "rapport: <stdin>: read as \(format), one comment per line: the first line is neither JSON nor a CSV/TSV header naming a text column; use --input-format jsonl|json|csv|tsv|text to choose\n"
            ))
    }

    @Test func unambiguousFirstLinesStillChooseTheirFormat() throws {
        let cases: [(input: String, texts: [String], notice: String)] = [
            ("{\"text\":\"a\"}\n{\"text\":\"b\"}\n", ["a", "b"], "read as JSON Lines: the first line is a JSON object"),
            (
                "[\n  {\"text\":\"a\"},\n  {\"text\":\"b\"}\n]\n", ["a", "b"],
                "read as JSON: the first line starts a JSON array that goes on over the next lines"
            ),
            ("[{\"text\":\"a\"},\n{\"text\":\"b\"}]\n", ["a", "b"], "read as JSON: the first line starts a JSON array that goes on over the next lines"),
            (
                "{\"data\":[{\"text\":\"a\"},{\"text\":\"b\"}]}\n", ["a", "b"],
                "read as JSON: the first line is a JSON object holding an array of records under \"data\""
            ),
            ("id, Text\n1,a\n2,b\n", ["a", "b"], "read as CSV: the first line is a comma-separated header with the text column \"Text\""),
            ("id\tcomment\n1\ta\n2\tb\n", ["a", "b"], "read as TSV: the first line is a tab-separated header with the text column \"comment\""),
        ]
        for c in cases {
            let run = try CLI.run(["classify", "--keep-fields", "text,comment,Text", "-"], stdin: Data(c.input.utf8))
            #expect(run.status == 0, "\(c.input)")
            let texts = Self.records(run).map { record in
                ((record["fields"] as? [String: Any]).flatMap { ($0["text"] as? String) ?? ($0["comment"] as? String) ?? ($0["Text"] as? String) })
            }
            #expect(texts == c.texts, "\(c.input)")
            #expect(run.err.hasPrefix("rapport: <stdin>: \(c.notice); use --input-format"), "\(run.err)")
        }
        // Chosen formats and extensions say nothing; --quiet silences the notice.
        let chosen = try CLI.run(["classify", "--input-format", "text", "-"], stdin: Data("[deleted]\n".utf8))
        #expect(!chosen.err.contains("read as"))
        let quiet = try CLI.run(["classify", "--quiet", "-"], stdin: Data("[deleted]\n".utf8))
        #expect(quiet.err.isEmpty)
    }
}

extension InputReaderRound2Tests {
    // Defect 4: whatever followed the first array (a second page, a second array in the wrapper) was dropped with exit 0.
    @Test func concatenatedDocumentsAndSeveralWrapperArraysAreAllRead() throws {
        let page1 = "[{\"id\":\"a\",\"text\":\"one\"},\n {\"id\":\"b\",\"text\":\"two\"}]\n"
        let page2 = "\u{FEFF}{\"paging\":{\"next\":[1]},\"data\":[{\"id\":\"c\",\"text\":\"three\"}],\"items\":[{\"id\":\"d\",\"text\":\"four\"}]}"
        let page3 = "[{\"id\":\"e\",\"text\":\"five\"}]"
        let run = try CLI.run(["classify", "--quiet", "-"], stdin: Data((page1 + page2 + page3).utf8))
        #expect(run.status == 0)
        #expect(Self.records(run).map { $0["id"] as? String } == ["a", "b", "c", "d", "e"])

        // What cannot be records is reported in place, and reading goes on after it.
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pages.json")
        try Data("[{\"id\":\"a\",\"text\":\"one\"}]\ngarbage\n{\"meta\":{\"data\":[]}}\n{\"data\":[{\"id\":\"b\",\"text\":\"two\"}]}\n{\"items\":[".utf8).write(
            to: path)
        let mixed = try CLI.run(["classify", "--quiet", path.path])
        #expect(mixed.status == 65)
        let records = Self.records(mixed)
        #expect(records.map { $0["id"] as? String ?? "line \($0["line"] as? Int ?? 0)" } == ["a", "line 2", "line 3", "b", "line 5"])
        #expect(records.count == 5 && records[1]["error"] as? String == "malformed JSON at column 1: unexpected 'g', expected a value")
        #expect(records.count == 5 && (records[2]["error"] as? String)?.hasPrefix("the JSON object holds no array of records") == true)
        #expect(records.count == 5 && records[4]["error"] as? String == "the input ends inside the array of records (no closing ']'; truncated file?)")
    }
}

extension InputReaderRound2Tests {
    // Every input used to be opened before any was read, so about a thousand inputs ran out of descriptors.
    @Test func moreInputsThanDescriptorsAreReadOneAtATime() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for k in 0..<1_200 {
            let path = dir.appendingPathComponent("c\(k).txt").path
            try Data("comment \(k)\n".utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let out = dir.appendingPathComponent("out.jsonl").path, err = dir.appendingPathComponent("err.txt").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // At most 256 descriptors: far fewer than the inputs.
        process.arguments = ["-c", "ulimit -n 256 && exec \"$0\" classify --quiet \"$@\" > '\(out)' 2> '\(err)'", CLI.binary.path] + paths
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: err, encoding: .utf8) == "")
        let ids = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == paths.map { "\($0):1" })
    }
}
