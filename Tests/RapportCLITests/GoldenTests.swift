import Foundation
import Testing

/// Every fixture run through the built binary; stdout, stderr and exit status compared with the
/// committed files in `fixtures/expected/`. `RAPPORT_UPDATE_GOLDEN=1 swift test --filter GoldenTests`
/// rewrites them and still fails, so a change is always reviewed (`git diff fixtures/expected`).
@Suite("Golden files")
struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var args: [String]
        var stdin: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "sample", args: ["classify", "fixtures/comments/sample.jsonl"]),
        Case(name: "twitter", args: ["classify", "fixtures/comments/twitter.jsonl", "--keep-fields", "user.screen_name,favorite_count"]),
        Case(name: "facebook", args: ["classify", "fixtures/comments/facebook.json"]),
        Case(
            name: "youtube",
            args: [
                "classify", "fixtures/comments/youtube.json",
                "--text-field", "snippet.topLevelComment.snippet.textDisplay",
                "--author-field", "snippet.topLevelComment.snippet.authorDisplayName",
            ]),
        Case(
            name: "x-api-v2",
            args: [
                "classify", "fixtures/comments/x-api-v2.json", "fixtures/comments/x-api-v2-page2.json",
                "--keep-fields", "author.username,author.public_metrics.followers_count",
            ]),
        Case(
            name: "youtube-replies",
            args: [
                "classify", "fixtures/comments/youtube-replies.json", "--keep-fields", "parent_id",
                "--text-field", "snippet.topLevelComment.snippet.textDisplay",
            ]),
        Case(name: "blog", args: ["classify", "fixtures/comments/blog.json", "--output-format", "json"]),
        Case(
            name: "helpdesk",
            args: [
                "classify", "fixtures/comments/helpdesk.csv", "--id-field", "ticket_id", "--author-field", "customer",
                "--output-format", "csv", "--keep-fields", "customer,body",
            ]),
        Case(name: "reddit", args: ["classify", "fixtures/comments/reddit.tsv", "--author-field", "user"]),
        Case(name: "comments-table", args: ["classify", "fixtures/comments/comments.txt", "--output-format", "table", "--color", "never"]),
        Case(name: "only-complaints", args: ["classify", "fixtures/comments/sample.jsonl", "--only", "complaint,escalated"]),
        Case(name: "two-inputs", args: ["classify", "fixtures/comments/comments.txt", "fixtures/comments/twitter.jsonl"]),
        Case(name: "max-errors", args: ["classify", "fixtures/comments/twitter.jsonl", "--max-errors", "1"]),
        Case(name: "stdin-text", args: ["classify", "--input-format", "text"], stdin: "where is my parcel??\n\nthank you so much!\n"),
        Case(name: "missing-input", args: ["classify", "fixtures/comments/sample.jsonl", "fixtures/comments/no-such-file.jsonl"]),
        Case(name: "no-text-column", args: ["classify", "fixtures/comments/helpdesk.csv", "--text-field", "message"]),
        Case(name: "bad-only", args: ["classify", "fixtures/comments/sample.jsonl", "--only", "complaints"]),
    ]

    static let expected = CLI.root.appendingPathComponent("fixtures/expected")

    @Test(arguments: cases)
    func golden(_ c: Case) throws {
        let run = try CLI.run(c.args, stdin: c.stdin.map { Data($0.utf8) })
        let files: [(String, Data)] = [
            ("\(c.name).stdout", run.stdout),
            ("\(c.name).stderr", run.stderr),
            ("\(c.name).status", Data("\(run.status)\n".utf8)),
        ]
        if ProcessInfo.processInfo.environment["RAPPORT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.expected, withIntermediateDirectories: true)
            for (name, data) in files { try data.write(to: Self.expected.appendingPathComponent(name)) }
            Issue.record("rewrote the golden files of '\(c.name)'; review `git diff fixtures/expected` and run again without RAPPORT_UPDATE_GOLDEN")
            return
        }
        for (name, data) in files {
            let url = Self.expected.appendingPathComponent(name)
            guard let golden = try? Data(contentsOf: url) else {
                Issue.record("missing golden file \(url.path); run with RAPPORT_UPDATE_GOLDEN=1")
                continue
            }
            #expect(String(decoding: data, as: UTF8.self) == String(decoding: golden, as: UTF8.self), "\(name) differs from the golden file")
        }
    }

    /// Every fixture file is covered by at least one golden case.
    @Test func everyFixtureHasAGolden() throws {
        let dir = CLI.root.appendingPathComponent("fixtures/comments")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        for name in names {
            #expect(Self.cases.contains { $0.args.contains("fixtures/comments/\(name)") }, "no golden case reads \(name)")
        }
    }
}
