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

    /// `--converged`: the solver's ending is printed, the options are in the header, the weights do not
    /// depend on the order of the files, and options it does not use or cannot take are refused.
    @Test func convergedWritesTheSameWeightsWhateverTheOrderOfTheFiles() throws {
        let dir = try Self.directory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let rules = ["--no-default-rules", "--rules", path("pack.yaml"), "--converged"]
        let first = try CLI.run(["lexicon", path("set0.csv") + "=complaint", path("set1.csv"), path("set2.csv")] + rules + ["-o", path("a.yaml")])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("\nconverged in "))
        let a = try String(contentsOf: dir.appendingPathComponent("a.yaml"), encoding: .utf8)
        #expect(a.contains("# Options: --min-count 10 --min-sets 3 --converged --l2 20.0 --balance equal.\n"))
        #expect(a.range(of: "\n    refund +[0-9.]+ ", options: .regularExpression) != nil)
        let second = try CLI.run(["lexicon", path("set2.csv"), path("set1.csv"), path("set0.csv") + "=complaint"] + rules + ["-o", path("b.yaml")])
        #expect(second.status == 0, "\(second.err)")
        let b = try String(contentsOf: dir.appendingPathComponent("b.yaml"), encoding: .utf8)
        func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("#") } }
        #expect(body(b) == body(a))
        for refused in [["--epochs", "5"], ["--l2", "0"]] {
            let run = try CLI.run(["lexicon", path("set0.csv")] + rules + refused + ["-o", path("c.yaml")])
            #expect(run.status == 64, "\(refused)")
        }
    }

    @Test func anUnreadableFileIsNamedAndNothingIsWritten() throws {
        let dir = try Self.directory()
        let out = dir.appendingPathComponent("never.yaml").path
        let run = try CLI.run(["lexicon", dir.appendingPathComponent("missing.csv").path, "-o", out])
        #expect(run.status == 66)
        #expect(run.err.contains("missing.csv: cannot read the file"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Two sets people labelled with escalations (a driver who swerved: safety; a hacked account:
    /// security) and one without an escalation field, where the pack's rule escalates a lawyer.
    static func escalationDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-escalations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pack = """
            rapport: 1
            rules:
              - id: escalate.lawyer
                label: complaint
                match: lawyer
                escalate: {level: critical, route: legal, reason: Legal threat}
            """
        try Data(pack.utf8).write(to: dir.appendingPathComponent("pack.yaml"))
        let endings = ["today", "again", "this week", "last night", "on monday"]
        for set in 0..<2 {
            var csv = "id,text,label,escalation,route\n"
            for i in 0..<60 {
                let end = endings[i % 5]
                switch i % 4 {
                case 0: csv += "\(i),the driver swerved into me \(end),complaint,critical,safety\n"
                case 1: csv += "\(i),someone hacked my account \(end),complaint,high,security\n"
                case 2: csv += "\(i),my order came \(end),other,none,none\n"
                default: csv += "\(i),where is the menu \(end),question,none,none\n"
                }
            }
            try Data(csv.utf8).write(to: dir.appendingPathComponent("care\(set).csv"))
        }
        var plain = "id,text,label\n"
        for i in 0..<60 { plain += "\(i),\(i % 10 == 0 ? "my lawyer says hi" : "nice song") \(endings[i % 5]),other\n" }
        try Data(plain.utf8).write(to: dir.appendingPathComponent("tweets.csv"))
        return dir
    }

    /// `--exclude-words`: no term of either fit has a listed word (alone or in a pair), the header names the
    /// file, and an unreadable file or a line of two words is an error naming it.
    @Test func excludedWordsAreNeverTerms() throws {
        let dir = try Self.directory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try Data("# words that tell where a comment came from\nrefund\n\n  LOVELY  # folded to lower case\n".utf8)
            .write(to: dir.appendingPathComponent("words.txt"))
        let rules = ["--no-default-rules", "--rules", path("pack.yaml")]
        let args = ["lexicon", path("set0.csv") + "=complaint", path("set1.csv"), path("set2.csv")] + rules
        let plain = try CLI.run(args + ["-o", path("plain.yaml")])
        #expect(plain.status == 0, "\(plain.err)")
        let before = try String(contentsOf: dir.appendingPathComponent("plain.yaml"), encoding: .utf8)
        #expect(before.contains("\n    refund ") && before.contains("\n    lovely "))
        let run = try CLI.run(args + ["--exclude-words", path("words.txt"), "-o", path("a.yaml")])
        #expect(run.status == 0, "\(run.err)")
        let lexicon = try String(contentsOf: dir.appendingPathComponent("a.yaml"), encoding: .utf8)
        let terms = lexicon.split(separator: "\n").filter { $0.hasPrefix("    ") && !$0.hasPrefix("    #") }
        #expect(!terms.isEmpty)
        #expect(!terms.contains { $0.contains("refund") || $0.contains("lovely") })
        #expect(lexicon.contains(" --exclude-words words.txt"))
        #expect(!before.contains("--exclude-words"))

        let missing = try CLI.run(args + ["--exclude-words", path("nowhere.txt"), "-o", path("b.yaml")])
        #expect(missing.status == 66)
        #expect(missing.err.contains("nowhere.txt: cannot read the file (--exclude-words)"))
        try Data("refund\nwhere is\n".utf8).write(to: dir.appendingPathComponent("pairs.txt"))
        let pair = try CLI.run(args + ["--exclude-words", path("pairs.txt"), "-o", path("b.yaml")])
        #expect(pair.status == 64)
        #expect(pair.err.contains("pairs.txt:2: one word per line, not 'where is' (--exclude-words)"))
        #expect(!FileManager.default.fileExists(atPath: path("b.yaml")))
    }

    @Test func withEscalationsItWritesAModelThatLoadsAndEscalates() throws {
        let dir = try Self.escalationDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let rules = ["--no-default-rules", "--rules", path("pack.yaml")]
        let args = ["lexicon", "--escalations", "--max-share", "0.5", "--at", "0.6", path("care0.csv"), path("care1.csv"), path("tweets.csv")] + rules
        let run = try CLI.run(args + ["-o", path("model.yaml")])
        #expect(run.status == 0, "\(run.err)")
        #expect(
            run.out.hasPrefix(
                "fitted to 174 comments of 3 sets, 60 escalated by people (and 6 from sets without escalations that the rules escalate, left out)\n"))
        #expect(run.out.contains("routes: safety, security;"))
        let model = try String(contentsOf: dir.appendingPathComponent("model.yaml"), encoding: .utf8)
        #expect(model.contains("\n  at: 0.6\n"))
        #expect(model.contains("levels: {safety: \"critical\", security: \"high\"}"))
        _ = try CLI.run(args + ["-o", path("again.yaml")])
        #expect(try String(contentsOf: dir.appendingPathComponent("again.yaml"), encoding: .utf8) == model)

        let input = Data("the driver swerved into me\nwhere is the menu\n".utf8)
        let classified = try CLI.run(["classify", "--fields", "escalation", "--quiet"] + rules + ["--rules", path("model.yaml")], stdin: input)
        #expect(classified.status == 0, "\(classified.err)")
        let lines = classified.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"level\":\"critical\",\"route\":\"safety\"") == true)
        #expect(lines.first?.contains("Learned: reads like a safety case") == true)
        #expect(lines.last == "{}")

        // --converged fits whether to escalate to convergence, says so in the header, and still escalates
        // the swerving driver; --min-weight is named when it is not the default; a bad --escalate-l2 is a
        // usage error.
        let converging = try CLI.run(args + ["--converged", "--escalate-l2", "1", "--min-weight", "0.2", "-o", path("converged.yaml")])
        #expect(converging.status == 0, "\(converging.err)")
        let converged = try String(contentsOf: dir.appendingPathComponent("converged.yaml"), encoding: .utf8)
        #expect(converged.contains(" --converged --escalate-l2 1.0 --l2 "))
        #expect(converged.contains(" --max-share 0.5 --min-weight 0.2 --epochs "))
        #expect(!model.contains("--converged") && !model.contains("--min-weight"))
        #expect(converged != model)
        let convergedRun = try CLI.run(["classify", "--fields", "escalation", "--quiet"] + rules + ["--rules", path("converged.yaml")], stdin: input)
        #expect(convergedRun.out.split(separator: "\n").first?.contains("\"route\":\"safety\"") == true)
        #expect(try CLI.run(args + ["--converged", "--escalate-l2", "0", "-o", path("bad.yaml")]).status == 64)
        // --route-max-share is named in the header; out of range it is a usage error.
        #expect(try CLI.run(args + ["--route-max-share", "0.3", "-o", path("route-share.yaml")]).status == 0)
        #expect(
            try String(contentsOf: dir.appendingPathComponent("route-share.yaml"), encoding: .utf8).contains(" --max-share 0.5 --route-max-share 0.3 --epochs ")
        )
        #expect(try CLI.run(args + ["--route-max-share", "1.5", "-o", path("bad.yaml")]).status == 64)

        // --prefer writes the margins of the routes the data has, and says so in the header; a bad one is a
        // usage error.
        let preferring = try CLI.run(args + ["--prefer", "safety=0.25", "--prefer", "crisis=1", "-o", path("prefer.yaml")])
        #expect(preferring.status == 0, "\(preferring.err)")
        let leaning = try String(contentsOf: dir.appendingPathComponent("prefer.yaml"), encoding: .utf8)
        #expect(leaning.contains("\n  prefer: {safety: 0.25}\n"))
        #expect(leaning.contains(" --prefer crisis=1.0 --prefer safety=0.25 --seed 1."))
        let bad = try CLI.run(args + ["--prefer", "safety", "-o", path("bad.yaml")])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--prefer takes ROUTE=MARGIN"))
        // --route-at likewise writes the thresholds of the routes the data has; a probability above 1 is a
        // usage error.
        let eager = try CLI.run(args + ["--route-at", "safety=0.7", "--route-at", "crisis=0.5", "-o", path("route-at.yaml")])
        #expect(eager.status == 0, "\(eager.err)")
        let thresholds = try String(contentsOf: dir.appendingPathComponent("route-at.yaml"), encoding: .utf8)
        #expect(thresholds.contains("\n  route_at: {safety: 0.7}\n"))
        #expect(thresholds.contains(" --route-at crisis=0.5 --route-at safety=0.7 --seed 1."))
        let tooHigh = try CLI.run(args + ["--route-at", "safety=1.5", "-o", path("bad.yaml")])
        #expect(tooHigh.status == 64)
        #expect(tooHigh.err.contains("--route-at takes ROUTE=P"))
        // --exclude-words: a listed word is in no term of the model, and the header names the file.
        try Data("driver\n".utf8).write(to: dir.appendingPathComponent("words.txt"))
        #expect(model.contains("\n    driver ") || model.contains(" driver "))
        let excluding = try CLI.run(args + ["--exclude-words", path("words.txt"), "-o", path("excluded.yaml")])
        #expect(excluding.status == 0, "\(excluding.err)")
        let excluded = try String(contentsOf: dir.appendingPathComponent("excluded.yaml"), encoding: .utf8)
        #expect(excluded.contains(" --seed 1 --exclude-words words.txt."))
        let rows = excluded.split(separator: "\n").filter { $0.hasPrefix("    ") && !$0.hasPrefix("    #") }
        #expect(!rows.isEmpty && !rows.contains { $0.split(separator: " ").prefix(2).contains("driver") })
    }

    /// An escalated row with an empty route teaches whether to escalate and says so; a route of `none` on an
    /// escalated row is left out and said.
    @Test func withEscalationsARowWithoutARouteTeachesWhetherOnly() throws {
        let dir = try Self.escalationDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        var csv = "id,text,label,escalation,route\n"
        for i in 0..<20 { csv += "r\(i),a stranger hacked my account \(i % 4),complaint,high,\n" }
        csv += "n1,a stranger hacked my inbox,complaint,high,none\n"
        try Data(csv.utf8).write(to: dir.appendingPathComponent("routeless.csv"))
        let rules = ["--no-default-rules", "--rules", path("pack.yaml")]
        let run = try CLI.run(
            ["lexicon", "--escalations", "--max-share", "0.5", "--at", "0.6", path("care0.csv"), path("care1.csv"), path("routeless.csv")] + rules
                + ["-o", path("model.yaml")])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err.contains("20 escalated records name no route; they teach whether to escalate, not which route"))
        #expect(run.err.contains("1 escalated records give the route 'none' or 'escalate'"))
        #expect(run.out.hasPrefix("fitted to 140 comments of 3 sets, 80 escalated by people"))
        #expect(run.out.contains("routes: safety, security;"))
    }
}
