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
    /// `complete` tells whether a newline or the end of input was seen).
    ///
    /// `[` starts a JSON array. A line that is a whole JSON object starts JSON Lines, unless it holds an
    /// array of records (a one-line `{"data":[...]}`); an object that does not close on its first line is
    /// a pretty-printed wrapper object. A header line with a tab is TSV; a header line of comma-separated
    /// names that include a usual text column is CSV; anything else is plain text.
    ///
    /// When the first line is longer than the sniffed prefix (`complete` is false), a `{` line is a JSON
    /// array wrapper only if the prefix shows a record key opening an array at the top level
    /// (`{"data":[...`, minified API responses); otherwise it is one long JSON Lines record, so the
    /// reader can report that record instead of refusing the whole input.
    public static func sniff(firstLine: [UInt8], textColumns: [String], complete: Bool = true) -> InputFormat {
        var bytes = firstLine[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let f = bytes.first, f == 0x20 || f == 0x09 || f == 0x0D { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return .text }
        if first == UInt8(ascii: "[") { return .json }
        if first == UInt8(ascii: "{") {
            if !complete { return opensRecordArray(Array(bytes)) ? .json : .jsonl }
            guard case .object(let members)? = try? JSONParser.parse(Array(bytes)) else { return .json }
            for key in JSONArraySplitter.recordKeys {
                if case .array? = members[key] { return .json }
            }
            return .jsonl
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let known = Set(textColumns.map { $0.lowercased() })
        func looksLikeHeader(_ separator: Character) -> Bool {
            let names = text.split(separator: separator, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: " \"\r").lowercased()
            }
            return names.count > 1 && names.contains(where: known.contains)
        }
        if text.contains("\t"), looksLikeHeader("\t") { return .tsv }
        if looksLikeHeader(",") { return .csv }
        return .text
    }
}

extension InputFormat {
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

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
