import Rapport

/// CSV, one row per record: id, label, the three scores, escalation level, route and reasons, the first
/// suggestion, the fired rules, an error column (filled for error records), then the kept fields.
///
/// Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel, LibreOffice or Sheets, so it gets a leading `'` (OWASP's advice).
public struct CSVEncoder: OutputEncoder {
    public let keptFields: [String]
    public let delimiter: UInt8

    public init(keptFields: [String] = [], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.keptFields = keptFields
        self.delimiter = delimiter
    }

    public static let columns = [
        "id", "label", "complaint", "question", "praise", "escalation_level", "escalation_route",
        "escalation_reasons", "suggestion", "rules", "error",
    ]

    public func prologue() -> [UInt8] {
        var out: [UInt8] = []
        row(Self.columns.map { Cell.text($0) } + keptFields.map { Cell.text($0) }, into: &out)
        return out
    }

    enum Cell {
        case text(String)
        case number(Double)
        /// A JSON number's literal text, written as it is (digits, sign, point and exponent only).
        case literal(String)
        case empty
    }

    public func encode(_ outcome: RecordOutcome, into out: inout [UInt8]) {
        switch outcome {
        case .error(let error, let input):
            var cells = [Cell](repeating: .empty, count: Self.columns.count + keptFields.count)
            let place = input.map { "\($0): line \(error.line)" } ?? "line \(error.line)"
            cells[10] = .text("\(place): \(error.message)")
            row(cells, into: &out)
        case .verdict(let v, _, let kept):
            var cells: [Cell] = [
                .text(v.id), .text(v.label.rawValue),
                .number(v.scores["complaint"] ?? 0), .number(v.scores["question"] ?? 0), .number(v.scores["praise"] ?? 0),
            ]
            if let e = v.escalation {
                cells += [.text(e.level.rawValue), .text(e.route), .text(e.reasons.joined(separator: "; "))]
            } else {
                cells += [.empty, .empty, .empty]
            }
            cells.append(v.suggestions.first.map(Cell.text) ?? .empty)
            cells.append(.text(v.rules.joined(separator: " ")))
            cells.append(.empty)
            for field in kept {
                switch field.value {
                case .string(let s): cells.append(.text(s))
                case .number(let literal): cells.append(.literal(literal))
                case .bool(let b): cells.append(.text(b ? "true" : "false"))
                case .null: cells.append(.empty)
                }
            }
            row(cells, into: &out)
        }
    }

    func row(_ cells: [Cell], into out: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(delimiter) }
            switch cell {
            case .empty: break
            case .number(let d): out.append(contentsOf: JSONOut.numberText(d).utf8)
            case .literal(let text): out.append(contentsOf: text.utf8)
            case .text(let s): Self.appendCell(s, delimiter: delimiter, into: &out)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends a text cell: neutralised if a spreadsheet would execute it, quoted when needed.
    static func appendCell(_ text: String, delimiter: UInt8, into out: inout [UInt8]) {
        var needsPrefix = false
        if let first = text.utf8.first {
            switch first {
            case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: needsPrefix = true
            default: break
            }
        }
        let needsQuotes = text.utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if needsQuotes { out.append(0x22) }
        if needsPrefix { out.append(UInt8(ascii: "'")) }
        for b in text.utf8 {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        if needsQuotes { out.append(0x22) }
    }
}
