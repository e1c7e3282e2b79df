import Foundation
import Testing

/// Stacked layers through the binary: README's worked example (a brand layer and a campaign layer
/// over the default) run through classify, explain, test, pack show and eval; `pack export`; `init`.
@Suite("Layers and pack commands")
struct LayerCommandTests {
    static let layers = ["--rules", "fixtures/layers/brand", "--rules", "fixtures/layers/campaign"]

    /// The worked example's comments: the brand's patched reply, the brand's disabled escalation,
    /// the brand's new rule, the extended list, the campaign's rule.
    static let comments: [(text: String, fields: String, label: String)] = [
        ("no signal again in my area", "", "complaint"),
        ("no 4g at all since this morning", "", "complaint"),
        ("my 5g is down again", "", "complaint"),
        ("my calls keep dropping, every evening", "", "complaint"),
        ("your checkout has been broken all day, terrible", #","author":{"followers":25000}"#, "complaint"),
        ("is the spring offer available on pay monthly?", "", "question"),
    ]

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-layers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func theWorkedExampleAgreesAcrossCommands() throws {
        let input =
            Self.comments.enumerated().map { #"{"id":"c\#($0.offset)","text":"\#($0.element.text)"\#($0.element.fields)}"# }.joined(separator: "\n") + "\n"
        let classify = try CLI.run(["classify", "--input-format", "jsonl", "-q"] + Self.layers, stdin: Data(input.utf8))
        #expect(classify.status == 0, "\(classify.err)")
        let verdicts = try Self.jsonLines(classify.out)
        #expect(verdicts.map { $0["label"] as? String } == Self.comments.map(\.label))
        let firstReplies = verdicts.map { ($0["suggestions"] as? [String])?.first ?? "" }
        // The patched reply of the default's tech-failure rule, also for the list entry the brand added.
        // The patched reply of the default's tech-failure rule, for its added pattern and the extended list too.
        #expect(firstReplies[0...2].allSatisfy { $0.hasPrefix("Sorry about the signal") }, "\(firstReplies)")
        #expect(verdicts[1...2].allSatisfy { ($0["rules"] as? [String])?.contains("complaint.tech-failure") == true })
        #expect(firstReplies[3].hasPrefix("Sorry your calls keep dropping"))
        // The disabled high-reach escalation: no escalation for 25,000 followers.
        #expect(verdicts[4]["escalation"] == nil)
        #expect(firstReplies[5].hasPrefix("Hi there! The spring offer runs until 30 April"))

        // explain: the same verdicts, and the layer of each fired rule and reply.
        for (index, comment) in Self.comments.enumerated() where comment.fields.isEmpty {
            let explain = try CLI.run(["explain", comment.text, "--format", "json"] + Self.layers)
            #expect(explain.status == 0)
            let top = try #require(try JSONSerialization.jsonObject(with: explain.stdout) as? [String: Any])
            let object = try #require(top["explanation"] as? [String: Any])
            let verdict = try #require(object["verdict"] as? [String: Any])
            #expect(verdict["label"] as? String == verdicts[index]["label"] as? String)
            #expect(verdict["rules"] as? [String] == verdicts[index]["rules"] as? [String])
            // Variants are chosen by a hash of the comment, id included, so only the first reply (a group of one) is compared.
            #expect((verdict["suggestions"] as? [String])?.first == firstReplies[index])
            let replyLayers = (object["replyOrigins"] as? [[String: Any]])?.map { $0["layer"] as? String ?? "" } ?? []
            #expect(replyLayers.first == (index == 5 ? "fixtures/layers/campaign" : index == 3 ? "fixtures/layers/brand" : "default"))
        }
        let text = try CLI.run(["explain", "no 4g at all since this morning"] + Self.layers)
        #expect(text.out.contains("rule complaint.tech-failure layer default (<default>/complaints.yaml:"))
        #expect(text.out.contains("patched in layer fixtures/layers/brand (fixtures/layers/brand/telco.yaml:16:5)"))

        // test: every example and case of the three layers passes, but the default's case of a
        // high-reach complaint, which needs the rule the brand disabled.
        let test = try CLI.run(["test", "--over-default", "fixtures/layers/brand", "fixtures/layers/campaign"])
        #expect(test.status == 0, "\(test.out)")
        #expect(test.out.hasSuffix(", 0 failed (1 case overridden by a higher layer)\n"))
        #expect(
            test.out.contains(
                "<default>/cases.yaml:25:5: note: case overridden by a higher layer: it needs rule 'escalate.high-reach-complaint', disabled in layer fixtures/layers/brand (fixtures/layers/brand/telco.yaml:11:11)"
            ))

        // pack show: the effective pack names the disabled rule, the patch and the extended list, and
        // as a pack of its own gives the same labels, rules and escalations.
        let show = try CLI.run(["pack", "show"] + Self.layers)
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("# disabled in layer fixtures/layers/brand (fixtures/layers/brand/telco.yaml:11:11): escalate.high-reach-complaint"))
        #expect(show.out.contains("# layer default (<default>/complaints.yaml:"))
        #expect(
            show.out.contains(
                "; patched in layer fixtures/layers/brand (fixtures/layers/brand/telco.yaml:16:5)\n  - id: \"complaint.tech-failure\"\n    label: \"complaint\"\n    weight: 2.5\n"
            ))
        #expect(show.out.contains("\"mobile data\"]") && show.out.contains("# layer fixtures/layers/campaign (fixtures/layers/campaign/spring.yaml:4:5)"))
        let dir = try Self.temporaryDirectory()
        let flat = dir.appendingPathComponent("effective.yaml")
        try show.stdout.write(to: flat)
        let again = try CLI.run(["classify", "--input-format", "jsonl", "-q", "--no-default-rules", "--rules", flat.path], stdin: Data(input.utf8))
        #expect(again.status == 0, "\(again.err)")
        let flatVerdicts = try Self.jsonLines(again.out)
        for key in ["label", "rules"] {
            #expect(flatVerdicts.map { "\($0[key] ?? "")" } == verdicts.map { "\($0[key] ?? "")" })
        }
        #expect(flatVerdicts.map { $0["escalation"] == nil } == verdicts.map { $0["escalation"] == nil })
        let json = try CLI.run(["pack", "show", "--format", "json"] + Self.layers)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(
            rules.first { $0["id"] as? String == "question.spring-offer" }?["origin"] as? String
                == "layer fixtures/layers/campaign (fixtures/layers/campaign/spring.yaml:4:5)")
        let disabled = try #require(object["disabled"] as? [[String: String]])
        #expect(disabled == [["rule": "escalate.high-reach-complaint", "origin": "layer fixtures/layers/brand (fixtures/layers/brand/telco.yaml:11:11)"]])

        // eval: labelled as classify labels them, so every record is right.
        let csv = "text,label\n" + Self.comments.filter { $0.fields.isEmpty }.map { "\"\($0.text)\",\($0.label)" }.joined(separator: "\n") + "\n"
        let labelled = dir.appendingPathComponent("labelled.csv")
        try Data(csv.utf8).write(to: labelled)
        let eval = try CLI.run(["eval", labelled.path, "--format", "json"] + Self.layers)
        #expect(eval.status == 0, "\(eval.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
        #expect(report["accuracy"] as? Double == 1.0 && report["records"] as? Int == 5)
    }

    /// A patch (not a disable) that breaks a default case is a failure, named in the embedded file.
    @Test func aFailingDefaultCaseIsNamedAsTheEmbeddedFile() throws {
        let dir = try Self.temporaryDirectory()
        try Data("rapport: 1\npatch:\n  rules:\n    escalate.high-reach-complaint: {when: \"label == complaint and author.followers >= 100000\"}\n".utf8)
            .write(to: dir.appendingPathComponent("layer.yaml"))
        let run = try CLI.run(["test", "--over-default", dir.path])
        #expect(run.status == 1)
        #expect(run.out.hasPrefix("<default>/cases.yaml:25:5: error: case: expected escalation high, got none\n  - text: \"your checkout"))
        #expect(run.out.hasSuffix(" passed, 1 failed\n"))
    }

    @Test func initScaffoldsALayerThatPassesLintAndTest() throws {
        let dir = try Self.temporaryDirectory().appendingPathComponent("brand")
        let made = try CLI.run(["init", dir.path])
        #expect(made.status == 0, "\(made.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["README.md", "layer.yaml"])
        let lint = try CLI.run(["lint", "--over-default", "--strict", dir.path])
        #expect(lint.status == 0, "\(lint.out)")
        let test = try CLI.run(["test", "--over-default", dir.path])
        #expect(test.status == 0, "\(test.out)")
        #expect(test.out.hasSuffix(", 0 failed\n"))
        let layer = try String(contentsOf: dir.appendingPathComponent("layer.yaml"), encoding: .utf8)
        for kind in ["label: question", "label: complaint", "label: praise", "escalate:", "cases:", "pack:"] {
            #expect(layer.contains(kind))
        }

        // Never over existing files.
        try Data("mine".utf8).write(to: dir.appendingPathComponent("README.md"))
        let again = try CLI.run(["init", dir.path])
        #expect(again.status == 73)
        #expect(again.err.contains("not replacing existing file"))
        #expect(try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8) == "mine")
    }

    @Test func exportWritesTheEmbeddedPackAsFilesAndNeverReplacesOne() throws {
        let dir = try Self.temporaryDirectory().appendingPathComponent("default")
        let run = try CLI.run(["pack", "export", dir.path])
        #expect(run.status == 0, "\(run.err)")
        let rules = CLI.root.appendingPathComponent("rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: rules.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names)
        for name in names {
            #expect(
                FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: rules.appendingPathComponent(name).path))
        }
        let test = try CLI.run(["test", dir.path])
        #expect(test.status == 0 && test.out.hasSuffix(", 0 failed\n"))
        let again = try CLI.run(["pack", "export", dir.path])
        #expect(again.status == 73)
    }
}
