internal import RapportYAML
import RapportSupport

/// Renders diagnostics compiler style, for people:
///
/// ```
/// rules/complaints.yaml:14:9: error: unknown key 'patern' in rule 'complaint.late'; did you mean 'match'?
///     patern: "where is my <parcel>"
///     ^
/// ```
///
/// Pure: it returns text and never prints. The source line and caret come from RapportYAML's
/// `SourceExcerpt` (columns count Unicode scalars; tabs, wide characters and long lines handled).
public enum DiagnosticRenderer {
    /// ANSI styling used when `color` is true.
    enum Style: String {
        case bold = "\u{1B}[1m", red = "\u{1B}[1;31m", yellow = "\u{1B}[1;33m", cyan = "\u{1B}[1;36m", green = "\u{1B}[1;32m", reset = "\u{1B}[0m"
    }

    /// The diagnostic's line, then (when `source` holds the file's text and the line exists) the
    /// source line and a caret under the column. No trailing newline.
    public static func render(_ diagnostic: Diagnostic, source: String?, color: Bool = false) -> String {
        func styled(_ text: String, _ style: Style) -> String {
            color ? style.rawValue + text + Style.reset.rawValue : text
        }
        let severityStyle: Style =
            switch diagnostic.severity {
            case .error: .red
            case .warning: .yellow
            case .note: .cyan
            }
        var header = styled("\(diagnostic.file):\(diagnostic.line):\(diagnostic.column):", .bold) + " "
        header += styled("\(diagnostic.severity.rawValue):", severityStyle) + " "
        header += color ? styled(diagnostic.message, .bold) : diagnostic.message
        if let hint = diagnostic.hint { header += "; " + hint }
        guard let source, let line = sourceLine(diagnostic.line, in: source), !line.isEmpty else { return header }
        var excerpt = SourceExcerpt.render(source, at: Mark(line: diagnostic.line, column: diagnostic.column))
        if color, excerpt.hasSuffix("^") {
            excerpt = excerpt.dropLast() + styled("^", .green)
        }
        return header + "\n" + excerpt
    }

    /// Renders every diagnostic (looking up each file's text in `sources`), separated by newlines.
    public static func render(_ diagnostics: [Diagnostic], sources: [String: String], color: Bool = false) -> String {
        diagnostics.map { render($0, source: sources[$0.file], color: color) }.joined(separator: "\n")
    }

    /// `N errors, N warnings` for a list of diagnostics.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// Line `number` (1-based) of `text`, without its line break; nil when there is no such line.
    static func sourceLine(_ number: Int, in text: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var line = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if current == number { return line }
                current += 1
                continue
            }
            if current == number, scalar != "\r" { line.unicodeScalars.append(scalar) }
        }
        return current == number ? line : nil
    }
}

extension DiagnosticRenderer {
    /// Diagnostics as a JSON array of `{file, line, column, severity, code, message, hint}` objects,
    /// keys in that order, one object per line, `hint` null when there is none.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "[]" }
        let objects = diagnostics.map { d in
            "  {\"file\": \(jsonString(d.file)), \"line\": \(d.line), \"column\": \(d.column), \"severity\": \(jsonString(d.severity.rawValue)), "
                + "\"code\": \(jsonString(d.code.rawValue)), \"message\": \(jsonString(d.message)), \"hint\": \(d.hint.map(jsonString) ?? "null")}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    /// `text` as a JSON string literal (escaped like verdicts: controls, DEL and Unicode line breaks).
    static func jsonString(_ text: String) -> String { JSONEscaping.quoted(text) }
}
