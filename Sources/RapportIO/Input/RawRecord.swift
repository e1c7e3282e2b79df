/// One record as split from the input, before decoding: its bytes and where it came from.
public struct RawRecord: Sendable {
    /// The record's bytes (a JSON value, a CSV row, a line of text), without the line terminator.
    public var bytes: [UInt8]
    /// The 1-based input line the record starts on.
    public var line: Int
    /// The 1-based position of the record among the input's records.
    public var index: Int
    /// Set when splitting already showed the record is broken (too long, unterminated).
    public var error: String?

    /// A record of `bytes` starting on `line`, the `index`th of its input.
    public init(bytes: [UInt8], line: Int, index: Int, error: String? = nil) {
        self.bytes = bytes
        self.line = line
        self.index = index
        self.error = error
    }
}

/// What a splitter produced.
enum SplitStep {
    case record(RawRecord)
    /// No complete record is buffered and reading more could block (only when not allowed to block).
    case wouldBlock
    case end
}

/// What a splitter did when asked to add a record to a batch.
enum BatchStep {
    case appended
    /// No complete record is buffered and reading more could block (only when not allowed to block).
    case wouldBlock
    case end
}

/// Raw records in one buffer: their bytes back to back and where each lies (one allocation per
/// batch rather than one per record).
struct RecordBatch: Sendable {
    struct Entry: Sendable {
        var start: Int
        var end: Int
        var line: Int
        var index: Int
        /// Index in ``errors`` when splitting already showed the record is broken, else -1.
        var error: Int
    }

    private(set) var bytes: [UInt8] = []
    private(set) var entries: [Entry] = []
    private(set) var errors: [String] = []

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    /// The bytes of the records held.
    var byteCount: Int { bytes.count }

    mutating func reserveCapacity(records: Int, bytes: Int) {
        entries.reserveCapacity(records)
        self.bytes.reserveCapacity(bytes)
    }

    mutating func append(_ raw: RawRecord) {
        let start = bytes.count
        bytes.append(contentsOf: raw.bytes)
        var error = -1
        if let message = raw.error {
            error = errors.count
            errors.append(message)
        }
        entries.append(Entry(start: start, end: bytes.count, line: raw.line, index: raw.index, error: error))
    }

    /// Appends a record whose bytes are `count` bytes at `source`.
    mutating func append(_ source: UnsafePointer<UInt8>, count: Int, line: Int, index: Int) {
        let start = bytes.count
        bytes.append(contentsOf: UnsafeBufferPointer(start: source, count: count))
        entries.append(Entry(start: start, end: bytes.count, line: line, index: index, error: -1))
    }

    /// The error message of entry `i`, if splitting found it broken.
    func error(of entry: Entry) -> String? { entry.error < 0 ? nil : errors[entry.error] }
}

/// Splits an input's bytes into raw records, streaming.
protocol RecordSplitter: AnyObject {
    var source: ByteSource { get }
    /// The next record; may read (and block) only when `mayBlock` is true or input is ready.
    func next(mayBlock: Bool) throws(InputError) -> SplitStep
    /// Adds the next record to `batch` (the same records as ``next(mayBlock:)``).
    func next(into batch: inout RecordBatch, mayBlock: Bool) throws(InputError) -> BatchStep
}

extension RecordSplitter {
    func next(into batch: inout RecordBatch, mayBlock: Bool) throws(InputError) -> BatchStep {
        switch try next(mayBlock: mayBlock) {
        case .record(let raw): batch.append(raw); return .appended
        case .wouldBlock: return .wouldBlock
        case .end: return .end
        }
    }
}

extension ByteSource {
    /// Whether reading now would return immediately (data or end of input is ready).
    func isReady() -> Bool {
        if atEOF { return true }
        var p = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
