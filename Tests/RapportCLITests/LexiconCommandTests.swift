import Foundation
import Testing

/// `rapport lexicon` run as a real process on generated labelled files with a one-rule pack.
@Suite("rapport lexicon")
struct LexiconCommandTests {
    static let pack = """
        rapport: 1
        pack: {name: lexicon-fixture}
        rules:
          - {id: question.how, label: question, match: how, examples: {fire: [how]}}
        """

    /// Three sets: "refund" comes with complaints in all of them; "acme" (a brand) only in the first.
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(pack.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        for set in 0..<3 {
            var csv = "id,text,label\n"
            for i in 0..<90 {
                let brand = set == 0 ? " acme" : ""
                switch i % 3 {
                case 0: csv += "\(i),where is my refund\(brand) \(i % 7),complaint\n"
                case 1: csv += "\(i),what a lovely day \(i % 7),\(set == 0 ? "other" : "praise")\n"
                default: csv += "\(i),a table\(brand) \(i % 7),other\n"
                }
            }
            try Data(csv.utf8).write(to: dir.appendingPathComponent("set\(set).csv"))
        }
        return dir
    }

    @Test func itWritesALexiconThatLoadsAndChangesTheLabels() throws {
        let dir = try Self.directory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let rules = ["--no-default-rules", "--rules", path("pack.yaml")]
        let args = ["lexicon", path("set0.csv") + "=complaint", path("set1.csv"), path("set2.csv")] + rules
        let first = try CLI.run(args + ["-o", path("a.yaml")])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.hasPrefix("fitted to 270 comments of 3 sets\n"))
        let lexicon = try String(contentsOf: dir.appendingPathComponent("a.yaml"), encoding: .utf8)
        #expect(lexicon.range(of: "\n    refund +[0-9.]+ ", options: .regularExpression) != nil)
        #expect(!lexicon.contains("acme"))
        _ = try CLI.run(args + ["-o", path("b.yaml")])
        #expect(try String(contentsOf: dir.appendingPathComponent("b.yaml"), encoding: .utf8) == lexicon)

        let lint = try CLI.run(["lint", path("pack.yaml"), path("a.yaml")])
        #expect(lint.status == 0, "\(lint.out)\(lint.err)")
        let before = try CLI.run(["classify", "--fields", "label", "--quiet"] + rules, stdin: Data("my refund please\n".utf8))
        let after = try CLI.run(
            ["classify", "--fields", "label", "--quiet"] + rules + ["--rules", path("a.yaml")],
            stdin: Data("my refund please\n".utf8))
        #expect(before.out == "{\"label\":\"other\"}\n")
        #expect(after.out == "{\"label\":\"complaint\"}\n")
    }

    @Test func anUnreadableFileIsNamedAndNothingIsWritten() throws {
        let dir = try Self.directory()
        let out = dir.appendingPathComponent("never.yaml").path
        let run = try CLI.run(["lexicon", dir.appendingPathComponent("missing.csv").path, "-o", out])
        #expect(run.status == 66)
        #expect(run.err.contains("missing.csv: cannot read the file"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
