import Testing
@testable import Rapport

@Suite("Evaluation metrics")
struct EvaluationMetricsTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static func item(_ gold: String, _ predicted: Label, rules: [String] = [], score: Double = 1, line: Int = 1) -> EvaluatedRecord {
        EvaluatedRecord(
            record: LabelledRecord(id: String(line), line: line, text: "text \(line)", label: gold),
            verdict: Verdict(
                id: String(line), label: predicted, scores: [predicted.rawValue: score], rules: rules,
                escalation: nil, suggestions: [], spans: []))
    }

    @Test func perLabelPrecisionRecallF1AndAccuracy() {
        // gold complaint ×3 (2 predicted complaint, 1 other); gold other ×2 (1 complaint, 1 other)
        let evaluated = [
            Self.item("complaint", .complaint, line: 1), Self.item("complaint", .complaint, line: 2),
            Self.item("complaint", .other, line: 3), Self.item("other", .complaint, line: 4), Self.item("other", .other, line: 5),
        ]
        let report = EvaluationReport(evaluated: evaluated, rules: [])
        #expect(report.labels == ["complaint", "other"])
        let complaint = report.metrics(for: "complaint")!
        #expect(complaint.truePositives == 2 && complaint.falsePositives == 1 && complaint.falseNegatives == 1)
        #expect(abs(complaint.precision - 2.0 / 3) < 1e-9)
        #expect(abs(complaint.recall - 2.0 / 3) < 1e-9)
        let other = report.metrics(for: "other")!
        #expect(abs(other.precision - 0.5) < 1e-9 && abs(other.recall - 0.5) < 1e-9)
        #expect(abs(report.macroF1 - (2.0 / 3 + 0.5) / 2) < 1e-9)
        #expect(abs(report.accuracy - 0.6) < 1e-9)
        #expect(report.confusion.count(gold: "complaint", predicted: "other") == 1)
        #expect(report.confusion.count(gold: "other", predicted: "complaint") == 1)
        #expect(report.confusion.counts == [[2, 1], [1, 1]])
    }

    @Test func mappingMergesLabelsOnBothSides() throws {
        let mapping = try LabelMapping(parsing: "question=other, praise = other")
        let evaluated = [Self.item("complaint", .question), Self.item("other", .praise), Self.item("Complaint", .complaint)]
        let report = EvaluationReport(evaluated: evaluated, rules: [], mapping: mapping)
        #expect(report.labels == ["complaint", "other"])
        #expect(report.metrics(for: "complaint")?.truePositives == 1)
        #expect(report.metrics(for: "complaint")?.falseNegatives == 1)
        #expect(report.metrics(for: "other")?.truePositives == 1)
        #expect(report.metrics(for: "question") == nil)
    }

    @Test func malformedMappingNamesTheItem() {
        #expect(throws: LabelMappingError.self) { try LabelMapping(parsing: "question=other,praise") }
        do {
            _ = try LabelMapping(parsing: "a=b,=c")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'=c'"))
        }
    }

    @Test func labelNeverPredictedHasZeroPrecisionNotNaN() {
        let report = EvaluationReport(evaluated: [Self.item("praise", .other), Self.item("other", .other)], rules: [])
        let praise = report.metrics(for: "praise")!
        #expect(praise.precision == 0 && praise.recall == 0 && praise.f1 == 0)
        #expect(report.labels == ["praise", "other"])
        // other: precision 1/2, recall 1 → F1 2/3; praise F1 0 → macro 1/3
        #expect(abs(report.macroF1 - 1.0 / 3) < 1e-9)
    }

    @Test func ruleHitsCountPrecisionOfTheRuleLabelAndNeverFired() {
        let rules = [
            Rule(id: "c.late", label: .complaint, location: Self.here),
            Rule(id: "q.how", label: .question, location: Self.here),
            Rule(id: "e.legal", escalate: Escalation(level: .critical, route: "legal", reason: "x"), location: Self.here),
            Rule(id: "p.love", label: .praise, location: Self.here),
        ]
        let evaluated = [
            Self.item("complaint", .complaint, rules: ["c.late", "e.legal"]),
            Self.item("other", .complaint, rules: ["c.late"]),
            Self.item("complaint", .complaint, rules: ["c.late", "q.how"]),
            Self.item("other", .question, rules: ["q.how"]),
        ]
        let report = EvaluationReport(evaluated: evaluated, rules: rules, mapping: LabelMapping(["question": "other"]))
        let late = report.rules[0]
        #expect(late.hits == 3 && late.correct == 2 && late.inErrors == 1)
        #expect(abs(late.precision! - 2.0 / 3) < 1e-9)
        // q.how's label maps to other: right on the "other" record, wrong on the complaint.
        #expect(report.rules[1].label == "other" && report.rules[1].correct == 1 && report.rules[1].hits == 2)
        #expect(report.rules[2].hits == 1 && report.rules[2].precision == nil)
        #expect(report.neverFired == ["p.love"])
    }

    @Test func worstErrorsAreRankedByConfidenceWithTheirCauses() {
        let rules = [
            Rule(id: "c.weak", label: .complaint, weight: 1, location: Self.here),
            Rule(id: "c.strong", label: .complaint, weight: 3, location: Self.here),
            Rule(id: "q.any", label: .question, location: Self.here),
        ]
        let evaluated = [
            Self.item("other", .complaint, rules: ["c.weak"], score: 1, line: 1),
            Self.item("other", .complaint, rules: ["c.weak", "c.strong", "q.any"], score: 4, line: 2),
            Self.item("complaint", .other, rules: [], score: 0, line: 3),
            Self.item("complaint", .question, rules: ["q.any"], score: 1, line: 4),
            Self.item("other", .other, line: 5),
        ]
        let report = EvaluationReport(evaluated: evaluated, rules: rules, top: 5)
        #expect(report.worstFalsePositives.map(\.line) == [2, 1, 4])
        #expect(report.worstFalsePositives[0].causes == ["c.strong", "c.weak"])
        #expect(report.worstFalseNegatives.map(\.line) == [4, 3])
        #expect(report.worstFalseNegatives[0].causes == ["q.any"])
        #expect(report.worstFalseNegatives[1].causes.isEmpty)
        let limited = EvaluationReport(evaluated: evaluated, rules: rules, top: 1)
        #expect(limited.worstFalsePositives.count == 1 && limited.worstFalseNegatives.count == 1)
    }
}
