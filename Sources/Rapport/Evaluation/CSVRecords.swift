/// A minimal RFC 4180 reader: comma-separated fields, `"` quoting with `""` escapes, quoted
/// newlines, CRLF or LF line ends, an optional UTF-8 byte-order mark.
struct CSVRecords {
    /// One row and the 1-based line it starts on.
    struct Row {
        var line: Int
        var fields: [String]
    }

    enum Failure: Error {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
        case invalidUTF8(line: Int)
    }

    /// Every row of `bytes`, or the first place the text is not valid CSV. Blank lines are skipped.
    static func parse(_ bytes: [UInt8]) -> (rows: [Row], failure: Failure?) {
        var rows: [Row] = []
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var rowLine = 1
        var quoted = false
        var fieldStarted = false
        var afterQuote = false
        func finishField() -> Bool {
            guard let text = String(validating: field, as: UTF8.self) else { return false }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
            afterQuote = false
            return true
        }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                guard finishField() else { return (rows, .invalidUTF8(line: rowLine)) }
                fieldStarted = true
            case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"):
                if fieldStarted || !field.isEmpty || !fields.isEmpty || afterQuote {
                    guard finishField() else { return (rows, .invalidUTF8(line: rowLine)) }
                    rows.append(Row(line: rowLine, fields: fields))
                    fields.removeAll()
                }
                line += 1
                rowLine = line
            case UInt8(ascii: "\"") where field.isEmpty && !afterQuote:
                quoted = true
                fieldStarted = true
            default:
                if afterQuote { return (rows, .textAfterQuote(line: line)) }
                field.append(byte)
                fieldStarted = true
            }
            i += 1
        }
        if quoted { return (rows, .unterminatedQuote(line: rowLine)) }
        if fieldStarted || !field.isEmpty || !fields.isEmpty || afterQuote {
            guard finishField() else { return (rows, .invalidUTF8(line: rowLine)) }
            rows.append(Row(line: rowLine, fields: fields))
        }
        return (rows, nil)
    }
}
