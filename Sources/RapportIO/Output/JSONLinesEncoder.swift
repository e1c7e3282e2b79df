import Rapport

/// JSON Lines: one verdict object or error record `{"line":N,"error":"..."}` per line, written by
/// ``VerdictWriter``.
public struct JSONLinesEncoder: OutputEncoder {
    /// The writer of each object (its ``VerdictWriter/fields`` are the members written).
    public let writer: VerdictWriter

    /// An encoder writing the members in `fields` (all by default).
    public init(fields: Set<VerdictField> = Set(VerdictField.allCases)) {
        writer = VerdictWriter(fields: fields)
    }

    public func encode(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        writer.write(outcome, into: &out)
        out.append(0x0A)
    }

    public var writtenFields: Set<VerdictField> { writer.fields }
    /// No verdict member is the comment's author.
    public var writesAuthor: Bool { false }
}
