import Foundation
import Testing

/// `rapport tune` run as a real process on a generated labelled file with a two-rule pack.
@Suite("rapport tune")
struct TuneCommandTests {
    /// Both rules weigh 1: `bravo` alone makes a complaint, though people call it one only with `alpha`.
    static let pack = """
        rapport: 1
        pack: {name: tune-fixture}
        rules:
          - {id: complaint.alpha, label: complaint, match: alpha, examples: {fire: [alpha]}}
          - {id: complaint.bravo, label: complaint, match: bravo, examples: {fire: [bravo]}}
        """

    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(pack.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        var csv = "id,text,label\n"
        for i in 0..<200 {
            let text = ["alpha bravo", "alpha", "bravo", "nothing"][i % 4]
            csv += "\(i),\(text) here,\(text.hasPrefix("alpha") ? "complaint" : "other")\n"
        }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("data.csv"))
        return dir
    }

    @Test func itPrintsHeldOutFiguresAndWritesALayerThatLintsAndRepeats() throws {
        let dir = try Self.directory()
        let args = ["tune", dir.appendingPathComponent("data.csv").path, "--no-default-rules", "--rules", dir.appendingPathComponent("pack.yaml").path]
        let first = try CLI.run(args + ["-o", dir.appendingPathComponent("a.yaml").path])
        #expect(first.status == 0)
        #expect(first.err == "")
        #expect(first.out.contains("data.csv: 200 records; tuned labels: complaint\n"))
        // As is, `bravo` alone is a false complaint: complaint P 100/150, F1 0.8; other R 50/100, F1 2/3.
        #expect(first.out.contains("macro-F1     0.733   1.000   +0.267\n"))
        let layer = try String(contentsOf: dir.appendingPathComponent("a.yaml"), encoding: .utf8)
        #expect(layer.contains("    complaint.bravo: {weight: 0}  # 100 hits, precision 0.500, was 1\n"))
        let second = try CLI.run(args + ["-o", dir.appendingPathComponent("b.yaml").path])
        #expect(second.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("b.yaml")) == Data(layer.utf8))
        let lint = try CLI.run(["lint", dir.appendingPathComponent("pack.yaml").path, dir.appendingPathComponent("a.yaml").path])
        #expect(lint.status == 0)
        let eval = try CLI.run([
            "eval", dir.appendingPathComponent("data.csv").path, "--no-default-rules",
            "--rules", dir.appendingPathComponent("pack.yaml").path, "--rules", dir.appendingPathComponent("a.yaml").path,
        ])
        #expect(eval.out.contains("macro-F1 1.000"))
    }

    @Test func dataWithoutAComparedLabelIsRefused() throws {
        let dir = try Self.directory()
        let run = try CLI.run([
            "tune", dir.appendingPathComponent("data.csv").path, "--map", "complaint=other", "--no-default-rules",
            "--rules", dir.appendingPathComponent("pack.yaml").path, "-o", dir.appendingPathComponent("c.yaml").path,
        ])
        #expect(run.status == 65)
        #expect(run.err.contains("no label of the pack is compared in the data"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.yaml").path))
    }

    @Test func suggestPrintsATableAndWritesDraftsThatLint() throws {
        let dir = try Self.directory()
        // A pack without the alpha rule: every record with "alpha" is a complaint it misses.
        let pack = dir.appendingPathComponent("bravo.yaml").path
        try Data(Self.pack.split(separator: "\n").filter { !$0.contains("alpha") }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: pack))
        let run = try CLI.run([
            "suggest", dir.appendingPathComponent("data.csv").path, "--label", "complaint", "--no-default-rules",
            "--rules", pack, "-o", dir.appendingPathComponent("drafts.yaml").path,
        ])
        #expect(run.status == 0)
        #expect(
            run.out == """
                data.csv: 200 records; 1 candidate for complaint
                pattern  support  held-out precision  FNs fixed  FPs added
                alpha        100               1.000         50          0
                wrote 1 rule draft to \(dir.appendingPathComponent("drafts.yaml").path)

                """)
        let lint = try CLI.run(["lint", pack, dir.appendingPathComponent("drafts.yaml").path])
        #expect(lint.status == 0)
        #expect(try CLI.run(["suggest", "x.csv", "--label", "other"]).status == 64)
    }

    @Test func badOptionsAreUsageErrors() throws {
        #expect(try CLI.run(["tune", "x.csv", "--folds", "1", "-o", "/dev/null"]).status == 64)
        #expect(try CLI.run(["tune", "x.csv"]).status == 64)
    }
}
