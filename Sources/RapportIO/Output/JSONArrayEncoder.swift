public import Rapport

/// One JSON array of the same objects as JSON Lines, one element per line.
public struct JSONArrayEncoder: OutputEncoder {
    public init() {}

    public func prologue() -> [UInt8] { Array("[".utf8) }

    public func encode(_ outcome: RecordOutcome, into out: inout [UInt8]) {
        var writer = ByteWriter()
        encode(outcome, into: &writer)
        out.append(contentsOf: writer.bytes)
    }

    public func encode(_ outcome: RecordOutcome, into writer: inout ByteWriter) {
        writer.append(",\n")
        JSONLinesEncoder.object(outcome, into: &writer)
    }

    public func encode(verdict: Verdict, comment: Comment, kept: [KeptField], into writer: inout ByteWriter) {
        writer.append(",\n")
        JSONLinesEncoder.verdict(verdict, kept: kept, into: &writer)
    }

    public var leadingSeparatorLength: Int { 1 }

    public func epilogue(recordCount: Int) -> [UInt8] { Array((recordCount == 0 ? "]\n" : "\n]\n").utf8) }
}
