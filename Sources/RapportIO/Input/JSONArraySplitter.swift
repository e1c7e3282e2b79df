/// Splits a JSON array of records, or an object holding one (`{"data": [...]}`, `{"items": [...]}`),
/// element by element, so a multi-gigabyte array is never loaded whole.
///
/// Each element becomes one raw record (parsed later, in parallel). An element that never ends
/// (truncated file) or exceeds `maxRecordBytes` becomes an error record. A missing comma between
/// elements or a trailing comma is tolerated.
final class JSONArraySplitter: RecordSplitter {
    /// Keys of a wrapper object whose array value holds the records, in the order they are accepted.
    static let recordKeys: Set<String> = ["data", "items", "comments", "results", "records", "value", "entries", "posts", "statuses", "messages"]

    let source: ByteSource
    let maxRecordBytes: Int
    private var line = 1
    private var index = 0
    private enum Phase { case prologue, beforeElement, inElement, finished }
    private var phase = Phase.prologue
    private var scanner = JSONValueScanner()
    private var scanned = 0
    private var elementLine = 0
    private var oversized = false

    /// `firstLine` is the number of the input's first line (see ``InputOptions/firstLine``).
    init(source: ByteSource, maxRecordBytes: Int, firstLine: Int = 1) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.line = firstLine
    }

    func next(mayBlock: Bool) throws(InputError) -> SplitStep {
        if phase == .prologue { try prologue() }
        while true {
            switch phase {
            case .prologue, .finished:
                return .end
            case .beforeElement:
                skipWhitespace()
                if source.available == 0 {
                    if source.atEOF { phase = .finished; return .end }
                    if !mayBlock && !source.isReady() { return .wouldBlock }
                    _ = try source.fill()
                    continue
                }
                let c = source[source.start]
                if c == UInt8(ascii: ",") { source.start += 1; continue }
                if c == UInt8(ascii: "]") { source.start += 1; phase = .finished; return .end }
                phase = .inElement
                scanner = JSONValueScanner()
                scanned = 0
                elementLine = line
                oversized = false
            case .inElement:
                let complete = scanner.scan(source, offset: &scanned)
                if !oversized && scanned > maxRecordBytes {
                    oversized = true
                }
                if oversized {
                    // Discard what was scanned; keep scanning to find the end of the element.
                    source.start += scanned
                    scanned = 0
                }
                if complete {
                    index += 1
                    line += scanner.newlines
                    phase = .beforeElement
                    if oversized {
                        source.shrinkIfIdle()
                        return .record(RawRecord(bytes: [], line: elementLine, index: index,
                                                 error: "the record is longer than \(maxRecordBytes) bytes (see --max-record-bytes)"))
                    }
                    let range = source.start..<(source.start + scanned)
                    source.start += scanned
                    return .record(RawRecord(bytes: source.bytes(range), line: elementLine, index: index))
                }
                if source.atEOF {
                    index += 1
                    phase = .finished
                    source.start = source.end
                    return .record(RawRecord(bytes: [], line: elementLine, index: index,
                                             error: "the input ends inside this record (truncated file?)"))
                }
                if !mayBlock && !source.isReady() { return .wouldBlock }
                _ = try source.fill()
            }
        }
    }

    private func skipWhitespace() {
        while source.available > 0 {
            switch source[source.start] {
            case 0x0A: line += 1; source.start += 1
            case 0x20, 0x09, 0x0D: source.start += 1
            default: return
            }
        }
    }

    /// Blocking: ensures at least one unread byte after whitespace, or end of input.
    private func peekSignificant() throws(InputError) -> UInt8? {
        while true {
            skipWhitespace()
            if source.available > 0 { return source[source.start] }
            if !(try source.fill()) { return nil }
        }
    }

    private func fail(_ message: String) -> InputError {
        InputError(input: source.name, message: "line \(line): \(message)")
    }

    /// Reads up to the first element: `[`, or `{` ... `"data": [`.
    private func prologue() throws(InputError) {
        try source.skipBOM()
        guard let first = try peekSignificant() else { phase = .finished; return }
        source.start += 1
        if first == UInt8(ascii: "[") { phase = .beforeElement; return }
        guard first == UInt8(ascii: "{") else {
            throw fail("expected a JSON array or an object holding one, found \(JSONParser.Cursor.describe(first))")
        }
        let wanted = Self.recordKeys.sorted().joined(separator: ", ")
        while true {
            guard let c = try peekSignificant() else { throw fail("the JSON object ends before an array of records (looked for \(wanted))") }
            if c == UInt8(ascii: ",") { source.start += 1; continue }
            if c == UInt8(ascii: "}") { throw fail("the JSON object holds no array of records (looked for \(wanted))") }
            guard c == UInt8(ascii: "\"") else { throw fail("expected a key in the top-level object, found \(JSONParser.Cursor.describe(c))") }
            let keyBytes = try scanWhole(maxBytes: maxRecordBytes)
            let key = (try? JSONParser.parse(keyBytes)).flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            guard try peekSignificant() == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
            source.start += 1
            guard let v = try peekSignificant() else { throw fail("the input ends after key \"\(key)\"") }
            if v == UInt8(ascii: "["), Self.recordKeys.contains(key) {
                source.start += 1
                phase = .beforeElement
                return
            }
            _ = try scanWhole(discard: true)
        }
    }

    /// Blocking: scans one whole value at the read position and returns its bytes (unless discarding);
    /// a kept value longer than `maxBytes` stops the input (it is a key of the wrapper object).
    private func scanWhole(discard: Bool = false, maxBytes: Int = .max) throws(InputError) -> [UInt8] {
        var scan = JSONValueScanner()
        var offset = 0
        while !scan.scan(source, offset: &offset) {
            if discard { source.start += offset; offset = 0 }
            if offset > maxBytes { throw fail("a key of the top-level object is longer than \(maxBytes) bytes") }
            if !(try source.fill()) { throw fail("the input ends inside a value") }
        }
        line += scan.newlines
        let bytes = discard ? [] : source.bytes(source.start..<(source.start + offset))
        source.start += offset
        return bytes
    }
}
