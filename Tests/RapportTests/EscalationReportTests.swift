import Testing
@testable import Rapport

/// Escalation scoring of `rapport eval`, on records whose figures follow by hand.
@Suite("Escalation report")
struct EscalationReportTests {
    static func item(_ line: Int, gold: String?, route: String?, predicted: EscalationLevel?, predictedRoute: String = "") -> EvaluatedRecord {
        EvaluatedRecord(
            record: LabelledRecord(id: "r\(line)", line: line, text: "text \(line)", label: "other", escalation: gold, route: route),
            verdict: Verdict(
                id: "r\(line)", label: .other, scores: [:], rules: predicted == nil ? [] : ["escalate.x"],
                escalation: predicted.map { EscalationSummary(level: $0, route: predictedRoute, reasons: ["x"]) },
                suggestions: [], spans: []))
    }

    @Test func levelsRoutesAndEscalatedAtAll() throws {
        let evaluated = [
            Self.item(1, gold: "critical", route: "legal", predicted: .critical, predictedRoute: "legal"),
            Self.item(2, gold: "critical", route: "safety", predicted: .high, predictedRoute: "security"),
            Self.item(3, gold: "medium", route: "churn", predicted: .medium, predictedRoute: "retention"),
            Self.item(4, gold: "none", route: "none", predicted: .medium, predictedRoute: "retention"),
            Self.item(5, gold: "none", route: "none", predicted: nil),
            Self.item(6, gold: nil, route: nil, predicted: .critical, predictedRoute: "legal"),
        ]
        let report = try #require(EscalationReport(evaluated: evaluated, routeMapping: LabelMapping(["churn": "retention"])))
        #expect(report.records == 5, "the record without people's escalation or route is left out")
        // escalated at all: people 1,2,3; pack 1,2,3,4.
        #expect(report.escalated.truePositives == 3 && report.escalated.falsePositives == 1 && report.escalated.falseNegatives == 0)
        #expect(report.levels.map(\.label) == ["critical", "high", "medium"])
        let critical = try #require(report.critical)
        #expect(critical.truePositives == 1 && critical.falseNegatives == 1 && critical.falsePositives == 0)
        #expect(abs(critical.recall - 0.5) < 1e-9)
        #expect(report.missedCritical.map(\.id) == ["r2"])
        #expect(report.missedCritical.first?.predicted == "high")
        // churn is compared as the pack's retention: 1 right, 1 raised wrongly.
        let retention = try #require(report.routes.first { $0.label == "retention" })
        #expect(retention.truePositives == 1 && retention.falsePositives == 1)
        #expect(!report.routes.contains { $0.label == "churn" || $0.label == "none" })
        #expect(report.routes.map(\.label) == ["legal", "retention", "safety", "security"])

        let unmapped = try #require(EscalationReport(evaluated: evaluated, routeMapping: LabelMapping()))
        #expect(unmapped.routes.first { $0.label == "churn" }?.falseNegatives == 1)
        #expect(unmapped.routes.first { $0.label == "retention" }?.falsePositives == 2)
    }

    @Test func aRouteAloneDecidesEscalatedAndNoFieldsMeanNoReport() throws {
        let routesOnly = [
            Self.item(1, gold: nil, route: "security", predicted: .high, predictedRoute: "security"),
            Self.item(2, gold: nil, route: "none", predicted: .high, predictedRoute: "security"),
        ]
        let report = try #require(EscalationReport(evaluated: routesOnly))
        #expect(report.levels.isEmpty)
        #expect(report.escalated.truePositives == 1 && report.escalated.falsePositives == 1)
        #expect(EscalationReport(evaluated: [Self.item(1, gold: nil, route: nil, predicted: .high)]) == nil)
    }
}
