import Foundation
import Testing

/// `rapport classify --rules`: a small pack of our own layered over the default, or used alone.
@Suite("classify --rules")
struct ClassifyRulesTests {
    static func verdicts(_ run: CLIRun) throws -> [[String: Any]] {
        try run.out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func aLayerAddsItsRulesAndRepliesToTheDefault() throws {
        let run = try CLI.run(
            ["classify", "--rules", "fixtures/rule-packs/layered", "--input-format", "text", "--quiet"],
            stdin: Data("my new widget keeps wobbling\n".utf8))
        #expect(run.status == 0)
        let verdicts = try Self.verdicts(run)
        #expect(verdicts.count == 1)
        #expect(verdicts[0]["label"] as? String == "complaint")
        #expect((verdicts[0]["rules"] as? [String])?.contains("complaint.widget-wobble") == true)
    }

    @Test func theLayerMayUseTheDefaultsLists() throws {
        // <parcel> comes from the default pack.
        let run = try CLI.run(
            ["classify", "--rules", "fixtures/rule-packs/layered", "--input-format", "text", "--quiet"],
            stdin: Data("the parcel came with a wobbly widget inside\n".utf8))
        #expect(run.status == 0)
        let verdict = try #require(try Self.verdicts(run).first)
        #expect((verdict["rules"] as? [String])?.contains("complaint.widget-wobble") == true)
    }

    @Test func aPackAloneClassifiesWithOnlyItsRules() throws {
        let run = try CLI.run(
            ["classify", "--no-default-rules", "--rules", "fixtures/eval/pack.yaml", "--input-format", "text", "--quiet"],
            stdin: Data("thanks a lot\nis it broken?\nmy lawyer will call\nwhere is my parcel\n".utf8))
        #expect(run.status == 0)
        let verdicts = try Self.verdicts(run)
        #expect(verdicts.map { $0["label"] as? String } == ["praise", "complaint", "other", "other"])
        #expect(verdicts.map { $0["rules"] as? [String] ?? [] } == [["praise.thanks"], ["complaint.product", "question.mark"], ["escalate.legal"], []])
        #expect((verdicts[2]["escalation"] as? [String: Any])?["level"] as? String == "critical")
    }

    @Test func aLayerThatNeedsTheDefaultDoesNotLoadAlone() throws {
        let run = try CLI.run(
            ["classify", "--no-default-rules", "--rules", "fixtures/rule-packs/layered", "--input-format", "text"],
            stdin: Data("my widget wobbles\n".utf8))
        #expect(run.status == 2)
        #expect(run.out == "")
        #expect(run.err.contains("fixtures/rule-packs/layered/widgets.yaml:"))
        #expect(run.err.contains("unknown list '<parcel>'"))
        #expect(run.err.hasSuffix("rapport: the rule pack has 1 error; nothing was classified\n"))
    }
}
