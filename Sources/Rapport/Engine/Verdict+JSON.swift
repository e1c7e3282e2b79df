extension Verdict {
    /// The verdict as one line of JSON in the key order of docs/ARCHITECTURE.md ("The verdict JSON
    /// shape": `id, label, scores, rules, escalation, suggestions, spans, truncated`), with scores in `complaint, question, praise`
    /// order; `escalation` is left out when there is none and `truncated` unless true.
    /// Written by hand, so the same verdict always gives the same bytes (Foundation's
    /// `JSONEncoder` does not keep key order) and no `Encoder` machinery runs per record.
    public var jsonLine: String {
        var out = "{\"id\":"
        JSONText.appendString(id, to: &out)
        out += ",\"label\":\""
        out += label.rawValue
        out += "\",\"scores\":{"
        var first = true
        let ordered = Label.scored.map(\.rawValue) + scores.keys.filter { key in !Label.scored.contains { $0.rawValue == key } }.sorted()
        for key in ordered {
            guard let value = scores[key] else { continue }
            if !first { out += "," }
            first = false
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.appendNumber(value, to: &out)
        }
        out += "},\"rules\":"
        JSONText.appendStrings(rules, to: &out)
        if let escalation {
            out += ",\"escalation\":{\"level\":\""
            out += escalation.level.rawValue
            out += "\",\"route\":"
            JSONText.appendString(escalation.route, to: &out)
            if let routes = escalation.routes {
                out += ",\"routes\":"
                JSONText.appendStrings(routes, to: &out)
            }
            out += ",\"reasons\":"
            JSONText.appendStrings(escalation.reasons, to: &out)
            out += "}"
        }
        out += ",\"suggestions\":"
        JSONText.appendStrings(suggestions, to: &out)
        out += ",\"spans\":["
        for (index, span) in spans.enumerated() {
            if index > 0 { out += "," }
            out += "{\"rule\":"
            JSONText.appendString(span.rule, to: &out)
            out += ",\"start\":\(span.start),\"end\":\(span.end),\"text\":"
            JSONText.appendString(span.text, to: &out)
            out += "}"
        }
        out += "]"
        if truncated == true { out += ",\"truncated\":true" }
        out += "}"
        return out
    }
}

/// Minimal JSON text writing for hand-written encoders.
enum JSONText {
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        var pending = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = pending
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default:
                // Controls, DEL and the Unicode line breaks (NEL, LS, PS): one record stays one line
                // for consumers that split on Unicode line boundaries.
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escape = nil
                }
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[pending..<index])
                out += escape
                scalars.formIndex(after: &index)
                pending = index
            } else {
                scalars.formIndex(after: &index)
            }
        }
        out.unicodeScalars.append(contentsOf: scalars[pending..<scalars.endIndex])
        out += "\""
    }

    static func appendStrings(_ texts: [String], to out: inout String) {
        out += "["
        for (index, text) in texts.enumerated() {
            if index > 0 { out += "," }
            appendString(text, to: &out)
        }
        out += "]"
    }

    /// Integral values print without a decimal point; non-finite values print as `null`.
    static func appendNumber(_ value: Double, to out: inout String) {
        if !value.isFinite { out += "null" } else if value.rounded() == value, abs(value) < 1e15 { out += String(Int64(value)) } else { out += "\(value)" }
    }
}
