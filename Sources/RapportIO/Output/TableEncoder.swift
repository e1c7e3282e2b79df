import Rapport

/// A readable table for a terminal: id, label (coloured), escalation marker, the comment's text, and
/// the first suggestion on a second line. Comment text is sanitised first: escape sequences and
/// control characters from the input never reach the terminal.
public struct TableEncoder: OutputEncoder {
    /// The terminal's width in columns (at least 60).
    public let width: Int
    /// Whether labels and escalations are coloured with ANSI codes.
    public let color: Bool

    /// A table `width` columns wide, coloured when `color` is set.
    public init(width: Int, color: Bool) {
        self.width = max(width, 60)
        self.color = color
    }

    static let idWidth = 10
    static let labelWidth = 9
    static let escalationWidth = 20

    var textWidth: Int { width - Self.idWidth - Self.labelWidth - Self.escalationWidth - 3 }

    public func prologue() -> [UInt8] {
        let header =
            TerminalText.pad("ID", columns: Self.idWidth) + " " + TerminalText.pad("LABEL", columns: Self.labelWidth) + " "
            + TerminalText.pad("ESCALATION", columns: Self.escalationWidth) + " " + "TEXT"
        return Array((paint(header, "1") + "\n").utf8)
    }

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func labelColor(_ label: Label) -> String {
        switch label {
        case .complaint: "31"
        case .question: "36"
        case .praise: "32"
        case .other: "2"
        default: "35"  // a pack's own label
        }
    }

    public func encode(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        var line: String
        switch outcome {
        case .error(let error, let input):
            let place = input.map { "\(TerminalText.sanitize($0)):\(error.line)" } ?? "line \(error.line)"
            line = paint(TerminalText.truncate("error at \(place): \(TerminalText.sanitize(error.message))", columns: width), "31") + "\n"
        case .verdict(let v, let comment, _):
            let id = TerminalText.pad(TerminalText.truncate(TerminalText.sanitize(v.id), columns: Self.idWidth), columns: Self.idWidth)
            let label = paint(TerminalText.pad(v.label.rawValue, columns: Self.labelWidth), Self.labelColor(v.label))
            var escalation = TerminalText.pad("", columns: Self.escalationWidth)
            if let e = v.escalation {
                let mark = TerminalText.pad(
                    TerminalText.truncate("! \(e.level.rawValue) \(TerminalText.sanitize(e.route))", columns: Self.escalationWidth),
                    columns: Self.escalationWidth)
                escalation = paint(mark, e.level >= .high ? "1;31" : "33")
            }
            let text = TerminalText.truncate(TerminalText.sanitize(comment.text), columns: textWidth)
            line = "\(id) \(label) \(escalation) \(text)\n"
            if let suggestion = v.suggestions.first {
                let indent = Self.idWidth + 1
                let reply = TerminalText.truncate("↳ " + TerminalText.sanitize(suggestion), columns: width - indent)
                line += String(repeating: " ", count: indent) + paint(reply, "2") + "\n"
            }
        }
        out.append(Array(line.utf8))
    }

    public var writtenFields: Set<VerdictField> { [.id, .label, .escalation, .suggestions] }
}
