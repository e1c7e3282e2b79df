import Foundation
import Rapport

/// `rapport eval --format html`: the report as one self-contained HTML page (inline CSS and SVG,
/// no script, nothing loaded from anywhere): headline figures, the confusion matrix as a heat map,
/// each rule's hits against its precision, and the worst errors with their fired rules and the
/// matched spans highlighted.
///
/// Everything from the data or the pack is HTML-escaped; control characters and bidirectional
/// overrides in comments are dropped so a comment cannot reorder the page around it.
enum EvaluationReportHTML {
    /// The whole page.
    static func render(_ report: EvaluationReport, file: String, pack: String) -> String {
        var body = "<header><h1>Rapport eval</h1><p class=\"sub\">\(escape(file)) · \(report.records) records · pack <b>\(escape(pack))</b>"
        if !report.mapping.isEmpty {
            body += " · labels compared as " + escape(report.mapping.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", "))
        }
        if !report.problems.isEmpty {
            body += " · <span class=\"warn\">\(report.problems.count) unreadable record\(report.problems.count == 1 ? "" : "s") not counted</span>"
        }
        body += "</p></header>\n"
        body += headline(report)
        body += "<section><h2>Per label</h2>\n" + labelTable(report.perLabel, first: "label") + "</section>\n"
        body +=
            "<section><h2>Confusion matrix</h2><p class=\"note\">Rows: people's label; columns: the pack's. Colour: share of the row.</p>\n"
            + heatMap(report.confusion) + "</section>\n"
        if let escalation = report.escalation { body += escalationSection(escalation) }
        body += "<section><h2>Rules: hits against precision</h2>\n" + ruleChart(report) + "</section>\n"
        body += errorSection(report.worstFalsePositives, title: "Worst false positives", note: "A label predicted wrongly, most confident first.")
        body += errorSection(report.worstFalseNegatives, title: "Worst false negatives", note: "People's label missed.")
        if !report.neverFired.isEmpty {
            body +=
                "<section><h2>Never fired (\(report.neverFired.count))</h2><p class=\"rules\">"
                + report.neverFired.map { "<code>\(escape($0))</code>" }.joined(separator: " ") + "</p></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Rapport eval: \(escape(file))</title>
            <style>\(css)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a202c;background:#f7fafc;margin:0;padding:24px 32px;line-height:1.4}
        header h1{margin:0;font-size:26px}.sub{color:#4a5568;margin:4px 0 0}.warn{color:#c05621;font-weight:600}
        section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px 20px;margin:16px 0;max-width:1180px}
        h2{font-size:18px;margin:0 0 10px}.note{color:#4a5568;font-size:13px;margin:0 0 10px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0;max-width:1180px}
        .card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 16px;min-width:130px}
        .card .v{font-size:28px;font-weight:700}.card .k{color:#4a5568;font-size:13px}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:4px 10px;text-align:right;border-bottom:1px solid #edf2f7}
        th:first-child,td:first-child{text-align:left}th{font-weight:600;color:#2d3748;background:#f7fafc}
        .bar{display:inline-block;height:8px;background:#4a5568;border-radius:2px;vertical-align:middle}td.barcell,th.barcell{text-align:left;width:104px;padding-left:4px}
        table.heat td{text-align:center;min-width:72px;border:1px solid #fff}table.heat td small{display:block;font-size:11px;opacity:.85}
        table.heat th.corner{font-size:11px;color:#718096;font-weight:400}
        .err{border-top:1px solid #edf2f7;padding:10px 0}.err:first-of-type{border-top:none}
        .meta{font-size:13px;color:#4a5568}.meta b{color:#1a202c}.text{margin:6px 0 0;unicode-bidi:isolate;white-space:pre-wrap;word-break:break-word}
        mark{background:#fefcbf;border-bottom:2px solid #d69e2e;padding:0 1px}mark.cause{background:#fed7d7;border-bottom-color:#c53030}
        code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12px;background:#edf2f7;border-radius:3px;padding:1px 4px}
        .rules code{display:inline-block;margin:2px 0}.legend span{margin-right:14px;font-size:13px}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
        svg text{font-family:inherit}
        """

    /// The headline cards: macro-F1, accuracy, then each label's F1, then critical recall and "escalated at all".
    static func headline(_ report: EvaluationReport) -> String {
        let correct = report.confusion.labels.indices.map { report.confusion.counts[$0][$0] }.reduce(0, +)
        var cards = [card(fixed(report.macroF1), "macro-F1"), card(fixed(report.accuracy), "accuracy (\(correct) of \(report.records))")]
        for m in report.perLabel { cards.append(card(fixed(m.f1), "\(escape(m.label)) F1 (support \(m.support))")) }
        if let e = report.escalation {
            if let critical = e.critical, critical.support > 0 {
                cards.append(card(fixed(critical.recall), "critical recall (\(critical.truePositives) of \(critical.support))"))
            }
            cards.append(card(fixed(e.escalated.recall), "escalated at all: recall (precision \(fixed(e.escalated.precision)))"))
        }
        return "<div class=\"cards\">" + cards.joined() + "</div>\n"
    }

    static func card(_ value: String, _ key: String) -> String {
        "<div class=\"card\"><div class=\"v\">\(value)</div><div class=\"k\">\(key)</div></div>"
    }

    /// Precision, recall, F1 (with a bar), support and how often the pack gave each class.
    static func labelTable(_ metrics: [LabelMetrics], first: String) -> String {
        var out = "<table><tr><th>\(first)</th><th>precision</th><th>recall</th><th>F1</th><th class=\"barcell\"></th><th>support</th><th>predicted</th></tr>\n"
        for m in metrics {
            out +=
                "<tr><td>\(escape(m.label))</td><td>\(fixed(m.precision))</td><td>\(fixed(m.recall))</td><td>\(fixed(m.f1))</td>"
                + "<td class=\"barcell\"><span class=\"bar\" style=\"width:\(Int((m.f1 * 100).rounded()))px\"></span></td>"
                + "<td>\(m.support)</td><td>\(m.predicted)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// The confusion matrix as a table whose cells are shaded by their share of the row: green on
    /// the diagonal (right), red elsewhere (wrong).
    static func heatMap(_ matrix: ConfusionMatrix) -> String {
        var out = "<table class=\"heat\"><tr><th class=\"corner\">people ↓ · pack →</th>"
        out += matrix.labels.map { "<th>\(escape($0))</th>" }.joined() + "<th>total</th></tr>\n"
        for (i, label) in matrix.labels.enumerated() {
            let total = matrix.counts[i].reduce(0, +)
            out += "<tr><th>\(escape(label))</th>"
            for (j, count) in matrix.counts[i].enumerated() {
                let share = total == 0 ? 0 : Double(count) / Double(total)
                let (r, g, b) = i == j ? (47, 133, 90) : (197, 48, 48)
                let alpha = count == 0 ? 0 : 0.08 + 0.82 * share
                let ink = alpha > 0.55 ? "#fff" : "#1a202c"
                out +=
                    "<td style=\"background:rgba(\(r),\(g),\(b),\(String(format: "%.2f", alpha)));color:\(ink)\">\(count)"
                    + "<small>\(total == 0 ? "–" : String(format: "%.0f%%", share * 100))</small></td>"
            }
            out += "<td>\(total)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func escalationSection(_ e: EscalationReport) -> String {
        var out = "<section><h2>Escalations</h2><p class=\"note\">People's escalation or route on \(e.records) records."
        if !e.routeMapping.isEmpty {
            out += " Routes compared as " + escape(e.routeMapping.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ")) + "."
        }
        out += "</p>\n"
        if let critical = e.critical, critical.support > 0 {
            out += "<p><b>critical recall \(fixed(critical.recall))</b> (\(critical.truePositives) of \(critical.support))</p>\n"
        } else {
            out += "<p>No record people escalated as critical.</p>\n"
        }
        out += labelTable([e.escalated], first: "escalated at all")
        if !e.levels.isEmpty { out += "<br>" + labelTable(e.levels, first: "level") }
        if !e.routes.isEmpty { out += "<br>" + labelTable(e.routes, first: "route") }
        if !e.missedCritical.isEmpty {
            out += "<h2 style=\"margin-top:14px\">Missed critical</h2>\n" + e.missedCritical.map { errorItem($0, arrow: "critical → \($0.predicted)") }.joined()
        }
        return out + "</section>\n"
    }

    /// Colours for the pack's labels in the chart.
    static func colour(_ label: String?) -> String {
        switch label {
        case "complaint": "#c53030"
        case "question": "#2b6cb0"
        case "praise": "#2f855a"
        case "other": "#718096"
        case nil: "#a0aec0"
        default: ["#805ad5", "#dd6b20", "#319795", "#b83280"][Int(label!.unicodeScalars.reduce(0) { $0 &+ Int($1.value) }) % 4]
        }
    }

    /// Each labelled rule that fired as a point: hits (log scale) across, precision up. The rules
    /// with the most hits in errors are named; every point names itself on hover.
    static func ruleChart(_ report: EvaluationReport) -> String {
        let points = report.rules.filter { $0.hits > 0 && $0.precision != nil }
        guard !points.isEmpty else { return "<p>No labelled rule fired.</p>\n" }
        let width = 1100.0, height = 440.0, left = 60.0, right = 250.0, top = 16.0, bottom = 48.0, inset = 10.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maxHits = max(10, points.map(\.hits).max() ?? 10)
        let decades = Int(ceil(log10(Double(maxHits))))
        // Points sit `inset` inside the frame so none is cut by an edge.
        func x(_ hits: Int) -> Double { left + inset + (plotWidth - 2 * inset) * log10(Double(hits)) / Double(decades) }
        func y(_ precision: Double) -> Double { top + inset + (plotHeight - 2 * inset) * (1 - precision) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"rule hits against precision\">\n"
        for step in 0...10 {
            let p = Double(step) / 10
            let stroke = step % 5 == 0 ? "#cbd5e0" : "#edf2f7"
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(p)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(p)))\" stroke=\"\(stroke)\"/>"
            if step % 2 == 0 {
                svg +=
                    "<text x=\"\(f(left - 8))\" y=\"\(f(y(p) + 4))\" font-size=\"12\" text-anchor=\"end\" fill=\"#4a5568\">\(String(format: "%.1f", p))</text>"
            }
        }
        for decade in 0...decades {
            for m in [1, 2, 5] where decade < decades || m == 1 {
                let hits = m * Int(pow(10.0, Double(decade)))
                let stroke = m == 1 ? "#cbd5e0" : "#edf2f7"
                svg += "<line x1=\"\(f(x(hits)))\" y1=\"\(f(top))\" x2=\"\(f(x(hits)))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(stroke)\"/>"
                svg += "<text x=\"\(f(x(hits)))\" y=\"\(f(top + plotHeight + 18))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#4a5568\">\(hits)</text>"
            }
        }
        svg +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" font-size=\"13\" text-anchor=\"middle\" fill=\"#2d3748\">hits (records the rule fired on, log scale)</text>"
        svg +=
            "<text transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\" fill=\"#2d3748\">precision of the rule's label</text>\n"
        let named = Set(
            points.sorted { $0.inErrors != $1.inErrors ? $0.inErrors > $1.inErrors : $0.hits > $1.hits }.prefix(12).filter { $0.inErrors > 0 }.map(\.rule))
        for point in points.sorted(by: { $0.hits > $1.hits }) {
            let cx = x(point.hits), cy = y(point.precision ?? 0)
            svg +=
                "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"5\" fill=\"\(colour(point.label))\" fill-opacity=\"0.75\" stroke=\"#fff\">"
                + "<title>\(escape(point.rule)): \(point.hits) hits, precision \(fixed(point.precision ?? 0)), \(point.inErrors) in errors</title></circle>\n"
        }
        // Names of the rules most often in errors, in a column at the right, each tied to its point by a line.
        let labelled = points.filter { named.contains($0.rule) }.sorted { y($0.precision ?? 0) < y($1.precision ?? 0) }
        let column = left + plotWidth + 24
        let spacing = labelled.count > 1 ? min(32, plotHeight / Double(labelled.count - 1)) : 0
        for (n, point) in labelled.enumerated() {
            let ty = top + 6 + Double(n) * spacing
            svg +=
                "<line x1=\"\(f(x(point.hits)))\" y1=\"\(f(y(point.precision ?? 0)))\" x2=\"\(f(column - 4))\" y2=\"\(f(ty - 4))\" stroke=\"#a0aec0\" stroke-width=\"0.75\"/>"
            svg += "<text x=\"\(f(column))\" y=\"\(f(ty))\" font-size=\"12\" fill=\"#1a202c\">\(escape(shortened(point.rule, 30)))</text>"
            svg +=
                "<text x=\"\(f(column))\" y=\"\(f(ty + 12))\" font-size=\"10\" fill=\"#718096\">\(point.hits) hits · \(fixed(point.precision ?? 0)) · \(point.inErrors) in errors</text>\n"
        }
        svg += "</svg>\n"
        let labels = Array(Set(points.compactMap(\.label))).sorted()
        let legend =
            "<p class=\"legend\">" + labels.map { "<span><i class=\"dot\" style=\"background:\(colour($0))\"></i>\(escape($0))</span>" }.joined()
            + "<span class=\"note\">Named on the right: the rules most often in errors. \(points.count) labelled rules fired; rules that only escalate have no precision and are not shown.</span></p>\n"
        return legend + svg
    }

    static func errorSection(_ errors: [EvaluationError], title: String, note: String) -> String {
        var out = "<section><h2>\(title)</h2><p class=\"note\">\(note)</p>\n"
        if errors.isEmpty { out += "<p>None.</p>\n" }
        for error in errors { out += errorItem(error, arrow: "\(error.expected) → \(error.predicted)") }
        return out + "</section>\n"
    }

    /// One wrong record: where it is, people's and the pack's call, the rules, the text with its spans marked.
    static func errorItem(_ error: EvaluationError, arrow: String) -> String {
        var meta = "line \(error.line) · id <b>\(escape(error.id))</b> · people → pack: <b>\(escape(arrow))</b>"
        if error.score > 0 { meta += " · score \(EvaluationReportText.compact(error.score))" }
        if !error.causes.isEmpty { meta += "<br>caused by " + error.causes.map { "<code>\(escape($0))</code>" }.joined(separator: " ") }
        let others = error.fired.filter { !error.causes.contains($0) }
        if error.fired.isEmpty {
            meta += "<br>no rule fired"
        } else if !others.isEmpty {
            meta += "<br>\(error.causes.isEmpty ? "fired" : "also fired") " + others.map { "<code>\(escape($0))</code>" }.joined(separator: " ")
        }
        return
            "<div class=\"err\"><div class=\"meta\">\(meta)</div><p class=\"text\">\(highlighted(error.text, spans: error.spans, causes: Set(error.causes)))</p></div>\n"
    }

    /// `text` HTML-escaped, each run covered by spans in a `<mark>` naming its rules (class `cause`
    /// when a rule behind the wrong label is among them); control characters and bidi controls dropped.
    static func highlighted(_ text: String, spans: [Span], causes: Set<String>) -> String {
        let scalars = Array(text.unicodeScalars)
        var cover = Array(repeating: [String](), count: scalars.count)
        for span in spans where span.start < span.end {
            for i in max(0, span.start)..<min(scalars.count, span.end) where !cover[i].contains(span.rule) { cover[i].append(span.rule) }
        }
        var out = ""
        var i = 0
        while i < scalars.count {
            var j = i
            while j < scalars.count && cover[j] == cover[i] { j += 1 }
            var run = String.UnicodeScalarView()
            for s in scalars[i..<j] where !isHidden(s) { run.append(s) }
            let piece = escape(String(run))
            if cover[i].isEmpty {
                out += piece
            } else {
                let cls = cover[i].contains { causes.contains($0) } ? " class=\"cause\"" : ""
                out += "<mark\(cls) title=\"\(escape(cover[i].joined(separator: ", ")))\">\(piece)</mark>"
            }
            i = j
        }
        return out
    }

    /// Control characters (but line breaks and tabs) and bidirectional controls.
    static func isHidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: true
        default: false
        }
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func shortened(_ text: String, _ count: Int) -> String {
        text.count > count ? String(text.prefix(count - 1)) + "…" : text
    }

    static func fixed(_ x: Double) -> String { EvaluationReportText.fixed(x) }

    /// A coordinate with one decimal.
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
