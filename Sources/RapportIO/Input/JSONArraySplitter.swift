/// Splits a JSON array of records, or an object holding one (`{"data": [...]}`, `{"items": [...]}`),
/// element by element, so a multi-gigabyte array is never loaded whole.
///
/// Each element becomes one raw record (parsed later, in parallel). An element that never ends
/// (truncated file) or exceeds `maxRecordBytes` becomes an error record. A missing comma between
/// elements or a trailing comma is tolerated.
///
/// Nothing after the first array is dropped: a wrapper object may hold several arrays of records
/// (`{"data":[...],"items":[...]}`, read in order), and documents may follow one another
/// (`cat page1.json page2.json`): each further array or wrapper object is read the same way. Any other
/// value between documents is one record (an error record unless it is a string); a later wrapper
/// object that holds no array of records is one error record, and one that breaks off is one error
/// record that ends the input.
final class JSONArraySplitter: RecordSplitter {
    /// Keys of a wrapper object whose array value holds the records, in the order they are accepted.
    static let recordKeys: Set<String> = ["data", "items", "comments", "results", "records", "value", "entries", "posts", "statuses", "messages"]

    let source: ByteSource
    let maxRecordBytes: Int
    private var line = 1
    private var index = 0
    private enum Phase {
        case prologue, beforeElement, inElement
        /// In a wrapper object after one of its arrays: more members follow.
        case wrapperRest
        /// After a whole document (array or wrapper object): another may follow.
        case betweenDocuments
        case finished
    }
    private var phase = Phase.prologue
    private var scanner = JSONValueScanner()
    private var scanned = 0
    private var elementLine = 0
    private var oversized = false
    /// Arrays of records found in the current wrapper object so far.
    private var arraysInWrapper = 0
    /// Whether the element being scanned stands between documents rather than in an array.
    private var topLevel = false
    /// The place and reason of the last structural error (see ``fail(_:)``).
    private var failure: (line: Int, message: String, resumes: Bool)?

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
            case .beforeElement, .betweenDocuments:
                skipWhitespace()
                if source.available < (phase == .betweenDocuments ? 3 : 1) && !source.atEOF {
                    if source.available > 0 && (phase == .beforeElement || source[source.start] != 0xEF) {
                        // Enough to decide (only a byte-order mark between documents needs three bytes).
                    } else {
                        if !mayBlock && !source.isReady() { return .wouldBlock }
                        _ = try source.fill()
                        continue
                    }
                }
                if source.available == 0 {
                    let truncated = phase == .beforeElement
                    phase = .finished
                    guard truncated else { return .end }
                    index += 1
                    return .record(RawRecord(bytes: [], line: line, index: index,
                                             error: "the input ends inside the array of records (no closing ']'; truncated file?)"))
                }
                let c = source[source.start]
                if phase == .betweenDocuments {
                    if source.available >= 3, c == 0xEF, source[source.start + 1] == 0xBB, source[source.start + 2] == 0xBF {
                        source.start += 3
                        continue
                    }
                    if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                        if let broken = try structural({ () throws(InputError) in try openDocument() }) { return .record(broken) }
                        continue
                    }
                    topLevel = true
                } else {
                    if c == UInt8(ascii: ",") { source.start += 1; continue }
                    if c == UInt8(ascii: "]") {
                        source.start += 1
                        phase = arraysInWrapper > 0 ? .wrapperRest : .betweenDocuments
                        continue
                    }
                    topLevel = false
                }
                phase = .inElement
                scanner = JSONValueScanner()
                scanned = 0
                elementLine = line
                oversized = false
            case .wrapperRest:
                if let broken = try structural({ () throws(InputError) in try wrapperMembers() }) { return .record(broken) }
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
                    phase = topLevel ? .betweenDocuments : .beforeElement
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

    /// Runs a blocking step of reading the structure after records were read: a structural error
    /// becomes an error record that ends the input (a read error still stops it).
    private func structural(_ step: () throws(InputError) -> Void) throws(InputError) -> RawRecord? {
        failure = nil
        do {
            try step()
            return nil
        } catch {
            guard let failure else { throw error }
            index += 1
            if !failure.resumes { phase = .finished }
            return RawRecord(bytes: [], line: failure.line, index: index, error: failure.message)
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

    /// A structural error at the current line (remembered for ``structural(_:)``).
    private func fail(_ message: String) -> InputError {
        failure = (line, message, false)
        return InputError(input: source.name, message: "line \(line): \(message)")
    }

    /// Reads up to the first element: `[`, or `{` ... `"data": [`.
    private func prologue() throws(InputError) {
        try source.skipBOM()
        guard let first = try peekSignificant() else { phase = .finished; return }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else {
            throw fail("expected a JSON array or an object holding one, found \(JSONParser.Cursor.describe(first))")
        }
        try openDocument()
    }

    /// Opens the document at the read position (`[` or `{`) and reads up to its first element.
    private func openDocument() throws(InputError) {
        let first = source[source.start]
        source.start += 1
        arraysInWrapper = 0
        if first == UInt8(ascii: "[") { phase = .beforeElement; return }
        try wrapperMembers()
    }

    /// Reads the members of a wrapper object up to the next array of records (then `.beforeElement`)
    /// or the object's end (then `.betweenDocuments`), skipping the other members.
    private func wrapperMembers() throws(InputError) {
        let wanted = Self.recordKeys.sorted().joined(separator: ", ")
        while true {
            guard let c = try peekSignificant() else {
                throw fail(arraysInWrapper == 0 ? "the JSON object ends before an array of records (looked for \(wanted))"
                                                 : "the input ends inside the JSON object holding the records (truncated file?)")
            }
            if c == UInt8(ascii: ",") { source.start += 1; continue }
            if c == UInt8(ascii: "}") {
                if arraysInWrapper == 0 {
                    // The object is whole: a later document can still be read.
                    let error = fail("the JSON object holds no array of records (looked for \(wanted))")
                    source.start += 1
                    phase = .betweenDocuments
                    failure?.resumes = true
                    throw error
                }
                source.start += 1
                arraysInWrapper = 0
                phase = .betweenDocuments
                return
            }
            guard c == UInt8(ascii: "\"") else { throw fail("expected a key in the top-level object, found \(JSONParser.Cursor.describe(c))") }
            let keyBytes = try scanWhole(maxBytes: maxRecordBytes)
            let key = (try? JSONParser.parse(keyBytes)).flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            guard try peekSignificant() == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
            source.start += 1
            guard let v = try peekSignificant() else { throw fail("the input ends after key \"\(key)\"") }
            if v == UInt8(ascii: "["), Self.recordKeys.contains(key) {
                source.start += 1
                arraysInWrapper += 1
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
