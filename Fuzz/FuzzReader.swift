// libFuzzer harness: arbitrary bytes as an input file -> split and decode every record.
// Compiled three times by scripts/fuzz.sh with -D FUZZ_JSONL, -D FUZZ_JSON or -D FUZZ_CSV.
// Besides crashes it checks the no-loss invariants: records are numbered 1, 2, 3... with
// non-decreasing lines, no record holds more than the limit, and (JSON Lines) every
// non-blank line is exactly one record.
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
        return -1 // the input as a whole was refused (no header, not a JSON array): a clear error, fine
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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
#if FUZZ_JSONL
    let records = readAll(bytes, format: .jsonl)
    check(records == nonBlankLines(bytes), "\(records) records from \(nonBlankLines(bytes)) non-blank lines")
    let lines = readAll(bytes, format: .text)
    check(lines == records, "the text reader found \(lines) records, the JSON Lines reader \(records)")
#elseif FUZZ_JSON
    let records = readAll(bytes, format: .json)
    // A well-formed array (no BOM, shallow enough to parse) gives exactly one record per element.
    if !bytes.starts(with: [0xEF, 0xBB, 0xBF]), case .array(let elements)? = try? JSONParser.parse(Array(bytes), maxDepth: 200) {
        check(records == elements.count, "\(records) records from an array of \(elements.count) elements")
    }
#elseif FUZZ_CSV
    // Without quotes every non-empty line after the header is exactly one row.
    let rows = nonEmptyLinesAfterTheFirst(bytes)
    for format in [InputFormat.csv, .tsv] {
        let records = readAll(bytes, format: format)
        if records >= 0, !bytes.contains(UInt8(ascii: "\"")) {
            check(records == rows, "\(records) \(format) records from \(rows) non-empty lines after the header")
        }
    }
#else
#error("compile with -D FUZZ_JSONL, FUZZ_JSON or FUZZ_CSV")
#endif
    return 0
}
