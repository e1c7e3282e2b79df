import Foundation
import Rapport
import RapportIO
import RapportSupport

/// Renders an ``Explanation`` (and `--why-not` reports) as readable text for `rapport explain`.
/// All text that came from the comment passes through ``TerminalText/sanitize(_:)``.
struct ExplanationText {
    var color: Bool

    private func styled(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func heading(_ text: String) -> String { styled(text, "1") }

    private static func number(_ value: Double) -> String { NumberText.compact(value) }

    /// The comment with the spans of counted hits underlined (when colour is on), sanitised piece by piece.
    private func highlighted(_ text: String, _ hits: [Explanation.Hit]) -> String {
        guard color, !hits.isEmpty else { return TerminalText.sanitize(text) }
        let scalars = Array(text.unicodeScalars)
        var marked = [Bool](repeating: false, count: scalars.count)
        for hit in hits where hit.start >= 0 && hit.start <= hit.end && hit.end <= scalars.count {
            for i in hit.start..<hit.end { marked[i] = true }
        }
        var out = "", start = 0
        while start < scalars.count {
            var end = start
            while end < scalars.count, marked[end] == marked[start] { end += 1 }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            let clean = TerminalText.sanitize(String(piece))
            out += marked[start] ? styled(clean, "4;32") : clean
            start = end
        }
        return out
    }

    /// `ITEM  layer NAME (FILE:LINE:COLUMN), patched at ...`.
    private static func describe(_ origin: Explanation.Origin) -> String {
        var text = "\(origin.item)  layer \(origin.layer)" + (origin.location.isEmpty ? "" : " (\(origin.location))")
        if !origin.patchedAt.isEmpty { text += ", patched in " + origin.patchedAt.joined(separator: ", ") }
        return TerminalText.sanitize(text)
    }

    func render(_ e: Explanation, text: String, whyNot: [WhyNot]) -> String {
        var out = ""
        out += heading("comment") + "  \"" + highlighted(text, e.hits.filter { $0.status == .counted }) + "\"" + (e.truncated ? "  (truncated)" : "") + "\n"

        var tokenLine = ""
        var clause = e.tokens.first?.clause ?? 0
        for token in e.tokens {
            if token.clause != clause { tokenLine += " |"; clause = token.clause }
            let kind = token.kind == .word ? "" : styled(":" + token.kind.rawValue, "2")
            tokenLine += " " + TerminalText.sanitize(token.text) + kind
        }
        out += heading("tokens") + "  " + (e.tokens.isEmpty ? "(none)" : String(tokenLine.dropFirst())) + "\n"

        out += heading("hits") + (e.hits.isEmpty ? "  (no pattern matched)\n" : "\n")
        for hit in e.hits {
            let status: String =
                switch hit.status {
                case .counted: styled("counted", "32")
                case .negated: styled("negated", "33")
                case .silencedByUnless: styled("silenced by unless", "33")
                case .unless: styled("unless", "33")
                }
            out += "  \(hit.rule)  \(hit.role) \"\(hit.pattern)\"  [\(hit.start)..\(hit.end)] \"\(TerminalText.sanitize(hit.text))\"  \(status)"
            if let note = hit.note { out += " (\(TerminalText.sanitize(note)))" }
            out += "\n"
        }

        if !e.conditions.isEmpty {
            out += heading("conditions") + "\n"
            for condition in e.conditions {
                out += "  \(condition.rule)  when \(condition.condition)  → \(condition.result)  (\(Self.stage(condition.stage)))\n"
                out += Self.fieldLines(condition.fields)
            }
        }

        if !e.origins.isEmpty {
            out += heading("fired") + "  (layer and file of each fired rule)\n"
            for origin in e.origins { out += "  " + Self.describe(origin) + "\n" }
        }

        out += heading("scores") + (e.contributions.isEmpty ? "  (no rule scored)\n" : "\n")
        for c in e.contributions {
            out += "  \(c.label.rawValue)  \(c.weight < 0 ? "" : "+")\(Self.number(c.weight))  \(c.rule)\n"
        }
        let order = ["complaint", "question", "praise"]
        let scores = e.verdict.scores.sorted { (order.firstIndex(of: $0.key) ?? 9, $0.key) < (order.firstIndex(of: $1.key) ?? 9, $1.key) }
        out += "  total: " + scores.map { "\($0.key) \(Self.number($0.value))" }.joined(separator: ", ")
        out += "  (threshold \(Self.number(e.decision.threshold)), precedence \(e.decision.precedence.map(\.rawValue).joined(separator: " > ")))\n"

        out += heading("label") + "  " + styled(e.decision.label.rawValue, "1;36") + "  " + e.decision.reason
        if !e.decision.secondary.isEmpty { out += "; also " + e.decision.secondary.map(\.rawValue).joined(separator: ", ") }
        out += "\n"

        if let escalation = e.verdict.escalation {
            out += heading("escalation") + "  " + styled(escalation.level.rawValue, "1;31") + " → \(escalation.route)"
            if let routes = escalation.routes, routes.count > 1 { out += " (routes: \(routes.joined(separator: ", ")))" }
            out += "\n"
            for reason in escalation.reasons { out += "  - \(reason)\n" }
        }
        if let caution = e.caution { out += heading("caution") + "  " + caution + "\n" }
        if let held = e.praiseEscalation { out += heading("escalation") + "  " + held + "\n" }

        out += heading("replies") + (e.verdict.suggestions.isEmpty ? "  (none)\n" : "\n")
        for (i, reply) in e.verdict.suggestions.enumerated() {
            out += "  \(i + 1). \(TerminalText.sanitize(reply))\n"
            if i < e.replyOrigins.count { out += "     " + styled("from " + Self.describe(e.replyOrigins[i]), "2") + "\n" }
        }
        if let note = e.praiseReply { out += "  " + styled(note, "2") + "\n" }
        if let dropped = e.droppedReplies {
            out += heading("dropped replies") + "  (tried and left out)\n"
            for drop in dropped {
                out += "  - \"\(TerminalText.sanitize(drop.template))\"\n"
                out += "    " + styled("dropped: " + TerminalText.sanitize(drop.detail), "33") + "\n"
                out += "    " + styled("from " + Self.describe(drop.origin), "2") + "\n"
            }
        }

        for report in whyNot {
            out += heading("why-not \(report.rule)") + "  " + TerminalText.sanitize(report.summary) + "\n"
            for p in report.patterns {
                out += "  \(p.role) \"\(p.pattern)\" (\(p.location)): " + (p.matched ? "matched" : "no match")
                if let element = p.failedElement {
                    out += "; stopped at \(element)" + (p.failedLocation.map { " (\($0))" } ?? "")
                }
                out += "\n    " + TerminalText.sanitize(p.detail) + "\n"
            }
            if let condition = report.condition {
                out += "  when \(condition.condition) → \(condition.result)  (\(Self.stage(condition.stage)))\n"
                out += Self.fieldLines(condition.fields)
            }
        }
        return out
    }

    static func stage(_ stage: Explanation.ConditionStage) -> String {
        switch stage {
        case .beforeDecision: "checked before the decision: gates the rule's weight"
        case .afterDecision: "checked after the decision: reads the label"
        }
    }

    /// One line per field a condition reads: its value, and whether it is a number, text or missing.
    static func fieldLines(_ fields: [Explanation.FieldReading]) -> String {
        var out = ""
        for field in fields {
            let from = field.source.map { " (from \(TerminalText.sanitize($0)))" } ?? ""
            let value = TerminalText.sanitize(field.value ?? "")
            switch field.kind {
            case .missing: out += "    \(field.name): missing: the comment has no such field, so it equals nothing\n"
            case .number where field.number != nil:
                out += "    \(field.name) = \"\(value)\"\(from): text read as the number \(number(field.number ?? 0))\n"
            case .number: out += "    \(field.name) = \(value)\(from): number\n"
            case .boolean: out += "    \(field.name) = \(value)\(from): boolean\n"
            case .text: out += "    \(field.name) = \"\(value)\"\(from): text, not a number (compared as text; never < or > a number)\n"
            }
        }
        return out
    }
}
