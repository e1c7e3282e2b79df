/// Splits JSON Lines and plain text: one record per line (`\n` or `\r\n`).
///
/// Blank lines are not records (they are counted for line numbers only). A line longer than
/// `maxRecordBytes` becomes an error record and is skipped without being buffered whole.
///
/// For JSON Lines (`apiShapes`), two API shapes are reshaped as ``JSONArraySplitter`` reshapes them: a
/// line holding an X API v2 single-tweet response becomes the tweet with its author
/// (``SingleTweetResponse``), and a YouTube comment thread is followed by one record per reply
/// (``CommentThreadReplies``), on the thread's line.
final class LineSplitter: RecordSplitter {
    let source: ByteSource
    let maxRecordBytes: Int
    /// Whether lines are JSON records whose API shapes are reshaped, and the deepest nesting read then.
    let apiShapes: Bool
    let maxDepth: Int
    private var line = 0
    private var index = 0
    private var scanned = 0
    private var skipping = false
    /// A thread's replies, handed out before the next line is read. Not checked for exclusive access
    /// (only the splitter's own methods touch them, one at a time): the check cost a runtime call per line.
    @exclusivity(unchecked) private var ready: [RawRecord] = []
    @exclusivity(unchecked) private var readyHead = 0

    /// `firstLine` is the number of the input's first line (see ``InputOptions/firstLine``).
    init(source: ByteSource, maxRecordBytes: Int, firstLine: Int = 1, apiShapes: Bool = false, maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.line = firstLine - 1
        self.apiShapes = apiShapes
        self.maxDepth = maxDepth
    }

    /// The next queued reply, numbered.
    private func takeReady() -> RawRecord {
        var record = ready[readyHead]
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        index += 1
        record.index = index
        return record
    }

    /// Whether the line at `range` needs reshaping (checked on the buffered bytes, so most lines cost two `memchr` scans).
    private func mayReshape(_ range: Range<Int>) -> Bool {
        guard apiShapes else { return false }
        let bytes = UnsafeBufferPointer(start: source.pointer(at: range.lowerBound), count: range.count)
        return SingleTweetResponse.mayBe(bytes) || CommentThreadReplies.mayHave(bytes)
    }

    /// The record of the line at `range`, reshaped: a single-tweet response becomes its tweet, and a
    /// thread's replies are queued after it.
    private func reshaped(_ range: Range<Int>) -> RawRecord {
        var record = RawRecord(bytes: source.bytes(range), line: line, index: index)
        if let tweet = SingleTweetResponse.tweet(of: record.bytes, maxDepth: maxDepth) {
            if tweet.count > maxRecordBytes {
                return RawRecord(
                    bytes: [], line: line, index: index,
                    error: "the tweet with its author from includes is longer than \(maxRecordBytes) bytes (see --max-record-bytes)")
            }
            record.bytes = tweet
        }
        for reply in CommentThreadReplies.replies(of: record.bytes, maxDepth: maxDepth) {
            ready.append(
                reply.bytes.count <= maxRecordBytes
                    ? RawRecord(bytes: reply.bytes, line: line, index: 0)
                    : RawRecord(
                        bytes: [], line: line, index: 0,
                        error: "the reply as a record of its own is longer than \(maxRecordBytes) bytes (see --max-record-bytes)"))
        }
        return record
    }

    /// What ``advance(mayBlock:)`` found: a line's bytes in the source buffer (valid until the next read).
    private enum Found {
        case line(Range<Int>)
        /// A record too long to keep; `line` is where it starts.
        case tooLong(line: Int)
        case wouldBlock
        case end
    }

    func next(mayBlock: Bool) throws(InputError) -> SplitStep {
        if readyHead < ready.count { return .record(takeReady()) }
        switch try advance(mayBlock: mayBlock) {
        case .line(let range) where mayReshape(range): return .record(reshaped(range))
        case .line(let range): return .record(RawRecord(bytes: source.bytes(range), line: line, index: index))
        case .tooLong(let line): return .record(tooLong(line: line))
        case .wouldBlock: return .wouldBlock
        case .end: return .end
        }
    }

    func next(into batch: inout RecordBatch, mayBlock: Bool) throws(InputError) -> BatchStep {
        if readyHead < ready.count {
            batch.append(takeReady())
            return .appended
        }
        switch try advance(mayBlock: mayBlock) {
        case .line(let range) where mayReshape(range):
            batch.append(reshaped(range))
            return .appended
        case .line(let range):
            batch.append(source.pointer(at: range.lowerBound), count: range.count, line: line, index: index)
            return .appended
        case .tooLong(let line): batch.append(tooLong(line: line)); return .appended
        case .wouldBlock: return .wouldBlock
        case .end: return .end
        }
    }

    /// Finds the next line; `line` and `index` are then those of the record found.
    private func advance(mayBlock: Bool) throws(InputError) -> Found {
        while true {
            if let nl = source.find(0x0A, from: source.start + scanned) {
                let lineStart = source.start
                source.start = nl + 1
                scanned = 0
                line += 1
                if skipping { skipping = false; continue }
                var lineEnd = nl
                if lineEnd > lineStart, source[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if isBlank(lineStart..<lineEnd) { continue }
                index += 1
                if lineEnd - lineStart > maxRecordBytes { return .tooLong(line: line) }
                return .line(lineStart..<lineEnd)
            }
            if skipping {
                source.start = source.end
                scanned = 0
            } else if source.available > maxRecordBytes {
                index += 1
                skipping = true
                source.start = source.end
                scanned = 0
                return .tooLong(line: line + 1)
            } else {
                scanned = source.available
            }
            if source.atEOF {
                guard source.available > 0, !skipping else { return .end }
                let range = source.start..<source.end
                source.start = source.end
                scanned = 0
                line += 1
                var lineEnd = range.upperBound
                if lineEnd > range.lowerBound, source[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if isBlank(range.lowerBound..<lineEnd) { return .end }
                index += 1
                if lineEnd - range.lowerBound > maxRecordBytes { return .tooLong(line: line) }
                return .line(range.lowerBound..<lineEnd)
            }
            if !mayBlock && !source.isReady() { return .wouldBlock }
            _ = try source.fill()
            source.shrinkIfIdle()
        }
    }

    private func tooLong(line: Int) -> RawRecord {
        RawRecord(bytes: [], line: line, index: index, error: "the record is longer than \(maxRecordBytes) bytes (see --max-record-bytes)")
    }

    private func isBlank(_ range: Range<Int>) -> Bool {
        for i in range {
            switch source[i] {
            case 0x20, 0x09, 0x0D: continue
            default: return false
            }
        }
        return true
    }
}
