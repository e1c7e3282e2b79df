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
    public static func sniff(firstLine: [UInt8], textColumns: [String]) -> InputFormat {
        var bytes = firstLine[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let f = bytes.first, f == 0x20 || f == 0x09 || f == 0x0D { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return .text }
        if first == UInt8(ascii: "[") { return .json }
        if first == UInt8(ascii: "{") {
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

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
