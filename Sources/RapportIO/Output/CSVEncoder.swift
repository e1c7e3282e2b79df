import RapportSupport
import Rapport

/// CSV, one row per record: by default id, label, the three scores, escalation level, route and
/// reasons, the first suggestion, the fired rules (then `tags` and `route` when the pack's rules have
/// any, ``Column/defaults(tagsOrRoutes:)``), the comment's text and author, an error column
/// (filled for error records), then the kept fields. ``columns`` chooses and orders the columns;
/// the `error` column is always written, so no record is lost. Column names in the header are
/// unique: a kept field named like a column is headed `field.NAME`, a repeated name gets `_2`, `_3`….
///
/// Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel, LibreOffice or Sheets, so it gets a leading `'` (OWASP's advice).
public struct CSVEncoder: OutputEncoder {
    /// A column of the CSV output, named as in the header.
    public enum Column: String, CaseIterable, Sendable, Hashable {
        case id, label, complaint, question, praise
        case escalationLevel = "escalation_level"
        case escalationRoute = "escalation_route"
        case escalationReasons = "escalation_reasons"
        case suggestion, rules, tags, route, text, author, error

        /// The verdict member the column shows; nil for the comment's text and author and the error.
        public var member: VerdictField? {
            switch self {
            case .id: .id
            case .label: .label
            case .complaint, .question, .praise: .scores
            case .escalationLevel, .escalationRoute, .escalationReasons: .escalation
            case .suggestion: .suggestions
            case .rules: .rules
            case .tags: .tags
            case .route: .route
            case .text, .author, .error: nil
            }
        }

        /// The columns named in a comma-separated list (`id,label,text`; spaces around names allowed,
        /// case ignored), in that order.
        ///
        /// - Throws: ``UnknownCSVColumn`` for a name that is not a column or is given twice.
        public static func parseList(_ list: String) throws(UnknownCSVColumn) -> [Column] {
            var columns: [Column] = []
            for part in list.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingSpaces.lowercased()
                guard let column = Column(rawValue: name) else { throw UnknownCSVColumn(name: name, repeated: false) }
                if columns.contains(column) { throw UnknownCSVColumn(name: name, repeated: true) }
                columns.append(column)
            }
            return columns
        }

        /// The default columns: all of them, but `tags` and `route` only when `tagsOrRoutes` (the pack's
        /// rules have tags or routes), so a pack without them keeps the columns it always had.
        public static func defaults(tagsOrRoutes: Bool) -> [Column] {
            tagsOrRoutes ? allCases : allCases.filter { $0 != .tags && $0 != .route }
        }

        /// The columns that show the members in `fields`, in the default order, and `error`.
        public static func showing(_ fields: Set<VerdictField>) -> [Column] {
            allCases.filter { column in column.member.map(fields.contains) ?? (column == .error) }
        }
    }

    /// The columns written, `error` among them.
    public let columns: [Column]
    /// The kept input fields, written after the columns.
    public let keptFields: [String]
    /// The cell delimiter (`,` unless chosen).
    public let delimiter: UInt8
    /// The header row's names: the columns', then the kept fields' (made unique).
    public let header: [String]

    /// - Parameters:
    ///   - columns: the columns in their order (`error` is added at the end when missing).
    ///   - keptFields: the names of the kept input fields (`--keep-fields`).
    ///   - delimiter: the cell delimiter.
    public init(columns: [Column] = Column.defaults(tagsOrRoutes: false), keptFields: [String] = [], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.columns = columns.contains(.error) ? columns : columns + [.error]
        self.keptFields = keptFields
        self.delimiter = delimiter
        var names = self.columns.map(\.rawValue)
        let columnNames = Set(names)
        var taken = columnNames
        for field in keptFields {
            let base = columnNames.contains(field) ? "field." + field : field
            var name = base
            var suffix = 2
            while taken.contains(name) {
                name = base + "_\(suffix)"
                suffix += 1
            }
            taken.insert(name)
            names.append(name)
        }
        header = names
    }

    public func prologue() -> [UInt8] {
        var out = ByteWriter()
        for (i, name) in header.enumerated() {
            if i > 0 { out.append(delimiter) }
            Self.appendCell([name], separator: "", delimiter: delimiter, into: &out)
        }
        out.append("\r\n")
        return out.bytes
    }

    public var writtenFields: Set<VerdictField> { Set(columns.compactMap(\.member)) }
    /// Only the `author` column shows it.
    public var writesAuthor: Bool { columns.contains(.author) }

    public func encode(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(delimiter) }
            switch outcome {
            case .verdict(let v, let comment, _): cell(column, v, comment, into: &out)
            case .error(let error, let input):
                guard column == .error else { continue }
                let place = input.map { "\($0): line \(error.line)" } ?? "line \(error.line)"
                Self.appendCell([place, error.message], separator: ": ", delimiter: delimiter, into: &out)
            }
        }
        if case .verdict(_, _, let kept) = outcome {
            for field in kept {
                out.append(delimiter)
                switch field.value {
                case .string(let s): Self.appendCell([s], separator: "", delimiter: delimiter, into: &out)
                case .number(let literal): out.append(Array(literal.utf8))
                case .bool(let b): out.append(b ? "true" : "false")
                case .null: break
                }
            }
        } else {
            for _ in keptFields { out.append(delimiter) }
        }
        out.append("\r\n")
    }

    private func cell(_ column: Column, _ v: Verdict, _ comment: Comment, into out: inout ByteWriter) {
        func text(_ parts: [String], _ separator: StaticString = "") {
            Self.appendCell(parts, separator: separator, delimiter: delimiter, into: &out)
        }
        switch column {
        case .id: text([v.id])
        case .label: text([v.label.rawValue])
        case .complaint: JSONOut.number(v.scores["complaint"] ?? 0, into: &out)
        case .question: JSONOut.number(v.scores["question"] ?? 0, into: &out)
        case .praise: JSONOut.number(v.scores["praise"] ?? 0, into: &out)
        case .escalationLevel: if let e = v.escalation { text([e.level.rawValue]) }
        case .escalationRoute: if let e = v.escalation { text([e.route]) }
        case .escalationReasons: if let e = v.escalation { text(e.reasons, "; ") }
        case .suggestion: if let first = v.suggestions.first { text([first]) }
        case .rules: text(v.rules, " ")
        case .tags: if let tags = v.tags { text(tags, " ") }
        case .route: if let route = v.route { text([route]) }
        case .text: text([comment.text])
        case .author: if let author = comment.author { text([author]) }
        case .error: break
        }
    }

    /// Appends one text cell, the `parts` joined by `separator`: neutralised if a spreadsheet would
    /// execute it, quoted when needed, written without joining the parts first.
    static func appendCell(_ parts: [String], separator: StaticString, delimiter: UInt8, into out: inout ByteWriter) {
        let separatorBytes = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
        func special(_ b: UInt8) -> Bool { b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D }
        var first: UInt8?
        var needsQuotes = parts.count > 1 && separatorBytes.contains(where: special)
        for (i, part) in parts.enumerated() {
            if first == nil {
                first = part.utf8.first ?? (i + 1 < parts.count ? separatorBytes.first : nil)
            }
            if !needsQuotes, part.utf8.contains(where: special) { needsQuotes = true }
        }
        var needsPrefix = false
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: needsPrefix = true
        default: break
        }
        if needsQuotes { out.append(0x22) }
        if needsPrefix { out.append(UInt8(ascii: "'")) }
        for (i, part) in parts.enumerated() {
            if i > 0 { append(separatorBytes, quoting: needsQuotes, into: &out) }
            var part = part
            part.withUTF8 { append($0, quoting: needsQuotes, into: &out) }
        }
        if needsQuotes { out.append(0x22) }
    }

    /// Appends `bytes`, doubling each `"` when the cell is quoted (a `"` forces quoting).
    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, quoting: Bool, into out: inout ByteWriter) {
        guard quoting, bytes.contains(0x22) else { out.append(bytes); return }
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
    }
}

/// A name given to `--columns` that is not a CSV column, or is given twice.
public struct UnknownCSVColumn: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as given (lowercased, without surrounding spaces).
    public var name: String
    /// Whether the name is a column given more than once.
    public var repeated: Bool

    public var description: String {
        if repeated { return "column '\(name)' is given twice" }
        let valid = CSVEncoder.Column.allCases.map(\.rawValue).joined(separator: ", ")
        return "unknown column '\(name)'; the columns are \(valid)"
    }
}
