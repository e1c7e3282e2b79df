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
    /// Whether the output shows the comment's author itself (`Comment.author`), so a decoder must
    /// keep it even when the engine reads no author field (``FieldDemand/keepsAuthor``).
    var writesAuthor: Bool { get }
}

extension OutputEncoder {
    public func prologue() -> [UInt8] { [] }
    public var leadingSeparatorLength: Int { 0 }
    public func epilogue(recordCount: Int) -> [UInt8] { [] }
    /// True unless the encoder says otherwise: the author is then always decoded.
    public var writesAuthor: Bool { true }

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

    /// The fields a decoder must keep for `pack`'s engine and this output: those of
    /// ``FieldDemand/init(pack:rendersReplies:)``, replies counted only when written, and the author
    /// kept when the output shows it.
    public func fieldDemand(pack: RulePack) -> FieldDemand {
        var demand = FieldDemand(pack: pack, rendersReplies: needsSuggestions)
        if writesAuthor { demand.keepsAuthor = true }
        return demand
    }
}
