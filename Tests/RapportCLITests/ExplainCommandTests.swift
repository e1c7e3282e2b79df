import Foundation
import Testing

/// `rapport explain`, run as a real process against a small pack of its own (fixtures/explain).
@Suite("rapport explain command")
struct ExplainCommandTests {
    static let pack = ["--no-default-rules", "--rules", "fixtures/explain/pack.yaml"]

    @Test func showsNegatedAndCountedHitsScoresAndDecision() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["It is not broken but the box broke?"])
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("complaint.broken") && $0.contains("\"broken\"") && $0.contains("negated by 'not'") })
        #expect(lines.contains { $0.contains("complaint.broken") && $0.contains("[29..34] \"broke\"") && $0.hasSuffix("counted") })
        #expect(lines.contains("  total: complaint 2, question 1, praise 0  (threshold 1, precedence complaint > question > praise)"))
        #expect(lines.contains { $0.hasPrefix("label  complaint") && $0.hasSuffix("also question") })
        #expect(lines.contains("  1. Sorry, there. What happened?"))
        #expect(!run.out.contains("escalation"))
    }

    @Test func fieldsDriveWhenConditionsAndEscalation() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["--field", "author.followers=20000", "--author", "ann", "the lid arrived broken"])
        #expect(run.status == 0)
        #expect(run.out.contains("escalate.reach  when label == complaint and author.followers >= 10000  → true"))
        #expect(run.out.contains("escalation  high → social-lead\n  - Complaint from a high-reach account"))
        #expect(run.out.contains("1. Sorry, ann. What happened?"))
    }

    /// Issue 13: for praise, `explain` names whose replies it got and the complaint evidence that decided it
    /// (the default pack's complaint cues weigh 0; `praise_reply_margin` is a pack setting).
    @Test func saysWhyPraiseGotTheMixedReplies() throws {
        let run = try CLI.run(["explain", "thank you, but my bag is still in Denver"])
        #expect(run.status == 0)
        #expect(run.out.contains("label  praise"))
        #expect(run.out.contains("  complaint  +0  complaint.cue-contrast\n"))
        #expect(run.out.contains("\n  mixed replies instead of praise's: rule complaint.cue-contrast (complaint, weight 0) fired, a complaint cue\n"))
        let json = try CLI.run(["explain", "--format", "json", "the crew on my flight this morning were amazing, thank you!"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let explanation = try #require(object["explanation"] as? [String: Any])
        #expect((explanation["praiseReply"] as? String)?.hasPrefix("praise's own replies: no complaint rule and no courtesy rule fired") == true)
        // Not praise: no such line.
        #expect(try !CLI.run(["explain", "my parcel is late"]).out.contains("instead of praise's"))
    }

    @Test func readsTheCommentFromStdin() throws {
        let run = try CLI.run(["explain"] + Self.pack, stdin: Data("love it\n".utf8))
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("comment  \"love it\"\n"))
        #expect(run.out.contains("label  praise"))
    }

    @Test func readsTheCommentFromAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-explain-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("comment.txt")
        try Data("is it broken?\r\n".utf8).write(to: file)
        let run = try CLI.run(["explain"] + Self.pack + ["--file", file.path])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("comment  \"is it broken?\"\n"))
        let missing = try CLI.run(["explain"] + Self.pack + ["--file", dir.appendingPathComponent("none.txt").path])
        #expect(missing.status == 66)
        #expect(missing.err.hasSuffix("none.txt: cannot read the file\n"))
        let both = try CLI.run(["explain"] + Self.pack + ["--file", file.path, "text"])
        #expect(both.status == 64)
    }

    @Test func whyNotNamesTheStoppingElementAndUnknownRulesFail() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["--why-not", "praise.love", "--why-not", "praise.lov", "great stuff"])
        #expect(run.status == 1)
        #expect(run.out.contains("why-not praise.love  rule 'praise.love' did not fire: none of its patterns matched"))
        #expect(run.out.contains("stopped at love (fixtures/explain/pack.yaml:27:14)"))
        #expect(run.err == "rapport: no rule 'praise.lov' in the pack; did you mean 'praise.love'?\n")
    }

    @Test func terminalEscapesFromTheCommentNeverReachTheOutput() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["--author", "ann\u{1B}[2J", "broken \u{1B}]0;title\u{07}\u{1B}[31mred\u{9B}"])
        #expect(run.status == 0)
        #expect(!run.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
    }

    @Test func jsonHoldsTheExplanationAndWhyNot() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["--format", "json", "--why-not", "praise.love", "is it broken?"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let explanation = try #require(object["explanation"] as? [String: Any])
        let verdict = try #require(explanation["verdict"] as? [String: Any])
        #expect(verdict["label"] as? String == "complaint")
        #expect(verdict["rules"] as? [String] == ["complaint.broken", "question.mark"])
        let whyNot = try #require(object["whyNot"] as? [[String: Any]])
        #expect(whyNot.first?["rule"] as? String == "praise.love")
        #expect(whyNot.first?["fired"] as? Bool == false)
    }

    @Test func usageErrorsExit64() throws {
        let run = try CLI.run(["explain"] + Self.pack + ["--field", "followers", "text"])
        #expect(run.status == 64)
        #expect(run.err.contains("--field needs path=value"))
    }

    @Test func packErrorsExit2WithDiagnostics() throws {
        let run = try CLI.run(["explain", "--no-default-rules", "--rules", "fixtures/comments/sample.jsonl", "text"])
        #expect(run.status == 2)
        #expect(run.err.contains("nothing was explained"))
    }
}
