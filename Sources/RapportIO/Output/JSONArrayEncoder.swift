import Rapport

/// One JSON array of the same objects as JSON Lines, one element per line.
public struct JSONArrayEncoder: OutputEncoder {
    /// The writer of each element (its ``VerdictWriter/fields`` are the members written).
    public let writer: VerdictWriter

    /// An encoder writing the members in `fields` (all by default).
    public init(fields: Set<VerdictField> = Set(VerdictField.allCases)) {
        writer = VerdictWriter(fields: fields)
    }

    public func prologue() -> [UInt8] { Array("[".utf8) }

    public func encode(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        out.append(",\n")
        writer.write(outcome, into: &out)
    }

    public var leadingSeparatorLength: Int { 1 }

    public func epilogue(recordCount: Int) -> [UInt8] { Array((recordCount == 0 ? "]\n" : "\n]\n").utf8) }

    public var writtenFields: Set<VerdictField> { writer.fields }
    /// No verdict member is the comment's author.
    public var writesAuthor: Bool { false }
}
