public import Rapport

/// Encodes record outcomes into output bytes. Implementations are immutable and run on worker threads.
public protocol OutputEncoder: Sendable {
    /// Bytes written before the first record (a CSV header, `[`).
    func prologue() -> [UInt8]
    /// Appends one record's bytes.
    func encode(_ outcome: RecordOutcome, into out: inout [UInt8])
    /// Appends one record's bytes to a writer (what the pipeline calls); the default goes through
    /// ``encode(_:into:)-([UInt8])``.
    func encode(_ outcome: RecordOutcome, into writer: inout ByteWriter)
    /// Appends one verdict's bytes to a writer: the same as encoding `.verdict(verdict, comment:, kept:)`
    /// without building that outcome (what the pipeline calls).
    func encode(verdict: Verdict, comment: Comment, kept: [KeptField], into writer: inout ByteWriter)
    /// How many leading bytes of the very first record's encoding to drop (a JSON array's `,`).
    var leadingSeparatorLength: Int { get }
    /// Bytes written after the last record.
    func epilogue(recordCount: Int) -> [UInt8]
}

extension OutputEncoder {
    public func prologue() -> [UInt8] { [] }
    public var leadingSeparatorLength: Int { 0 }
    public func epilogue(recordCount: Int) -> [UInt8] { [] }

    public func encode(verdict: Verdict, comment: Comment, kept: [KeptField], into writer: inout ByteWriter) {
        encode(.verdict(verdict, comment: comment, kept: kept), into: &writer)
    }

    public func encode(_ outcome: RecordOutcome, into writer: inout ByteWriter) {
        var out: [UInt8] = []
        encode(outcome, into: &out)
        writer.append(out)
    }
}
