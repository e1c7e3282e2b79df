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

/// Splits an input's bytes into raw records, streaming.
protocol RecordSplitter: AnyObject {
    var source: ByteSource { get }
    /// The next record; may read (and block) only when `mayBlock` is true or input is ready.
    func next(mayBlock: Bool) throws(InputError) -> SplitStep
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
