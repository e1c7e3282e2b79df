import Rapport

/// Diagnostics as a JSON array of `{file, line, column, severity, code, message, hint}` objects,
/// keys in that order, `hint` null when there is none.
enum DiagnosticsJSON {
    static func encode(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "[]" }
        let objects = diagnostics.map { d in
            "  {\"file\": \(quote(d.file)), \"line\": \(d.line), \"column\": \(d.column), \"severity\": \(quote(d.severity.rawValue)), "
                + "\"code\": \(quote(d.code)), \"message\": \(quote(d.message)), \"hint\": \(d.hint.map(quote) ?? "null")}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
