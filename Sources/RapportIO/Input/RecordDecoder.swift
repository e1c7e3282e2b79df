public import Rapport

/// A raw record decoded into a comment, with the fields `--keep-fields` asked for.
public struct DecodedRecord: Sendable {
    /// The comment to classify: text, id, author and the flattened fields the engine may read.
    public var comment: Comment
    /// The kept fields, in the order asked for (null when a record lacks one).
    public var kept: [KeptField]
    /// True when the text was not valid UTF-8 and was decoded as Windows-1252 instead.
    public var repaired: Bool
}

/// One field copied from input to output by `--keep-fields`.
public struct KeptField: Sendable, Hashable {
    /// The dotted field name, as given to `--keep-fields`.
    public var name: String
    /// The value as the input wrote it.
    public var value: KeptValue

    /// A kept field named `name` holding `value`.
    public init(name: String, value: KeptValue) {
        self.name = name
        self.value = value
    }
}

/// A kept field's value, copied as the input wrote it (never through `Double`).
public enum KeptValue: Sendable, Hashable {
    /// A JSON string, or a CSV/TSV cell (whatever it holds: `02134` and `0x1F` stay text).
    case string(String)
    /// A JSON number, as its literal text (`1234567890123456789`, `1e400`, `-0.50`).
    case number(literal: String)
    /// A JSON `true` or `false`.
    case bool(Bool)
    /// JSON null, or a field the record does not have (or an array or object).
    case null

    /// A number literal from the input: ``number(literal:)``, or a string when it has a leading zero
    /// (`012`, which the reader accepts but JSON does not), so the output stays valid JSON.
    static func number(_ literal: String) -> KeptValue {
        var digits = literal.utf8.drop { $0 == UInt8(ascii: "-") }.makeIterator()
        if digits.next() == UInt8(ascii: "0"), let next = digits.next(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
            return .string(literal)
        }
        return .number(literal: literal)
    }
}

/// Why a record could not become a comment (the record becomes an error record).
public struct RecordError: Error, Sendable, Hashable {
    /// The input line the record starts on.
    public var line: Int
    /// What is wrong with the record.
    public var message: String
}

/// Turns raw records of one input into comments. Immutable and `Sendable`: runs on worker threads.
public struct RecordDecoder: Sendable {
    /// How the bytes of a record are laid out.
    public enum Shape: Sendable {
        /// A JSON value; `idFromIndex` uses the record's position (JSON arrays) rather than its line for missing ids.
        case json(idFromIndex: Bool)
        /// A CSV/TSV row with its header.
        case delimited(header: [String], delimiter: UInt8)
        /// The whole line is the text.
        case text
    }

    /// How this input's records are laid out.
    public let shape: Shape
    /// Which fields hold the text, id and author.
    public let mapping: FieldMapping
    /// The fields copied to the output as written.
    public let keepFields: [String]
    /// Put before positional ids (used when several inputs are classified together).
    public let idPrefix: String
    /// Deepest JSON nesting accepted in a record.
    public let maxDepth: Int
    /// Most fields a record may have (JSON members and array elements at every level, or CSV cells).
    public let maxFields: Int
    private let textColumn: Int
    private let idColumn: Int?
    private let authorColumn: Int?
    /// The members JSON records are read from: every field, or those ``demanding(_:)`` names.
    private(set) var plan: FieldPlan

    /// Fails (for CSV/TSV) when the header has no text column.
    public init(
        shape: Shape, mapping: FieldMapping, keepFields: [String] = [], idPrefix: String = "",
        maxDepth: Int = JSONParser.defaultMaxDepth, maxFields: Int = 1_000
    ) throws(InputHeaderError) {
        self.shape = shape
        self.mapping = mapping
        self.keepFields = keepFields
        self.idPrefix = idPrefix
        self.maxDepth = maxDepth
        self.maxFields = max(1, maxFields)
        plan = FieldPlan(mapping: mapping, keepFields: keepFields, demand: nil)
        if case .delimited(let header, _) = shape {
            func column(_ paths: [String]) -> Int? {
                for path in paths {
                    if let i = header.firstIndex(of: path) { return i }
                }
                let lowered = header.map { $0.lowercased() }
                for path in paths {
                    if let i = lowered.firstIndex(of: path.lowercased()) { return i }
                }
                return nil
            }
            guard let text = column(mapping.textPaths) else {
                throw InputHeaderError(columns: header, tried: mapping.textPaths, explicit: mapping.explicitText)
            }
            textColumn = text
            idColumn = column(mapping.idPaths)
            authorColumn = column(mapping.authorPaths)
        } else {
            textColumn = 0
            idColumn = nil
            authorColumn = nil
        }
    }

    /// This decoder, keeping in `Comment.fields` only the keys `demand` names (JSON records): a
    /// record is then checked without materialising its other members. Verdicts stay the same when
    /// `demand` is ``FieldDemand/init(pack:)`` of the engine's pack.
    public func demanding(_ demand: FieldDemand) -> RecordDecoder {
        guard case .json = shape else { return self }
        var decoder = self
        decoder.plan = FieldPlan(mapping: mapping, keepFields: keepFields, demand: demand)
        return decoder
    }

    /// Decodes one record.
    public func decode(_ raw: RawRecord) -> Result<DecodedRecord, RecordError> {
        if let error = raw.error { return .failure(RecordError(line: raw.line, message: error)) }
        switch shape {
        case .text:
            let (text, repaired) = TextDecoding.decode(raw.bytes)
            let comment = Comment(id: idPrefix + String(raw.line), text: text)
            return .success(DecodedRecord(comment: comment, kept: kept(text: text), repaired: repaired))
        case .json(let idFromIndex):
            var scratch = Scratch()
            let error = raw.bytes.withUnsafeBufferPointer {
                decodeJSON($0, line: raw.line, position: idFromIndex ? raw.index : raw.line, scratch: &scratch)
            }
            if let error { return .failure(error) }
            return .success(scratch.record)
        case .delimited(let header, let delimiter):
            return decodeRow(raw, header: header, delimiter: delimiter)
        }
    }

    /// What decoding a JSON record writes besides the comment, kept by a caller that decodes many
    /// (one per thread) so that reading a record allocates nothing for it.
    ///
    /// The shapes it keeps are shapes of one ``FieldPlan``: a scratch is shared across inputs only
    /// because every JSON input of a run is decoded with the same plan. A caller that decodes with
    /// another plan starts a new scratch.
    struct Scratch {
        /// Where the plan's members were found in the current record.
        var found: [FoundValue] = []
        /// The demanded fields' dictionaries seen so far, one per set of fields present.
        var shapes = FieldShapes()
        /// The record decoded last. The next one is decoded into it: when its present fields are those
        /// of the last one (``recordShape``), the values of `record.comment.fields` are set in place (no
        /// dictionary is copied or freed, while no one else holds the last record).
        var record = DecodedRecord(comment: Comment(text: ""), kept: [], repaired: false)
        /// The present fields (``FieldShapes/Shape/present``) of a kept shape whose dictionary, or a
        /// copy of it with other values, `record.comment.fields` is; nil when it is another one.
        var recordShape: UInt64?
    }

    /// Decodes one record of a batch into `scratch.record`, or gives why it cannot be decoded: the same
    /// as ``decode(_:)-(RawRecord)`` of the record, reading a JSON record where it lies in the batch.
    func decode(
        _ entry: RecordBatch.Entry, of batch: RecordBatch, bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch
    ) -> RecordError? {
        let record = UnsafeBufferPointer(rebasing: bytes[entry.start..<entry.end])
        if entry.error < 0, case .json(let idFromIndex) = shape {
            return decodeJSON(record, line: entry.line, position: idFromIndex ? entry.index : entry.line, scratch: &scratch)
        }
        switch decode(RawRecord(bytes: Array(record), line: entry.line, index: entry.index, error: batch.error(of: entry))) {
        case .success(let decoded):
            scratch.record = decoded
            scratch.recordShape = nil
            return nil
        case .failure(let error):
            return error
        }
    }

    /// The kept fields of a record that is only a text: `text` holds it.
    func kept(text: String) -> [KeptField] {
        keepFields.map { KeptField(name: $0, value: $0 == "text" ? .string(text) : .null) }
    }

    private func decodeRow(_ raw: RawRecord, header: [String], delimiter: UInt8) -> Result<DecodedRecord, RecordError> {
        let cells = CSVRow.split(raw.bytes, delimiter: delimiter, maxCells: header.count + 1)
        guard cells.count == header.count else {
            let count = cells.count > header.count ? "more than \(header.count) fields" : "\(cells.count) field\(cells.count == 1 ? "" : "s")"
            return .failure(RecordError(line: raw.line, message: "the row has \(count), the header has \(header.count)"))
        }
        var repaired = false
        var strings: [String] = []
        strings.reserveCapacity(cells.count)
        for cell in cells {
            let (s, r) = TextDecoding.decode(cell)
            repaired = repaired || r
            strings.append(s)
        }
        let text = strings[textColumn]
        var id = idPrefix + String(raw.line)
        if let idColumn, !strings[idColumn].isEmpty { id = strings[idColumn] }
        var author: String?
        if let authorColumn, !strings[authorColumn].isEmpty { author = strings[authorColumn] }
        var fields: [String: FieldValue] = [:]
        for (i, name) in header.enumerated() where i != textColumn {
            if let v = Self.cellValue(strings[i]) { fields[name] = v }
        }
        Self.addFollowerAlias(&fields)
        let kept = keepFields.map { path -> KeptField in
            guard let i = header.firstIndex(of: path) else { return KeptField(name: path, value: .null) }
            return KeptField(name: path, value: .string(i == textColumn ? text : strings[i]))
        }
        return .success(DecodedRecord(comment: Comment(id: id, text: text, author: author, fields: fields), kept: kept, repaired: repaired))
    }

    func missingTextMessage() -> String {
        if mapping.explicitText { return "no field '\(mapping.textPaths[0])'" }
        return "no text field (looked for full_text, text, message, body, comment, content and YouTube snippet text; use --text-field)"
    }

    /// A CSV cell as a field: empty cells are absent; numbers and `true`/`false` are typed.
    static func cellValue(_ cell: String) -> FieldValue? {
        if cell.isEmpty { return nil }
        if let first = cell.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            let d = Double(cell), d.isFinite
        {
            return .number(d)
        }
        if cell == "true" { return .bool(true) }
        if cell == "false" { return .bool(false) }
        return .string(cell)
    }

    /// Object members and array elements at every level of `value`, counting no further than just past `stopAfter`.
    static func fieldCount(_ value: JSONValue, stopAfter limit: Int) -> Int {
        var count = 0
        var pending = [value]
        while let next = pending.popLast(), count <= limit {
            switch next {
            case .object(let members): count += members.count; pending.append(contentsOf: members.values)
            case .array(let elements): count += elements.count; pending.append(contentsOf: elements)
            default: break
            }
        }
        return count
    }

    /// Puts the first of ``FieldMapping/followerAliases`` holding a number under `author.followers`,
    /// when `fields` has no such key.
    static func addFollowerAlias(_ fields: inout [String: FieldValue]) {
        guard fields["author.followers"] == nil, let followers = followerAlias({ fields[FieldMapping.followerAliases[$0]] }) else { return }
        fields["author.followers"] = followers
    }

    /// The value a record lacking `author.followers` gets under it: the first follower alias holding a
    /// number, where `value(i)` is the record's field named by alias number `i` of ``FieldMapping/followerAliases``.
    static func followerAlias(_ value: (Int) -> FieldValue?) -> FieldValue? {
        for alias in FieldMapping.followerAliases.indices {
            if let found = value(alias), case .number = found { return found }
        }
        return nil
    }

    /// "malformed JSON at column 17: ..." (or "at line 14, column 3" when the record, starting on
    /// input line `first`, spans lines).
    static func describe(_ error: JSONSyntaxError, in bytes: UnsafeBufferPointer<UInt8>, line first: Int) -> String {
        var line = first
        var column = 1
        let end = min(error.offset, bytes.count)
        for i in 0..<end {
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        let place = line == first ? "column \(column)" : "line \(line), column \(column)"
        return "malformed JSON at \(place): \(error.message)"
    }
}

/// A CSV/TSV header names no text column.
public struct InputHeaderError: Error, Sendable {
    /// The header's column names.
    public var columns: [String]
    /// The text column names looked for.
    public var tried: [String]
    /// Whether the text column was named with `--text-field`.
    public var explicit: Bool

    /// The error as shown to the user.
    public var message: String {
        let have = columns.joined(separator: ", ")
        if explicit { return "the header has no column '\(tried[0])' (columns: \(have))" }
        return "the header has no text column (looked for \(tried.prefix(7).joined(separator: ", ")); columns: \(have); use --text-field)"
    }
}
