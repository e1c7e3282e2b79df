import Foundation
import Rapport
import RapportIO
import RapportSupport

/// How `rapport eval` shows an ``EvaluationReport``: readable tables, or JSON.
///
/// Everything that comes from the data or a pack (labels, ids, comment text, rule ids) goes through
/// ``TerminalText/sanitize(_:)`` in the text report: a comment cannot move the cursor, retitle the
/// terminal or reverse the line with a bidi override.
enum EvaluationReportText {
    /// The whole report as text, ending with a newline.
    static func render(_ report: EvaluationReport, header: String) -> String {
        var out = clean(header) + "\n"
        if !report.mapping.isEmpty {
            out +=
                "labels compared as: " + report.mapping.sorted { $0.key < $1.key }.map { "\(clean($0.key)) → \(clean($0.value))" }.joined(separator: ", ")
                + "\n"
        }
        if !report.problems.isEmpty {
            let one = report.problems.count == 1
            out += "\(report.problems.count) record\(one ? "" : "s") could not be read and \(one ? "is" : "are") not counted\n"
        }
        out += "\n" + labelTable(report)
        let correct = report.confusion.labels.indices.map { report.confusion.counts[$0][$0] }.reduce(0, +)
        out += "\nmacro-F1 \(fixed(report.macroF1))   accuracy \(fixed(report.accuracy)) (\(correct) of \(report.records))\n"
        out += "\nconfusion matrix (rows: people's label, columns: predicted)\n" + confusionTable(report.confusion)
        if let escalation = report.escalation { out += "\n" + escalationSection(escalation) }
        out += "\n" + ruleTable(report)
        out += "\n" + neverFired(report)
        out += "\n" + errors(report.worstFalsePositives, title: "worst false positives (a label predicted wrongly, most confident first)")
        out += "\n" + errors(report.worstFalseNegatives, title: "worst false negatives (people's label missed)")
        return out
    }

    /// `--compare`: per-label figures of both packs and their change, then the records fixed,
    /// broken and still wrong (at most `top` of each), with the rules behind each change.
    static func render(_ c: PackComparison, header: String, top: Int) -> String {
        var out = clean(header) + "\nbefore: \(clean(c.packBefore))\nafter:  \(clean(c.packAfter))\n\n"
        var rows = [["label", "P before", "P after", "R before", "R after", "F1 before", "F1 after", "F1 change"]]
        for l in c.labels {
            rows.append([
                clean(l.label), fixed(l.before.precision), fixed(l.after.precision), fixed(l.before.recall), fixed(l.after.recall),
                fixed(l.before.f1), fixed(l.after.f1), signed(l.f1Change),
            ])
        }
        out += table(rows, rightAligned: Set(1...7))
        out +=
            "\nmacro-F1 \(fixed(c.macroF1Before)) → \(fixed(c.macroF1After)) (\(signed(c.macroF1After - c.macroF1Before)))"
            + "   accuracy \(fixed(c.accuracyBefore)) → \(fixed(c.accuracyAfter)) (\(signed(c.accuracyAfter - c.accuracyBefore)))\n"
        out += "\n" + changes(c.fixed, title: "fixed (wrong before, right after)", top: top)
        out += "\n" + changes(c.broken, title: "broken (right before, wrong after)", top: top)
        out += "\n" + changes(c.stillWrong, title: "still wrong, with another label", top: top)
        return out
    }

    static func changes(_ changes: [PackComparison.RecordChange], title: String, top: Int) -> String {
        var out = "\(title): \(changes.count) record\(changes.count == 1 ? "" : "s")\n"
        for change in changes.prefix(top) {
            var line = "  line \(change.line) (id \(clean(change.id))): people \(clean(change.expected)); \(clean(change.before)) → \(clean(change.after))"
            if !change.causes.isEmpty { line += "; now decided by \(clean(change.causes.joined(separator: ", ")))" }
            if !change.rulesAdded.isEmpty { line += "; newly fires \(clean(change.rulesAdded.joined(separator: ", ")))" }
            if !change.rulesRemoved.isEmpty { line += "; no longer fires \(clean(change.rulesRemoved.joined(separator: ", ")))" }
            if change.rulesAdded.isEmpty && change.rulesRemoved.isEmpty {
                line +=
                    change.fired.isEmpty
                    ? "; no rule fires with either pack (the threshold changed)"
                    : "; the same rules fire (\(clean(change.fired.joined(separator: ", ")))): their weights or the threshold changed"
            }
            out += line + "\n    " + quoted(change.text) + "\n"
        }
        if changes.count > top { out += "  … and \(changes.count - top) more (--top N shows more; --format json lists all)\n" }
        return out
    }

    /// `x` with three decimals and a sign.
    static func signed(_ x: Double) -> String {
        let text = fixed(x)
        return text.hasPrefix("-") ? text : "+" + text
    }

    /// A report (or any value) as pretty-printed JSON with sorted keys.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `x` with three decimals.
    static func fixed(_ x: Double) -> String {
        String(format: "%.3f", x)
    }

    static func labelTable(_ report: EvaluationReport) -> String {
        metricsTable(report.perLabel, title: "label")
    }

    /// Precision, recall, F1 and support per class, under a first column called `title`; with
    /// `predicted`, also how often the pack gave the class.
    static func metricsTable(_ metrics: [LabelMetrics], title: String, predicted: Bool = false) -> String {
        var rows = [[title, "precision", "recall", "F1", "support"] + (predicted ? ["predicted"] : [])]
        for m in metrics {
            rows.append([clean(m.label), fixed(m.precision), fixed(m.recall), fixed(m.f1), String(m.support)] + (predicted ? [String(m.predicted)] : []))
        }
        return table(rows, rightAligned: predicted ? [1, 2, 3, 4, 5] : [1, 2, 3, 4])
    }

    /// Escalation figures: recall of `critical` first, then "escalated at all", each level and each route.
    static func escalationSection(_ e: EscalationReport) -> String {
        var out = "escalations (people's escalation or route on \(e.records) records"
        if !e.routeMapping.isEmpty {
            out += "; routes compared as: " + e.routeMapping.sorted { $0.key < $1.key }.map { "\(clean($0.key)) → \(clean($0.value))" }.joined(separator: ", ")
        }
        out += ")\n"
        if let critical = e.critical, critical.support > 0 {
            out += "critical recall \(fixed(critical.recall)) (\(critical.truePositives) of \(critical.support))\n"
        } else {
            out += "critical recall: no record people escalated as critical\n"
        }
        let any = e.escalated
        out +=
            "escalated at all: precision \(fixed(any.precision))  recall \(fixed(any.recall))  F1 \(fixed(any.f1))"
            + "  (people \(any.support), pack \(any.predicted), both \(any.truePositives))\n"
        if !e.levels.isEmpty { out += metricsTable(e.levels, title: "level", predicted: true) }
        if !e.routes.isEmpty { out += metricsTable(e.routes, title: "route", predicted: true) }
        if !e.missedCritical.isEmpty {
            out += "missed critical (people: critical; the pack's level after the arrow)\n"
            for error in e.missedCritical {
                var line = "  line \(error.line) (id \(clean(error.id))): critical → \(clean(error.predicted))"
                line += error.fired.isEmpty ? ", no rule fired" : ", fired: " + clean(error.fired.joined(separator: ", "))
                out += line + "\n    " + quoted(error.text) + "\n"
            }
        }
        return out
    }

    static func confusionTable(_ matrix: ConfusionMatrix) -> String {
        var rows = [[""] + matrix.labels.map(clean)]
        for (i, label) in matrix.labels.enumerated() {
            rows.append([clean(label)] + matrix.counts[i].map(String.init))
        }
        return table(rows, rightAligned: Set(1..<(matrix.labels.count + 1)))
    }

    /// The rules that fired, most hits first (then pack order).
    static func ruleTable(_ report: EvaluationReport) -> String {
        let fired = report.rules.enumerated().filter { $0.element.hits > 0 }
            .sorted { $0.element.hits != $1.element.hits ? $0.element.hits > $1.element.hits : $0.offset < $1.offset }
            .map(\.element)
        var out = "rules that fired: \(fired.count) of \(report.rules.count) (precision: share of hits people gave the rule's label)\n"
        guard !fired.isEmpty else { return out }
        var rows = [["rule", "label", "hits", "precision", "in errors"]]
        for hit in fired {
            rows.append([clean(hit.rule), hit.label.map(clean) ?? "-", String(hit.hits), hit.precision.map(fixed) ?? "-", String(hit.inErrors)])
        }
        out += table(rows, rightAligned: [2, 3, 4])
        return out
    }

    static func neverFired(_ report: EvaluationReport) -> String {
        guard !report.neverFired.isEmpty else { return "every rule fired at least once\n" }
        return "never fired (\(report.neverFired.count)): " + clean(report.neverFired.joined(separator: ", ")) + "\n"
    }

    static func errors(_ errors: [EvaluationError], title: String) -> String {
        var out = title + (errors.isEmpty ? ": none\n" : "\n")
        for error in errors {
            var line = "  line \(error.line) (id \(clean(error.id))): \(clean(error.expected)) → \(clean(error.predicted))"
            if error.score > 0 { line += ", score \(compact(error.score))" }
            if !error.causes.isEmpty { line += ", caused by \(clean(error.causes.joined(separator: ", ")))" }
            let others = error.fired.filter { !error.causes.contains($0) }
            if error.fired.isEmpty {
                line += ", no rule fired"
            } else if !others.isEmpty {
                line += error.causes.isEmpty ? ", fired: " : "; also fired: "
                line += clean(others.joined(separator: ", "))
            }
            out += line + "\n    " + quoted(error.text) + "\n"
        }
        return out
    }

    /// A score without a trailing `.0`.
    static func compact(_ x: Double) -> String { NumberText.compact(x) }

    /// The text made safe for a terminal, on one line (line breaks and tabs as spaces), quoted, cut at 160 characters.
    static func quoted(_ text: String) -> String {
        var flat = clean(text)
        if flat.count > 160 { flat = String(flat.prefix(159)) + "…" }
        return "\"" + flat + "\""
    }

    /// Input-derived text made safe to print (no escape sequences, control or bidi characters).
    static func clean(_ text: String) -> String {
        TerminalText.sanitize(text)
    }

    /// Rows padded into columns two spaces apart; columns in `rightAligned` are right-aligned.
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var cells: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                cells.append(rightAligned.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad))
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
