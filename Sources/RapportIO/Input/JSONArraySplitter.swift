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
///
/// Two API shapes are reshaped on the way (see ``IncludedUsers`` and ``CommentThreadReplies``):
/// - An X API v2 response keeps each tweet's author in `includes.users`, after `data`: the records
///   of a wrapper's `data` array, from the first that mentions `author_id` on, are held until its
///   `includes` is read (or the wrapper ends), and each tweet whose `author_id` names a user gets that
///   user's object as `author`. At most
///   `maxRecordBytes` of records are held: beyond that they go on without their authors, and an
///   `includes` that comes later becomes an error record saying so. Each document joins its own
///   `includes`. A single-tweet response (`{"data": {...}, "includes": ...}`) is read the same way,
///   its `data` object being the one record.
/// - A YouTube comment thread with `replies.comments` is followed by one record per reply.
final class JSONArraySplitter: RecordSplitter {
    /// Keys of a wrapper object whose array value holds the records, in the order they are accepted.
    static let recordKeys: Set<String> = ["data", "items", "comments", "results", "records", "value", "entries", "posts", "statuses", "messages"]

    let source: ByteSource
    let maxRecordBytes: Int
    /// The deepest nesting accepted when a record is reshaped (the decoder checks the record again).
    let maxDepth: Int
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
    /// Whether the element being scanned is a wrapper's `data` object (an X API v2 single-tweet
    /// response) rather than an element of an array: the wrapper's members go on after it.
    private var loneRecord = false
    /// The place and reason of the last structural error (see ``fail(_:)``).
    private var failure: (line: Int, message: String, resumes: Bool)?
    /// Records to hand out before reading on (numbered as they go out): released held records, a
    /// thread's replies, error records that follow them.
    private var ready: [RawRecord] = []
    private var readyHead = 0
    /// The users of the current wrapper's `includes`, once read.
    private var users: IncludedUsers?
    /// Whether the records of the current wrapper's arrays are held for its `includes` (from the first that mentions `author_id`).
    private var holding = false
    private var held: [RawRecord] = []
    private var heldBytes = 0
    /// Records of the current wrapper that went on without waiting for its `includes` (too many to hold).
    private var releasedUnjoined = 0

    /// `firstLine` is the number of the input's first line (see ``InputOptions/firstLine``).
    init(source: ByteSource, maxRecordBytes: Int, maxDepth: Int = JSONParser.defaultMaxDepth, firstLine: Int = 1) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.maxDepth = maxDepth
        self.line = firstLine
    }

    func next(mayBlock: Bool) throws(InputError) -> SplitStep {
        if phase == .prologue { try prologue() }
        while true {
            if readyHead < ready.count { return .record(takeReady()) }
            switch phase {
            case .prologue, .finished:
                if !held.isEmpty { release(); continue }
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
                    guard truncated else { continue }
                    append(
                        RawRecord(
                            bytes: [], line: line, index: 0,
                            error: "the input ends inside the array of records (no closing ']'; truncated file?)"))
                    continue
                }
                let c = source[source.start]
                if phase == .betweenDocuments {
                    if source.available >= 3, c == 0xEF, source[source.start + 1] == 0xBB, source[source.start + 2] == 0xBF {
                        source.start += 3
                        continue
                    }
                    if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                        try structural { () throws(InputError) in try openDocument() }
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
                startElement(lone: false)
            case .wrapperRest:
                try structural { () throws(InputError) in try wrapperMembers() }
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
                    line += scanner.newlines
                    phase = topLevel ? .betweenDocuments : loneRecord ? .wrapperRest : .beforeElement
                    let record: RawRecord
                    if oversized {
                        source.shrinkIfIdle()
                        record = tooLong(line: elementLine, what: "the record")
                    } else {
                        let range = source.start..<(source.start + scanned)
                        source.start += scanned
                        record = RawRecord(bytes: source.bytes(range), line: elementLine, index: 0)
                    }
                    if let record = place(record) { return .record(record) }
                    continue
                }
                if source.atEOF {
                    phase = .finished
                    source.start = source.end
                    if let record = place(
                        RawRecord(
                            bytes: [], line: elementLine, index: 0,
                            error: "the input ends inside this record (truncated file?)"))
                    {
                        return .record(record)
                    }
                    continue
                }
                if !mayBlock && !source.isReady() { return .wouldBlock }
                _ = try source.fill()
            }
        }
    }

    /// Starts scanning the element at the read position (`lone`: a wrapper's `data` object).
    private func startElement(lone: Bool) {
        loneRecord = lone
        if lone { topLevel = false }
        phase = .inElement
        scanner = JSONValueScanner()
        scanned = 0
        elementLine = line
        oversized = false
    }

    /// Runs a blocking step of reading the structure after records were read: a structural error
    /// becomes an error record that ends the input (a read error still stops it).
    private func structural(_ step: () throws(InputError) -> Void) throws(InputError) {
        failure = nil
        do {
            try step()
        } catch {
            guard let failure else { throw error }
            if !failure.resumes { phase = .finished }
            append(RawRecord(bytes: [], line: failure.line, index: 0, error: failure.message))
        }
    }

    /// Numbers `record` as the next record handed out.
    private func numbered(_ record: RawRecord) -> RawRecord {
        var record = record
        index += 1
        record.index = index
        return record
    }

    private func takeReady() -> RawRecord {
        let record = ready[readyHead]
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return numbered(record)
    }

    /// Queues a record that is not an element of an array (an error of the structure), after the held ones.
    private func append(_ record: RawRecord) {
        release()
        ready.append(record)
    }

    /// Where an element goes once read: held for the wrapper's `includes`, or out with its author and
    /// followed by its replies. Returns it, numbered, when it can go out at once.
    private func place(_ record: RawRecord) -> RawRecord? {
        // Held from the first record that may need its author on, so the order stays.
        if holding && (!held.isEmpty || IncludedUsers.mayJoin(record)) {
            held.append(record)
            heldBytes += record.bytes.count
            if heldBytes > maxRecordBytes {
                releasedUnjoined += held.count
                release()
            }
            return nil
        }
        if releasedUnjoined > 0 && users == nil { releasedUnjoined += 1 }
        return reshape(record, alone: true)
    }

    /// `record` joined with its author (when the wrapper's users are known) and followed by its
    /// replies: queued, or returned numbered when `alone` allows it and nothing follows it.
    private func reshape(_ record: RawRecord, alone: Bool) -> RawRecord? {
        var record = record
        if record.error == nil, let users, let joined = users.join(record.bytes, maxDepth: maxDepth) {
            if joined.count <= maxRecordBytes {
                record.bytes = joined
            } else {
                record = tooLong(line: record.line, what: "the record with its author from includes")
            }
        }
        let replies = record.error == nil ? CommentThreadReplies.replies(of: record.bytes, maxDepth: maxDepth) : []
        if alone && replies.isEmpty { return numbered(record) }
        ready.append(record)
        var line = record.line
        var scanned = 0
        for reply in replies {
            line += record.bytes[scanned..<reply.offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            scanned = reply.offset
            ready.append(
                reply.bytes.count <= maxRecordBytes
                    ? RawRecord(bytes: reply.bytes, line: line, index: 0)
                    : tooLong(line: line, what: "the reply as a record of its own"))
        }
        return nil
    }

    /// An error record: `what` is longer than the record limit.
    private func tooLong(line: Int, what: String) -> RawRecord {
        RawRecord(bytes: [], line: line, index: 0, error: "\(what) is longer than \(maxRecordBytes) bytes (see --max-record-bytes)")
    }

    /// Stops holding: the held records go out, with their authors when the users are known.
    private func release() {
        holding = false
        let records = held
        held.removeAll()
        heldBytes = 0
        for record in records { _ = reshape(record, alone: false) }
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
        users = nil
        releasedUnjoined = 0
        if first == UInt8(ascii: "[") { phase = .beforeElement; return }
        try wrapperMembers()
    }

    /// Reads the members of a wrapper object up to the next array of records (then `.beforeElement`)
    /// or the object's end (then `.betweenDocuments`), skipping the other members.
    private func wrapperMembers() throws(InputError) {
        let wanted = Self.recordKeys.sorted().joined(separator: ", ")
        while true {
            guard let c = try peekSignificant() else {
                throw fail(
                    arraysInWrapper == 0
                        ? "the JSON object ends before an array of records (looked for \(wanted))"
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
                release()
                users = nil
                releasedUnjoined = 0
                phase = .betweenDocuments
                return
            }
            guard c == UInt8(ascii: "\"") else { throw fail("expected a key in the top-level object, found \(JSONParser.Cursor.describe(c))") }
            guard let keyBytes = try scanWhole(maxBytes: maxRecordBytes) else {
                throw fail("a key of the top-level object is longer than \(maxRecordBytes) bytes")
            }
            let key = (try? JSONParser.parse(keyBytes)).flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            guard try peekSignificant() == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
            source.start += 1
            guard let v = try peekSignificant() else { throw fail("the input ends after key \"\(key)\"") }
            if v == UInt8(ascii: "["), Self.recordKeys.contains(key) {
                source.start += 1
                arraysInWrapper += 1
                // X API v2: the authors follow the tweets in `includes`.
                if key == "data" && users == nil && releasedUnjoined == 0 { holding = true }
                phase = .beforeElement
                return
            }
            if v == UInt8(ascii: "{"), key == "data" {
                // An X API v2 single-tweet response: its `data` object is the one record, held for the `includes` that follows.
                arraysInWrapper += 1
                if users == nil && releasedUnjoined == 0 { holding = true }
                startElement(lone: true)
                return
            }
            if v == UInt8(ascii: "{"), key == "includes" {
                try readIncludes()
                continue
            }
            _ = try scanWhole(discard: true)
        }
    }

    /// Reads the wrapper's `includes` object at the read position: its users are joined to the
    /// wrapper's records from then on, and to the held ones now. An `includes` that cannot be used
    /// becomes an error record (reading goes on).
    private func readIncludes() throws(InputError) {
        let start = line
        let notJoined = "its users are not joined to the records"
        guard let bytes = try scanWhole(maxBytes: maxRecordBytes) else {
            append(
                RawRecord(
                    bytes: [], line: start, index: 0,
                    error: "the includes object is longer than \(maxRecordBytes) bytes (see --max-record-bytes): \(notJoined)"))
            return
        }
        do {
            users = try IncludedUsers(includes: bytes, maxDepth: maxDepth)
        } catch {
            let place = bytes.withUnsafeBufferPointer { RecordDecoder.describe(error, in: $0, line: start) }
            append(RawRecord(bytes: [], line: start, index: 0, error: "the includes object is not valid JSON (\(place)): \(notJoined)"))
            return
        }
        if releasedUnjoined > 0 {
            append(
                RawRecord(
                    bytes: [], line: start, index: 0,
                    error: """
                        includes comes after more than \(maxRecordBytes) bytes of records (see --max-record-bytes): \
                        the authors of the \(releasedUnjoined) records before it are not joined
                        """))
        }
        release()
    }

    /// Blocking: scans one whole value at the read position and returns its bytes (empty when
    /// discarding), or nil when it is longer than `maxBytes` (it is then skipped).
    private func scanWhole(discard: Bool = false, maxBytes: Int = .max) throws(InputError) -> [UInt8]? {
        var scan = JSONValueScanner()
        var offset = 0
        var skipping = discard
        while !scan.scan(source, offset: &offset) {
            if offset > maxBytes { skipping = true }
            if skipping { source.start += offset; offset = 0 }
            if !(try source.fill()) { throw fail("the input ends inside a value") }
        }
        line += scan.newlines
        let over = !discard && (skipping || offset > maxBytes)
        let bytes = discard || over ? [] : source.bytes(source.start..<(source.start + offset))
        source.start += offset
        return over ? nil : bytes
    }
}
