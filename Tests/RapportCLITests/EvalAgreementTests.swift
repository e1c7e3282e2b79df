import Foundation
import Testing

/// `rapport eval` measures exactly what `rapport classify` does: the same file and pack give the
/// same verdict for every record (label, escalation, rules, replies with `{author}`), in every input
/// format. The fixture (`fixtures/eval/fields.*`, the same ten records as JSON Lines, a JSON wrapper,
/// CSV and TSV) has author names, follower counts under different names (`author.followers`,
/// `user.followers_count`, a `followers` column) and a `channel` field; the pack
/// (`fixtures/eval/fields-pack.yaml`) escalates complaints by `author.followers` and has a rule
/// that fires only when `channel == 'support'`.
@Suite("rapport eval agrees with classify")
struct EvalAgreementTests {
    static let pack = ["--no-default-rules", "--rules", "fixtures/eval/fields-pack.yaml"]

    static func objects(_ data: Data) throws -> [[String: Any]] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: ["fields.jsonl", "fields.json", "fields.csv", "fields.tsv"])
    func everyRecordGetsTheSameVerdict(file: String) throws {
        let path = "fixtures/eval/" + file
        let classified = try CLI.run(["classify", path, "--output-format", "jsonl", "--keep-fields", "label", "-q"] + Self.pack)
        #expect(classified.status == 0, "\(classified.err)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let verdictsPath = dir.appendingPathComponent("verdicts.jsonl").path
        let evaluated = try CLI.run(["eval", path, "--verdicts", verdictsPath, "--format", "json"] + Self.pack)
        #expect(evaluated.status == 0, "\(evaluated.err)")

        let fromClassify = try Self.objects(classified.stdout)
        let fromEval = try Self.objects(try Data(contentsOf: URL(fileURLWithPath: verdictsPath)))
        #expect(fromClassify.count == 10 && fromEval.count == 10)
        for (c, e) in zip(fromClassify, fromEval) {
            let id = c["id"] as? String ?? "?"
            #expect(e["id"] as? String == id)
            #expect(e["label"] as? String == c["label"] as? String, "record \(id): label")
            #expect((e["escalation"] as? [String: AnyHashable]) == (c["escalation"] as? [String: AnyHashable]), "record \(id): escalation")
            #expect(e["rules"] as? [String] == c["rules"] as? [String], "record \(id): rules")
            #expect(e["suggestions"] as? [String] == c["suggestions"] as? [String], "record \(id): replies")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: verdictsPath)) == classified.stdout, "the same bytes as classify --keep-fields label")

        // The fields did reach the pack: follower counts (under three names) escalate, the channel rule fires.
        let byID = Dictionary(uniqueKeysWithValues: fromClassify.map { ($0["id"] as? String ?? "", $0) })
        #expect((byID["f1"]?["escalation"] as? [String: Any])?["route"] as? String == "social-lead")
        #expect(byID["f2"]?["escalation"] == nil)
        #expect((byID["f6"]?["escalation"] as? [String: Any])?["level"] as? String == "high")
        #expect((byID["f3"]?["rules"] as? [String])?.contains("complaint.slow-on-support-channel") == true)
        #expect((byID["f4"]?["rules"] as? [String])?.contains("complaint.slow-on-support-channel") == false)
        #expect(byID["f2"]?["suggestions"] as? [String] == ["Sorry about this, ann. Could you DM us the details?"])

        // The report's figures are those of classify's verdicts against people's labels.
        let report = try #require(try JSONSerialization.jsonObject(with: evaluated.stdout) as? [String: Any])
        let labels = try #require(report["labels"] as? [String])
        var counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for verdict in fromClassify {
            let gold = ((verdict["fields"] as? [String: Any])?["label"] as? String ?? "").lowercased()
            let g = try #require(labels.firstIndex(of: gold)), p = try #require(labels.firstIndex(of: verdict["label"] as? String ?? ""))
            counts[g][p] += 1
        }
        #expect((report["confusion"] as? [String: Any])?["counts"] as? [[Int]] == counts)
    }
}

/// Escalation scoring through the binary, on the same fixture: people escalated f1 (high,
/// social-lead), f6 (medium, churn) and f8 (critical, legal); the pack escalates f1 and f8 as people
/// did and f6 as high/social-lead (a complaint from 50,000 followers outranks "cancelling").
@Suite("rapport eval escalations")
struct EvalEscalationTests {
    @Test func escalationFiguresInTextAndJSON() throws {
        let args = ["eval", "fixtures/eval/fields.csv"] + EvalAgreementTests.pack
        let text = try CLI.run(args)
        #expect(text.status == 0)
        #expect(
            text.out.contains(
                """
                critical recall 1.000 (1 of 1)
                escalated at all: precision 1.000  recall 1.000  F1 1.000  (people 3, pack 3, both 3)
                level     precision  recall     F1  support  predicted
                critical      1.000   1.000  1.000        1          1
                high          0.500   1.000  0.667        1          2
                medium        0.000   0.000  0.000        1          0
                route        precision  recall     F1  support  predicted
                churn            0.000   0.000  0.000        1          0
                legal            1.000   1.000  1.000        1          1
                social-lead      0.500   1.000  0.667        1          2

                """))

        let json = try CLI.run(args + ["--format", "json", "--route-map", "churn=retention"])
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let escalation = try #require(report["escalation"] as? [String: Any])
        #expect(escalation["records"] as? Int == 10)
        #expect((escalation["escalated"] as? [String: Any])?["truePositives"] as? Int == 3)
        let routes = try #require(escalation["routes"] as? [[String: Any]])
        #expect(routes.compactMap { $0["label"] as? String } == ["legal", "retention", "social-lead"])
        #expect((escalation["routeMapping"] as? [String: String])?["churn"] == "retention")

        let none = try CLI.run([
            "eval", "fixtures/eval/labelled.csv", "--text-field", "comment", "--label-field", "gold",
            "--no-default-rules", "--rules", "fixtures/eval/pack.yaml", "--format", "json",
        ])
        #expect(try #require(try JSONSerialization.jsonObject(with: none.stdout) as? [String: Any])["escalation"] == nil)
        #expect(try CLI.run(args + ["--route-map", "churn"]).status == 64)
    }
}
