/// The shape of an input dump.
public enum InputFormat: String, Sendable, CaseIterable {
    /// One JSON value per line (`.jsonl`, `.ndjson`).
    case jsonl
    /// A JSON array of records, or an object holding one under `data`, `items`, ... (`.json`).
    case json
    /// Comma-separated values with a header row (`.csv`).
    case csv
    /// Tab-separated values with a header row (`.tsv`, `.tab`).
    case tsv
    /// Plain text, one comment per line (`.txt`).
    case text

    /// The format a file name's extension implies, if it is decisive. `.json` is not: it may hold JSON Lines.
    public static func fromExtension(of path: String) -> InputFormat? {
        let name = path.lowercased()
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".jsonlines") { return .jsonl }
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".tsv") || name.hasSuffix(".tab") { return .tsv }
        if name.hasSuffix(".txt") { return .text }
        return nil
    }

    /// Guesses the format from the first line of the input (`firstLine` excludes the newline;
    /// `complete` tells whether a newline or the end of input was seen). See ``detect(firstLine:textColumns:complete:)``.
    public static func sniff(firstLine: [UInt8], textColumns: [String], complete: Bool = true) -> InputFormat {
        detect(firstLine: firstLine, textColumns: textColumns, complete: complete).format
    }

    /// A format guessed from the first line, and why (for the notice that says how to override it).
    public struct Detection: Sendable, Equatable {
        /// The format guessed.
        public var format: InputFormat
        /// Why: "the first line is a JSON object", ... (may quote the input: sanitise before printing).
        public var reason: String
        /// For CSV, the cell delimiter the header uses when it is not a comma (`;`, `|`).
        public var delimiter: UInt8? = nil
    }

    /// Guesses the format from the first line, taking only what is unambiguous; anything else is plain text
    /// (a dump of comments must not vanish because its first comment is `[deleted]` or starts with `{`).
    ///
    /// - JSON: the first line is a whole JSON array or object, or the start of one that continues on the
    ///   next lines (`[`, `{`, `[{"text": "a"},`). An object is JSON Lines unless it holds an array of
    ///   records (a one-line `{"data":[...]}`); an array, or an object that does not close on its first
    ///   line, is JSON. A first line longer than the sniffed prefix (`complete` false) that starts with `{`
    ///   is a wrapper only if the prefix shows a record key opening an array at the top level (minified API
    ///   responses); otherwise it is one long JSON Lines record.
    /// - CSV/TSV: the first line is a header: every cell a name (letters, digits, `_`, `.`, `-`; no spaces
    ///   inside), no name twice, and one of them a text column (`textColumns`, any case). A tab makes it TSV;
    ///   a header split by `;` or `|` (and not by commas) is CSV with that delimiter.
    /// - Otherwise plain text, one comment per line.
    ///
    /// `json` says the input is known to be JSON of some kind (a `.json` file): then any first line
    /// starting with `[` is an array and one starting with `{` an object (a broken one is the reader's
    /// to report, record by record).
    public static func detect(firstLine: [UInt8], textColumns: [String], complete: Bool = true, json: Bool = false) -> Detection {
        var bytes = firstLine[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let f = bytes.first, f == 0x20 || f == 0x09 || f == 0x0D { bytes = bytes.dropFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 || l == 0x0D { bytes = bytes.dropLast() }
        guard let first = bytes.first else { return Detection(format: .text, reason: "the first line is empty") }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            let isObject = first == UInt8(ascii: "{")
            if !complete {
                if !isObject { return Detection(format: .json, reason: "the first line starts a JSON array") }
                return opensRecordArray(Array(bytes))
                    ? Detection(format: .json, reason: "the first line starts a JSON object holding an array of records")
                    : Detection(format: .jsonl, reason: "the first line starts a JSON object")
            }
            if json && !isObject { return Detection(format: .json, reason: "the file starts a JSON array") }
            do {
                var value: JSONValue
                do {
                    value = try JSONParser.parse(Array(bytes))
                } catch
                    where error.message.hasSuffix("after the end of the value")
                    && (bytes[bytes.startIndex + error.offset] == UInt8(ascii: "[") || bytes[bytes.startIndex + error.offset] == UInt8(ascii: "{"))
                {
                    // Documents one after the other on one line (`cat page1.json page2.json` without newlines): the first decides.
                    value = try JSONParser.parse(Array(bytes.prefix(error.offset)))
                }
                if case .object(let members) = value {
                    for key in JSONArraySplitter.recordKeys {
                        if case .array? = members[key] {
                            return Detection(format: .json, reason: "the first line is a JSON object holding an array of records under \"\(key)\"")
                        }
                    }
                    return Detection(format: .jsonl, reason: "the first line is a JSON object")
                }
                return Detection(format: .json, reason: "the first line is a JSON array")
            } catch {
                // The start of a document that goes on over the next lines (pretty-printed, or one element a
                // line), or a truncated one-line document (a string still open where the input ends).
                if json || error.message.hasPrefix("unexpected end of record") || error.message == "unterminated string" {
                    return Detection(format: .json, reason: "the first line starts a JSON \(isObject ? "object" : "array") that goes on over the next lines")
                }
            }
        }
        let known = Set(textColumns.map { $0.lowercased() })
        func header(_ separator: UInt8) -> String? {
            let names = bytes.split(separator: separator, omittingEmptySubsequences: false).map { cell -> String in
                var cell = cell
                while let f = cell.first, f == 0x20 || f == 0x22 { cell = cell.dropFirst() }
                while let l = cell.last, l == 0x20 || l == 0x22 { cell = cell.dropLast() }
                return String(decoding: cell, as: UTF8.self)
            }
            guard names.count > 1, Set(names.map { $0.lowercased() }).count == names.count else { return nil }
            for name in names {
                guard !name.isEmpty, name.utf8.count <= 128,
                    name.utf8.allSatisfy({
                        $0 >= 0x80 || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
                            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20)
                    })
                else { return nil }
            }
            return names.first { known.contains($0.lowercased()) }
        }
        if bytes.contains(0x09), let column = header(0x09) {
            return Detection(format: .tsv, reason: "the first line is a tab-separated header with the text column \"\(column)\"")
        }
        if let column = header(UInt8(ascii: ",")) {
            return Detection(format: .csv, reason: "the first line is a comma-separated header with the text column \"\(column)\"")
        }
        for (separator, name) in [(UInt8(ascii: ";"), "semicolon"), (UInt8(ascii: "|"), "pipe")] where bytes.contains(separator) {
            if let column = header(separator) {
                return Detection(
                    format: .csv, reason: "the first line is a \(name)-separated header with the text column \"\(column)\"",
                    delimiter: separator)
            }
        }
        return Detection(format: .text, reason: "the first line is neither JSON nor a CSV/TSV header naming a text column")
    }
}

extension InputFormat {
    /// The delimiters a CSV file may use: comma, semicolon (spreadsheets in locales whose decimal
    /// mark is a comma), tab and pipe.
    public static let csvDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    /// The delimiter of a CSV header line when it is unambiguous: the only one of ``csvDelimiters``
    /// found outside quotes. Nil when none or several are found (the caller keeps its default).
    public static func csvDelimiter(ofHeader line: [UInt8]) -> UInt8? {
        var found: Set<UInt8> = []
        var quoted = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, csvDelimiters.contains(byte) { found.insert(byte) }
        }
        return found.count == 1 ? found.first : nil
    }

    /// Whether the start of a JSON object (possibly cut anywhere) has, at its top level, a record key
    /// (``JSONArraySplitter/recordKeys``) whose value opens an array.
    static func opensRecordArray(_ prefix: [UInt8]) -> Bool {
        var depth = 0
        var i = 0
        var expectingKey = false
        func skipSpaces() { while i < prefix.count, [0x20, 0x09, 0x0D, 0x0A].contains(prefix[i]) { i += 1 } }
        while i < prefix.count {
            let c = prefix[i]
            if c == UInt8(ascii: "\"") {
                let start = i
                i += 1
                var escaped = false
                while i < prefix.count, escaped || prefix[i] != UInt8(ascii: "\"") {
                    escaped = !escaped && prefix[i] == UInt8(ascii: "\\")
                    i += 1
                }
                guard i < prefix.count else { return false }
                i += 1
                if depth == 1 && expectingKey {
                    expectingKey = false
                    let key = (try? JSONParser.parse(Array(prefix[start..<i]))).flatMap { if case .string(let s) = $0 { s } else { nil } }
                    skipSpaces()
                    guard i < prefix.count, prefix[i] == UInt8(ascii: ":") else { return false }
                    i += 1
                    skipSpaces()
                    if i < prefix.count, prefix[i] == UInt8(ascii: "["), let key, JSONArraySplitter.recordKeys.contains(key) { return true }
                }
                continue
            }
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = depth == 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1
            default:
                break
            }
            i += 1
        }
        return false
    }
}
