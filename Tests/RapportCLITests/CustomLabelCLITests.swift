import Foundation
import Testing

/// README's worked example of custom labels, tags and routes (`fixtures/worked-example/`): a group's
/// base layer with a `lead` label, a brand layer that disables a default rule, patches another's
/// weight and replies, extends a list and adds an `outage` label, and a campaign layer on top, run
/// through the binary's classify, explain, test, pack show and eval.
@Suite("Custom labels through the binary")
struct CustomLabelCLITests {
    static let paths = ["fixtures/worked-example/base", "fixtures/worked-example/brand", "fixtures/worked-example/campaign"]
    static let layers = paths.flatMap { ["--rules", $0] }

    /// The comments, with the label, tags and route each should get and a phrase of its first reply.
    static let comments: [(text: String, label: String, tags: [String]?, route: String?, reply: String)] = [
        // The brand's outage rule outscores the default's complaint rules now that complaint.outage is disabled.
        ("the network is down again in the whole town", "outage", ["incident", "network"], "noc", "we know about a network outage"),
        // Only the brand's extension of the `tech` list makes this a complaint; the patched reply answers it.
        ("my 4g is down since this morning", "complaint", nil, nil, "Could you DM us your postcode?"),
        // An ordinary (non-escalating) complaint rule of the base layer routes to billing.
        ("I've been charged twice this month, sort it out", "complaint", ["billing"], "billing", "Sorry about the double charge"),
        ("is the spring offer available on pay monthly?", "question", ["spring-campaign"], "sales", "The spring offer runs until 30 April"),
        // The base layer's label; both fired rules' tags, the route of the rule carrying the label.
        ("I'd like to join you for the spring offer", "lead", ["sales", "spring-campaign"], "sales", "our sales team will find the right plan"),
        // The disabled default rule no longer fires.
        ("is your website down? I can't log in", "complaint", nil, nil, ""),
    ]

    static var input: String {
        comments.enumerated().map { #"{"id":"c\#($0.offset)","text":"\#($0.element.text)"}"# }.joined(separator: "\n") + "\n"
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func theWorkedExampleAgreesAcrossCommands() throws {
        let classify = try CLI.run(["classify", "--input-format", "jsonl"] + Self.layers, stdin: Data(Self.input.utf8))
        #expect(classify.status == 0, "\(classify.err)")
        let verdicts = try Self.jsonLines(classify.out)
        #expect(verdicts.map { $0["label"] as? String } == Self.comments.map(\.label))
        #expect(verdicts.map { $0["tags"] as? [String] } == Self.comments.map(\.tags))
        #expect(verdicts.map { $0["route"] as? String } == Self.comments.map(\.route))
        for (verdict, comment) in zip(verdicts, Self.comments) where !comment.reply.isEmpty {
            let first = (verdict["suggestions"] as? [String])?.first ?? ""
            #expect(first.contains(comment.reply), "\(verdict)")
        }
        #expect(verdicts.allSatisfy { ($0["rules"] as? [String])?.contains("complaint.outage") == false })
        #expect((verdicts[0]["scores"] as? [String: Double])?["outage"] == 4)
        // The summary counts the pack's own labels, before `other`.
        #expect(classify.err.contains("labels: question 1, complaint 3, praise 0, lead 1, outage 1, other 0"), "\(classify.err)")

        // explain: the same label, tags and route; the scores and precedence name the custom labels.
        for (index, comment) in Self.comments.enumerated() {
            let explain = try CLI.run(["explain", comment.text, "--format", "json"] + Self.layers)
            #expect(explain.status == 0, "\(explain.err)")
            let top = try #require(try JSONSerialization.jsonObject(with: explain.stdout) as? [String: Any])
            let verdict = try #require((top["explanation"] as? [String: Any])?["verdict"] as? [String: Any])
            for key in ["label", "rules", "tags", "route"] {
                #expect("\(verdict[key] ?? "none")" == "\(verdicts[index][key] ?? "none")", "\(key) of \(comment.text)")
            }
        }
        let text = try CLI.run(["explain", Self.comments[0].text] + Self.layers)
        #expect(text.out.contains("outage 4  (threshold 1, precedence outage > complaint > question > praise > lead)"), "\(text.out)")
        #expect(text.out.contains("label  outage  outage has the highest score 4"))
        #expect(text.out.contains("from outage replies layer fixtures/worked-example/brand (fixtures/worked-example/brand/telco.yaml:28:3)"), "\(text.out)")

        // test: the examples and cases of all four layers pass (the brand's and campaign's cases name
        // the custom labels).
        let test = try CLI.run(["test", "--over-default"] + Self.paths)
        #expect(test.status == 0, "\(test.out)")
        #expect(test.out.hasSuffix(", 0 failed\n"), "\(test.out)")

        // pack show: the labels with where each is declared, the routes and tags; as a pack of its own
        // it gives the same verdicts.
        let show = try CLI.run(["pack", "show"] + Self.layers)
        #expect(show.status == 0, "\(show.err)")
        #expect(
            show.out.contains("labels:\n  # layer fixtures/worked-example/base (fixtures/worked-example/base/group.yaml:4:10)\n  - \"lead\"\n"), "\(show.out)")
        #expect(show.out.contains("  # layer fixtures/worked-example/brand (fixtures/worked-example/brand/telco.yaml:12:10)\n  - \"outage\"\n"))
        #expect(show.out.contains("    route: \"noc\"\n"))
        #expect(show.out.contains("# disabled in layer fixtures/worked-example/brand (fixtures/worked-example/brand/telco.yaml:15:11): complaint.outage"))
        let dir = try Self.temporaryDirectory()
        let flat = dir.appendingPathComponent("effective.yaml")
        try show.stdout.write(to: flat)
        let again = try CLI.run(
            ["classify", "--input-format", "jsonl", "-q", "--no-default-rules", "--rules", flat.path], stdin: Data(Self.input.utf8))
        #expect(again.status == 0, "\(again.err)")
        let flatVerdicts = try Self.jsonLines(again.out)
        for key in ["label", "rules", "tags", "route"] {
            #expect(flatVerdicts.map { "\($0[key] ?? "")" } == verdicts.map { "\($0[key] ?? "")" }, "\(key)")
        }
        #expect(flatVerdicts.map { $0["scores"] as? [String: Double] } == verdicts.map { $0["scores"] as? [String: Double] })

        // eval: labelled as classify labels them; the custom labels get their own rows and columns.
        let csv = "text,label\n" + Self.comments.map { "\"\($0.text)\",\($0.label)" }.joined(separator: "\n") + "\n"
        let labelled = dir.appendingPathComponent("labelled.csv")
        try Data(csv.utf8).write(to: labelled)
        let eval = try CLI.run(["eval", labelled.path, "--format", "json"] + Self.layers)
        #expect(eval.status == 0, "\(eval.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
        #expect(report["accuracy"] as? Double == 1.0 && report["records"] as? Int == Self.comments.count)
        #expect(report["labels"] as? [String] == ["question", "complaint", "lead", "outage"])
        let evalText = try CLI.run(["eval", labelled.path] + Self.layers)
        #expect(evalText.out.contains("outage         1.000   1.000  1.000        1"), "\(evalText.out)")
    }

    /// People's `outage` is compared with the pack's: a record the pack calls a complaint is a miss
    /// in the outage row, and `--labels outage` folds every other label into `other`.
    @Test func evalCountsACustomLabelsMisses() throws {
        let dir = try Self.temporaryDirectory()
        let labelled = dir.appendingPathComponent("labelled.csv")
        let csv = """
            text,label
            "the network is down again in the whole town",outage
            "my 4g is down since this morning",outage
            "I'd like to join you for the spring offer",lead

            """
        try Data(csv.utf8).write(to: labelled)
        let eval = try CLI.run(["eval", labelled.path, "--labels", "outage", "--format", "json"] + Self.layers)
        #expect(eval.status == 0, "\(eval.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
        #expect(report["labels"] as? [String] == ["outage", "other"])
        let perLabel = try #require(report["perLabel"] as? [[String: Any]])
        let outage = try #require(perLabel.first { $0["label"] as? String == "outage" })
        #expect(outage["precision"] as? Double == 1 && outage["recall"] as? Double == 0.5 && outage["support"] as? Int == 2)
    }

    @Test func onlyKeepsTheVerdictsOfACustomLabel() throws {
        let run = try CLI.run(["classify", "--input-format", "jsonl", "--only", "outage,lead"] + Self.layers, stdin: Data(Self.input.utf8))
        #expect(run.status == 0, "\(run.err)")
        let verdicts = try Self.jsonLines(run.out)
        #expect(verdicts.map { $0["id"] as? String } == ["c0", "c4"])
        #expect(run.err.contains("filtered out: 4") || run.err.contains("written: 2"), "\(run.err)")

        // Without the layer that declares it, `outage` is not a label: a usage error listing the labels.
        let unknown = try CLI.run(["classify", "--input-format", "jsonl", "--only", "outage", "--rules", Self.paths[0]], stdin: Data(Self.input.utf8))
        #expect(unknown.status == 64)
        #expect(
            unknown.err.hasPrefix(
                "Error: unknown --only value 'outage'; use question, complaint, praise, other, lead or escalated (comma-separated)\nUsage: rapport classify"),
            "\(unknown.err)")
        #expect(unknown.out.isEmpty)
    }

    @Test func csvAndFieldsCarryTagsAndRoute() throws {
        let csv = try CLI.run(["classify", "--input-format", "jsonl", "--output-format", "csv", "-q"] + Self.layers, stdin: Data(Self.input.utf8))
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\r\n").map(String.init)
        #expect(
            rows[0] == "id,label,complaint,question,praise,escalation_level,escalation_route,escalation_reasons,suggestion,rules,tags,route,text,author,error")
        #expect(rows[1].hasPrefix("c0,outage,"))
        #expect(rows[1].contains(",incident network,noc,the network is down again in the whole town,,"), "\(rows[1])")
        #expect(rows[2].contains(",,,my 4g is down since this morning,,"), "\(rows[2])")

        let chosen = try CLI.run(
            ["classify", "--input-format", "jsonl", "--output-format", "csv", "--columns", "id,route,tags", "-q"] + Self.layers,
            stdin: Data(Self.input.utf8))
        #expect(chosen.out.split(separator: "\r\n").prefix(3) == ["id,route,tags,error", "c0,noc,incident network,", "c1,,,"])

        let fields = try CLI.run(["classify", "--input-format", "jsonl", "--fields", "id,route,tags", "-q"] + Self.layers, stdin: Data(Self.input.utf8))
        #expect(fields.out.split(separator: "\n").prefix(2) == [#"{"id":"c0","tags":["incident","network"],"route":"noc"}"#, #"{"id":"c1"}"#])

        // The default pack has no tags or routes: its CSV keeps the columns it always had.
        let plain = try CLI.run(["classify", "--input-format", "jsonl", "--output-format", "csv", "-q"], stdin: Data(Self.input.utf8))
        #expect(
            plain.out.hasPrefix(
                "id,label,complaint,question,praise,escalation_level,escalation_route,escalation_reasons,suggestion,rules,text,author,error\r\n"))
    }
}
