public import Rapport

/// Turns record outcomes into output bytes: ``JSONLinesEncoder``, ``JSONArrayEncoder``,
/// ``CSVEncoder`` and ``TableEncoder``. Implementations are immutable and run on worker threads;
/// ``ClassifyPipeline`` writes ``prologue()``, then each record's bytes in input order (less the
/// first record's ``leadingSeparatorLength`` bytes), then ``epilogue(recordCount:)``.
public protocol OutputEncoder: Sendable {
    /// Bytes written before the first record (a CSV header, `[`).
    func prologue() -> [UInt8]
    /// Appends one record's bytes.
    func encode(_ outcome: RecordOutcome, into out: inout ByteWriter)
    /// How many leading bytes of the very first record's encoding to drop (a JSON array's `,`).
    var leadingSeparatorLength: Int { get }
    /// Bytes written after the last record.
    func epilogue(recordCount: Int) -> [UInt8]
    /// The verdict members this output holds; the engine need not produce the others
    /// (``needsSuggestions``, ``needsSpans``).
    var writtenFields: Set<VerdictField> { get }
}

extension OutputEncoder {
    public func prologue() -> [UInt8] { [] }
    public var leadingSeparatorLength: Int { 0 }
    public func epilogue(recordCount: Int) -> [UInt8] { [] }

    /// Whether the output holds rendered replies.
    public var needsSuggestions: Bool { writtenFields.contains(.suggestions) }
    /// Whether the output holds matched spans.
    public var needsSpans: Bool { writtenFields.contains(.spans) }
    /// The parts of a verdict the engine must render for this output
    /// (``Engine/classify(_:in:parts:)``): replies and spans only when they are written.
    public var verdictParts: VerdictParts {
        var parts: VerdictParts = []
        if needsSuggestions { parts.insert(.suggestions) }
        if needsSpans { parts.insert(.spans) }
        return parts
    }
}
