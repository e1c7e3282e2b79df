// libFuzzer harness: arbitrary bytes as an input file -> split and decode every record.
// Compiled three times by scripts/fuzz.sh with -D FUZZ_JSONL, -D FUZZ_JSON or -D FUZZ_CSV.
// Besides crashes it checks the no-loss invariants: records are numbered 1, 2, 3... with
// non-decreasing lines, no record holds more than the limit, (JSON Lines) every
// non-blank line is exactly one record, and (CSV/TSV) every real row after the header is exactly one
// record, also for quoted cells spanning many lines past the limit (template inputs, see expandTemplate).
#if canImport(Glibc)
import Glibc
#endif
@testable import RapportIO

private let limit = 1024

private func readAll(_ bytes: UnsafeBufferPointer<UInt8>, format: InputFormat) -> Int {
    // An unlinked temporary file, reopened through /proc as the CLI opens its inputs.
    var template = Array("/tmp/rapport-fuzz-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    check(fd >= 0, "mkstemp failed")
    unlink(template)
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
        check(n > 0, "write failed")
        done += n
    }
    lseek(fd, 0, SEEK_SET)
    let source: InputSource
    do {
        source = try InputSource.open("/proc/self/fd/\(fd)", options: InputOptions(format: format, maxRecordBytes: limit))
    } catch {
        return -1  // the input as a whole was refused (no header, not a JSON array): a clear error, fine
    }
    var expected = 1
    var lastLine = 0
    while true {
        let step: SplitStep
        do {
            step = try source.next(mayBlock: true)
        } catch {
            // Only a JSON wrapper object can be refused after opening (while looking for its array).
            check(format == .json && expected == 1, "input error after \(expected - 1) records: \(error)")
            return -1
        }
        switch step {
        case .end:
            return expected - 1
        case .wouldBlock:
            check(false, "wouldBlock while allowed to block")
        case .record(let raw):
            check(raw.index == expected, "record \(raw.index) where \(expected) was expected")
            check(raw.line >= 1 && raw.line >= lastLine, "line \(raw.line) after line \(lastLine)")
            check(raw.bytes.count <= limit, "a record of \(raw.bytes.count) bytes passed the \(limit)-byte limit")
            check(raw.error == nil || raw.bytes.isEmpty, "an error record carries bytes")
            expected += 1
            lastLine = raw.line
            switch source.decoder.decode(raw) {
            case .success(let decoded): check(!decoded.comment.id.isEmpty, "a comment without an id")
            case .failure(let error): check(error.line == raw.line, "an error names another line")
            }
        }
    }
}

/// Non-blank lines after a leading BOM: what the JSON Lines and text readers must each turn into one record.
private func nonBlankLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    var count = 0
    var blank = true
    for b in rest {
        switch b {
        case 0x0A:
            if !blank { count += 1 }
            blank = true
        case 0x20, 0x09, 0x0D: break
        default: blank = false
        }
    }
    if !blank { count += 1 }
    return count
}

/// Lines after the first non-empty one (the header) that are not empty once a trailing CR is removed,
/// after a leading BOM: what the CSV reader must turn into rows when the input has no quotes.
private func nonEmptyLinesAfterTheFirst(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    var count = 0
    for line in rest.split(separator: 0x0A, omittingEmptySubsequences: false) {
        let body = line.last == 0x0D ? line.dropLast() : line
        if !body.isEmpty { count += 1 }
    }
    return max(0, count - 1)
}

/// The records the CSV/TSV reader must give for `bytes` (a header assumed readable): every row after
/// the header, found by the RFC 4180 rules the reader follows (a quote opens at a cell's start or right
/// after a closing quote; newlines inside quotes stay in the row; a row that is empty once a trailing CR
/// is removed is not a row; a quote still open at the end makes the rest one row). It never buffers or
/// skips, so it does not share the reader's handling of rows over the record limit.
/// The delimiter the reader splits `bytes` on: a tab for TSV; for CSV the one delimiter its header line
/// holds outside quotes (``InputFormat/csvDelimiter(ofHeader:)``, as the reader detects it), else a comma.
private func readerDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, format: InputFormat) -> UInt8 {
    guard format == .csv else { return 0x09 }
    return InputFormat.csvDelimiter(ofHeader: Array(bytes.prefix(while: { $0 != 0x0A }))) ?? UInt8(ascii: ",")
}

private func realRowsAfterTheHeader(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Int {
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    var rows = 0
    var inQuotes = false, cellStart = true, justClosed = false
    var length = 0, lastWasCR = false
    for c in rest {
        if inQuotes {
            if c == UInt8(ascii: "\"") { inQuotes = false; justClosed = true }
        } else if c == 0x0A {
            if length - (lastWasCR ? 1 : 0) > 0 { rows += 1 }
            length = 0; lastWasCR = false; cellStart = true; justClosed = false
            continue
        } else if c == delimiter {
            cellStart = true; justClosed = false
        } else if c == UInt8(ascii: "\"") && (cellStart || justClosed) {
            inQuotes = true; cellStart = false; justClosed = false
        } else {
            cellStart = false; justClosed = false
        }
        length += 1
        lastWasCR = c == 0x0D
    }
    if inQuotes || length - (lastWasCR ? 1 : 0) > 0 { rows += 1 }
    return max(0, rows - 1)
}

/// Inputs starting with 0xFF are templates for long quoted cells: a readable header comes first, and
/// each 0x01 byte becomes 40 lines that would be rows of their own outside quotes (about 500 bytes),
/// so a few of them inside a quoted cell make a row spanning many lines past the 1,024-byte limit.
private func expandTemplate(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> [UInt8]? {
    guard bytes.first == 0xFF else { return nil }
    var out = Array("id".utf8) + [delimiter] + Array("text\n".utf8)
    let forged = Array("forged".utf8) + [delimiter] + Array("row of the cell\n".utf8)
    for b in bytes.dropFirst() {
        if b == 0x01 { for _ in 0..<40 { out += forged } } else { out.append(b) }
    }
    return out
}

/// Whether the input starts with a UTF-16 byte-order mark: the readers then see it transcoded, so
/// counts taken on the raw bytes do not apply.
private func isUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    #if FUZZ_JSONL
    let records = readAll(bytes, format: .jsonl)
    check(isUTF16(bytes) || records == nonBlankLines(bytes), "\(records) records from \(nonBlankLines(bytes)) non-blank lines")
    let lines = readAll(bytes, format: .text)
    check(lines == records, "the text reader found \(lines) records, the JSON Lines reader \(records)")
    #elseif FUZZ_JSON
    let records = readAll(bytes, format: .json)
    // A well-formed array (no BOM, shallow enough to parse) gives exactly one record per element.
    if !bytes.starts(with: [0xEF, 0xBB, 0xBF]), case .array(let elements)? = try? JSONParser.parse(Array(bytes), maxDepth: 200) {
        check(records == elements.count, "\(records) records from an array of \(elements.count) elements")
    }
    #elseif FUZZ_CSV
    // Without quotes every non-empty line after the header is exactly one row; with quotes (long quoted
    // cells over the record limit included) the records are the real rows after the header.
    let rows = nonEmptyLinesAfterTheFirst(bytes)
    for (format, delimiter) in [(InputFormat.csv, UInt8(ascii: ",")), (.tsv, 0x09)] {
        if let template = expandTemplate(bytes, delimiter: delimiter) {
            template.withUnsafeBufferPointer { expanded in
                let records = readAll(expanded, format: format)
                let real = realRowsAfterTheHeader(expanded, delimiter: readerDelimiter(expanded, format: format))
                check(records < 0 || records == real, "\(records) \(format) records from \(real) rows after the header (template)")
            }
            continue
        }
        let records = readAll(bytes, format: format)
        if isUTF16(bytes) { continue }
        if records >= 0, !bytes.contains(UInt8(ascii: "\"")) {
            check(records == rows, "\(records) \(format) records from \(rows) non-empty lines after the header")
        }
        let real = realRowsAfterTheHeader(bytes, delimiter: readerDelimiter(bytes, format: format))
        check(records < 0 || records == real, "\(records) \(format) records from \(real) rows after the header")
    }
    #else
    #error("compile with -D FUZZ_JSONL, FUZZ_JSON or FUZZ_CSV")
    #endif
    return 0
}
