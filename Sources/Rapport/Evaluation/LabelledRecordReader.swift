import Foundation

/// Turns the bytes of a labelled CSV or JSON Lines file into ``LabelledRecord``s.
///
/// Pure: the caller reads the file. A record that cannot be used (a missing text or label,
/// a malformed JSON line) becomes a ``RecordProblem`` naming its line, never a silent drop;
/// a file that is not valid CSV at all throws.
public enum LabelledRecordReader {
    /// The file formats `eval` reads.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl

        /// The format a file name suggests (`.jsonl`/`.ndjson`/`.json` → jsonl, else csv).
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") ? .jsonl : .csv
        }
    }

    /// Field names to read (dotted paths for JSON objects: `user.text`).
    public struct Fields: Sendable, Hashable {
        public var text: String
        public var label: String
        public var id: String

        public init(text: String = "text", label: String = "label", id: String = "id") {
            self.text = text
            self.label = label
            self.id = id
        }
    }

    /// A file that cannot be read as the format at all.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads `bytes` as `format`.
    public static func read(_ bytes: [UInt8], format: Format, fields: Fields = Fields()) throws(ReadError) -> LabelledDataset {
        switch format {
        case .csv: try readCSV(bytes, fields: fields)
        case .jsonl: readJSONLines(bytes, fields: fields)
        }
    }

    /// Reads a CSV file whose first row names the columns.
    public static func readCSV(_ bytes: [UInt8], fields: Fields = Fields()) throws(ReadError) -> LabelledDataset {
        let (rows, failure) = CSVRecords.parse(bytes)
        if let failure {
            switch failure {
            case .unterminatedQuote(let line): throw ReadError(line: line, message: "a quoted field is not closed before the end of the file")
            case .textAfterQuote(let line): throw ReadError(line: line, message: "text after a closing quote (write \"\" for a quote inside a quoted field)")
            case .invalidUTF8(let line): throw ReadError(line: line, message: "the record is not valid UTF-8")
            }
        }
        guard let header = rows.first else { throw ReadError(line: 1, message: "the file is empty: expected a header row") }
        let names = header.fields.map { $0.trimmingSpaces }
        guard let textColumn = names.firstIndex(of: fields.text) else {
            throw ReadError(line: header.line, message: "no '\(fields.text)' column in the header (columns: \(names.joined(separator: ", ")))")
        }
        guard let labelColumn = names.firstIndex(of: fields.label) else {
            throw ReadError(line: header.line, message: "no '\(fields.label)' column in the header (columns: \(names.joined(separator: ", ")))")
        }
        let idColumn = names.firstIndex(of: fields.id)
        var dataset = LabelledDataset()
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                dataset.problems.append(RecordProblem(line: row.line, message: "expected \(names.count) fields, found \(row.fields.count)"))
                continue
            }
            let label = row.fields[labelColumn].trimmingSpaces
            guard !label.isEmpty else {
                dataset.problems.append(RecordProblem(line: row.line, message: "empty '\(fields.label)' field"))
                continue
            }
            let id = idColumn.map { row.fields[$0] } ?? String(row.line)
            dataset.records.append(LabelledRecord(id: id.isEmpty ? String(row.line) : id, line: row.line,
                                                  text: row.fields[textColumn], label: label))
        }
        return dataset
    }

    /// Reads JSON Lines: one JSON object per line; blank lines are skipped.
    public static func readJSONLines(_ bytes: [UInt8], fields: Fields = Fields()) -> LabelledDataset {
        var dataset = LabelledDataset()
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start <= bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var slice = bytes[start..<end]
            if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
            start = end + 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let object: [String: Any]
            do {
                guard let parsed = try JSONSerialization.jsonObject(with: Data(slice), options: [.fragmentsAllowed]) as? [String: Any] else {
                    dataset.problems.append(RecordProblem(line: lineNumber, message: "expected a JSON object"))
                    continue
                }
                object = parsed
            } catch {
                dataset.problems.append(RecordProblem(line: lineNumber, message: "malformed JSON"))
                continue
            }
            guard let text = scalarText(object, path: fields.text) else {
                dataset.problems.append(RecordProblem(line: lineNumber, message: "no text field '\(fields.text)'"))
                continue
            }
            guard let label = scalarText(object, path: fields.label), !label.trimmingSpaces.isEmpty else {
                dataset.problems.append(RecordProblem(line: lineNumber, message: "no label field '\(fields.label)'"))
                continue
            }
            let id = scalarText(object, path: fields.id) ?? String(lineNumber)
            dataset.records.append(LabelledRecord(id: id, line: lineNumber, text: text, label: label.trimmingSpaces))
        }
        return dataset
    }

    private static func scalarText(_ object: [String: Any], path: String) -> String? {
        var current: Any = object
        for key in path.split(separator: ".") {
            guard let dictionary = current as? [String: Any], let next = dictionary[String(key)] else {
                return (object[path]).flatMap(describe)
            }
            current = next
        }
        return describe(current)
    }

    private static func describe(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
