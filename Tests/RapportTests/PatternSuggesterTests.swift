import Testing
@testable import Rapport

/// `PatternSuggester` (`rapport suggest`): candidates from a generated set with a planted phrase.
@Suite("Pattern suggestions")
struct PatternSuggesterTests {
    static let pack = """
        rapport: 1
        pack: {name: synthetic}
        lists:
          parcel: [parcel, package, order]
        rules:
          - {id: complaint.broken, label: complaint, match: broken, examples: {fire: [broken]}}
          - {id: complaint.parcel-late, label: complaint, match: "<parcel> late", examples: {fire: [parcel late]}}
        """

    /// 40 complaints with the planted "vanished" after a parcel word, 40 the pack already finds
    /// ("broken"), 120 other comments, and one complaint whose phrase occurs nowhere else.
    static func records() -> [LabelledRecord] {
        var generator = SplitMix64(seed: 4)
        let filler = ["the", "service", "today", "weather", "lovely", "shop", "team", "visit", "friday", "coffee", "music", "garden"]
        func words(_ count: Int) -> String { (0..<count).map { _ in filler[generator.next(below: filler.count)] }.joined(separator: " ") }
        let parcels = ["parcel", "package", "order"]
        var records: [LabelledRecord] = []
        func add(_ text: String, _ label: String) {
            records.append(LabelledRecord(id: String(records.count), line: records.count + 2, text: text, label: label))
        }
        for i in 0..<40 { add("\(words(3)) my \(parcels[i % 3]) vanished \(words(2))", "complaint") }
        for _ in 0..<40 { add("\(words(3)) it is broken \(words(2))", "complaint") }
        for _ in 0..<120 { add(words(6), "other") }
        add("the quixotic snowflake incident ruined everything", "complaint")
        return records
    }

    @Test func aPlantedPhraseIsFoundAndAOneRecordPhraseIsNot() throws {
        let engine = try Engine(pack: RulePack.load(files: [(name: "synthetic.yaml", text: Self.pack)]))
        let found = PatternSuggester.suggest(engine, records: Self.records(), mapping: LabelMapping(), label: .complaint)
        let top = try #require(found.first)
        #expect(top.pattern.contains("vanished"))
        #expect(top.falseNegativesFixed == 40 && top.support == 40 && top.heldOutPrecision == 1)
        #expect(top.falsePositivesAdded == 0)
        #expect(!found.contains { $0.pattern.contains("snowflake") || $0.pattern.contains("quixotic") })
        // What the pack already finds is not proposed again, and filler never carries a pattern.
        #expect(!found.contains { $0.pattern.contains("broken") })
        #expect(found.allSatisfy { $0.heldOutPrecision >= 0.8 })
        #expect(top.fireExamples.count == 2)

        // The drafts load over the pack without a warning, and every example passes.
        let drafts = PatternSuggester.draftsYAML(found, label: .complaint, threshold: 1, existingIDs: Set(engine.pack.rules.map(\.id)), source: "test")
        let combined = try RulePack.load(files: [(name: "synthetic.yaml", text: Self.pack), (name: "drafts.yaml", text: drafts)])
        #expect(combined.warnings.isEmpty)
        let report = ExampleRunner.run(try Engine(pack: combined))
        #expect(report.failed == 0 && report.passed > 2)
    }

    @Test func candidatesComeFromTokensAndGeneraliseThroughLists() throws {
        let generator = CandidateGenerator(pack: try RulePack.load(files: [(name: "synthetic.yaml", text: Self.pack)]))
        let candidates = generator.candidates(Tokenizer.tokenize("@shop my Package has not arrived yet https://x.io 42"))
        #expect(candidates.contains("package"))
        #expect(candidates.contains("<parcel> has not arrived"))
        #expect(candidates.contains("<parcel> {0,3} arrived"))
        #expect(candidates.contains("<mention> my package"))
        // Handles, URLs, numbers and common words never make a pattern on their own.
        for alone in ["<mention>", "<url>", "<number>", "my", "has", "not", "my has", "<parcel>", "<parcel> has", "my <parcel> has"] {
            #expect(!candidates.contains(alone), "\(alone)")
        }
        #expect(generator.candidates(Tokenizer.tokenize("I can't even")).contains("can't even"))
    }
}
