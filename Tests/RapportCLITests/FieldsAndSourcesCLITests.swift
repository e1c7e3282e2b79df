import Foundation
import Testing

/// Issue 14 through the binary: spreadsheet exports (`;` and other delimiters, Excel's UTF-16
/// "Unicode text"), `lint --sample`, and what `explain` says about `when` fields and stages.
@Suite("Fields and sources, end to end")
struct FieldsAndSourcesCLITests {
    static let pack = """
        rapport: 1
        fields:
          followers: [author.followers, user.public_metrics.followers_count]
        rules:
          - {id: complaint.broken, label: complaint, weight: 0.5, match: [broken], examples: {fire: ["it is broken"]}}
          - id: complaint.trusted
            label: complaint
            weight: 1.5
            match: [broken]
            when: "verified == yes"
            examples: {fire: ["it is broken"]}
          - id: escalate.reach
            when: "label == complaint and followers >= 10000"
            escalate: {level: high, route: social-lead, reason: High reach}
        """

    static func directory(with pack: String = FieldsAndSourcesCLITests.pack) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(pack.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        return dir
    }

    static func records(_ run: CLIRun) -> [[String: Any]] {
        run.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func utf16LE(_ text: String) -> Data {
        var data = Data([0xFF, 0xFE])
        for unit in text.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        return data
    }

    @Test func semicolonSpreadsheetExportsAreReadWithTheirFieldsAndNumbers() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A spreadsheet saved in a locale whose decimal mark is a comma: `;` between cells, "12,500" as the count.
        let csv = dir.appendingPathComponent("export.csv")
        try Data("id;text;verified;author.followers\nr1;\"my phone is broken; again\";yes;\"12,500\"\nr2;it is broken;no;900\n".utf8).write(to: csv)
        let run = try CLI.run(["classify", "--quiet", "--no-default-rules", "--rules", dir.appendingPathComponent("pack.yaml").path, csv.path])
        #expect(run.status == 0, "\(run.err)")
        let records = Self.records(run)
        #expect(records.map { $0["id"] as? String } == ["r1", "r2"])
        #expect(records.map { $0["label"] as? String } == ["complaint", "other"])
        #expect((records[0]["escalation"] as? [String: Any])?["route"] as? String == "social-lead")
        // The same bytes on stdin: the `;` header is recognised, and stderr says so.
        let stdin = try CLI.run(
            ["classify", "--no-default-rules", "--rules", dir.appendingPathComponent("pack.yaml").path, "-"],
            stdin: try Data(contentsOf: csv))
        #expect(Self.records(stdin).map { $0["id"] as? String } == ["r1", "r2"])
        #expect(stdin.err.contains("semicolon-separated header"))
    }

    @Test func theDelimiterCanBeForcedAndAWrongOneIsExplained() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let piped = dir.appendingPathComponent("export.dat")
        try Data("id|text\np1|where is my parcel?\n".utf8).write(to: piped)
        let forced = try CLI.run(["classify", "--quiet", "--delimiter", "|", piped.path])
        #expect(forced.status == 0)
        #expect(Self.records(forced).map { $0["id"] as? String } == ["p1"])
        // A `;` file saved as `.tsv`: one column holding `;`, and the error names the likely cause.
        let tsv = dir.appendingPathComponent("export.tsv")
        try Data("id;text\nr1;hello\n".utf8).write(to: tsv)
        let wrong = try CLI.run(["classify", "--quiet", tsv.path])
        #expect(wrong.status == 66)
        #expect(wrong.err.contains("the header is one column holding ';': the file is probably ';'-separated (use --delimiter ';')"))
        let fixed = try CLI.run(["classify", "--quiet", "--delimiter", ";", tsv.path])
        #expect(fixed.status == 0)
        #expect(Self.records(fixed).map { $0["id"] as? String } == ["r1"])
        let usage = try CLI.run(["classify", "--delimiter", "x", tsv.path])
        #expect(usage.status == 64)
    }

    @Test func excelUnicodeTextSavedAsTxtIsReadAsATable() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let txt = dir.appendingPathComponent("Comments.txt")
        try Self.utf16LE("id\ttext\tverified\r\nu1\tmy kettle is broken\tyes\r\nu2\tcafé was lovely\tno\r\n").write(to: txt)
        let run = try CLI.run(["classify", "--quiet", "--no-default-rules", "--rules", dir.appendingPathComponent("pack.yaml").path, txt.path])
        #expect(run.status == 0, "\(run.err)")
        let records = Self.records(run)
        #expect(records.map { $0["id"] as? String } == ["u1", "u2"])
        #expect(records.map { $0["label"] as? String } == ["complaint", "other"])
    }

    @Test func lintSampleWarnsAboutWhenFieldsTheExportLacks() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = dir.appendingPathComponent("sample.jsonl")
        try Data(#"{"text":"broken","user":{"public_metrics":{"followers_count":5}},"verifed":"yes"}"#.utf8 + [0x0A]).write(to: sample)
        let packPath = dir.appendingPathComponent("pack.yaml").path
        let run = try CLI.run(["lint", packPath, "--sample", sample.path])
        #expect(run.status == 0)
        #expect(
            run.out.contains(
                "pack.yaml:10:12: warning: the 'when' of rule 'complaint.trusted' reads field 'verified', which no record of \(sample.path) has; did you mean 'verifed'?"
            ))
        #expect(!run.out.contains("reads field 'followers'"))
        #expect(run.out.contains("pack.yaml:10:12: note: the 'when' of rule 'complaint.trusted' does not read 'label'"))
        #expect(try CLI.run(["lint", packPath, "--sample", sample.path, "--strict"]).status == 1)
        let missing = try CLI.run(["lint", packPath, "--sample", dir.appendingPathComponent("none.jsonl").path])
        #expect(missing.status == 66)
    }

    @Test func explainShowsStagesValuesAndMissingFields() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = ["--no-default-rules", "--rules", dir.appendingPathComponent("pack.yaml").path]
        let run = try CLI.run(
            ["explain"] + rules + [
                "--field", "verified=yes", "--field", "user.public_metrics.followers_count=12.5K",
                "my phone is broken",
            ])
        #expect(run.status == 0)
        #expect(run.out.contains("complaint.trusted  when verified == yes  → true  (checked before the decision: gates the rule's weight)"))
        #expect(run.out.contains("followers = \"12.5K\" (from user.public_metrics.followers_count): text read as the number 12500"))
        #expect(run.out.contains("  complaint  +1.5  complaint.trusted"))
        let whyNot = try CLI.run(
            ["explain"] + rules + [
                "--field", "verified=yes", "--field", "followers=lots", "--why-not", "escalate.reach",
                "my phone is broken",
            ])
        #expect(whyNot.out.contains("followers = \"lots\": text, not a number"))
        let missing = try CLI.run(["explain"] + rules + ["--field", "verified=yes", "--why-not", "escalate.reach", "my phone is broken"])
        #expect(missing.out.contains("is false (the comment has no field 'followers')"))
        #expect(missing.out.contains("followers: missing"))
    }
}
