public import Rapport

/// JSON Lines: one verdict object (the shape of docs/ARCHITECTURE.md, "The verdict JSON shape") or error record `{"line":N,"error":"..."}` per line.
///
/// Keys come in a fixed order, the same bytes as `Verdict.jsonLine`: id, label, scores (complaint,
/// question, praise, then others), rules, escalation (left out when none), suggestions, spans,
/// truncated (only when true); then `fields` with `--keep-fields`.
public struct JSONLinesEncoder: OutputEncoder {
    public init() {}

    public func encode(_ outcome: RecordOutcome, into out: inout [UInt8]) {
        var writer = ByteWriter()
        encode(outcome, into: &writer)
        out.append(contentsOf: writer.bytes)
    }

    public func encode(_ outcome: RecordOutcome, into writer: inout ByteWriter) {
        Self.object(outcome, into: &writer)
        writer.append(0x0A)
    }

    public func encode(verdict: Verdict, comment: Comment, kept: [KeptField], into writer: inout ByteWriter) {
        Self.verdict(verdict, kept: kept, into: &writer)
        writer.append(0x0A)
    }

    /// The JSON object of one outcome, shared with the JSON array encoder.
    static func object(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        switch outcome {
        case .error(let error, let input):
            JSONOut.raw("{", into: &out)
            if let input {
                JSONOut.raw("\"file\":", into: &out)
                JSONOut.string(input, into: &out)
                out.append(UInt8(ascii: ","))
            }
            JSONOut.raw("\"line\":", into: &out)
            JSONOut.int(error.line, into: &out)
            JSONOut.raw(",\"error\":", into: &out)
            JSONOut.string(error.message, into: &out)
            JSONOut.raw("}", into: &out)
        case .verdict(let v, _, let kept):
            verdict(v, kept: kept, into: &out)
        }
    }

    /// The JSON object of one verdict.
    static func verdict(_ v: Verdict, kept: [KeptField], into out: inout ByteWriter) {
        JSONOut.raw("{\"id\":", into: &out)
        JSONOut.string(v.id, into: &out)
        JSONOut.raw(",\"label\":", into: &out)
        JSONOut.string(v.label.rawValue, into: &out)
        JSONOut.raw(",\"scores\":{", into: &out)
        ScoreOrder.write(v.scores, into: &out)
        JSONOut.raw("},\"rules\":", into: &out)
        JSONOut.stringArray(v.rules, into: &out)
        if let e = v.escalation {
            JSONOut.raw(",\"escalation\":{\"level\":", into: &out)
            JSONOut.string(e.level.rawValue, into: &out)
            JSONOut.raw(",\"route\":", into: &out)
            JSONOut.string(e.route, into: &out)
            if let routes = e.routes {
                JSONOut.raw(",\"routes\":", into: &out)
                JSONOut.stringArray(routes, into: &out)
            }
            JSONOut.raw(",\"reasons\":", into: &out)
            JSONOut.stringArray(e.reasons, into: &out)
            JSONOut.raw("}", into: &out)
        }
        JSONOut.raw(",\"suggestions\":", into: &out)
        JSONOut.stringArray(v.suggestions, into: &out)
        JSONOut.raw(",\"spans\":[", into: &out)
        for (i, span) in v.spans.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONOut.raw("{\"rule\":", into: &out)
            JSONOut.string(span.rule, into: &out)
            JSONOut.raw(",\"start\":", into: &out)
            JSONOut.int(span.start, into: &out)
            JSONOut.raw(",\"end\":", into: &out)
            JSONOut.int(span.end, into: &out)
            JSONOut.raw(",\"text\":", into: &out)
            JSONOut.string(span.text, into: &out)
            JSONOut.raw("}", into: &out)
        }
        JSONOut.raw("]", into: &out)
        if v.truncated == true { JSONOut.raw(",\"truncated\":true", into: &out) }
        if !kept.isEmpty {
            JSONOut.raw(",\"fields\":{", into: &out)
            for (i, field) in kept.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONOut.string(field.name, into: &out)
                out.append(UInt8(ascii: ":"))
                fieldValue(field.value, into: &out)
            }
            JSONOut.raw("}", into: &out)
        }
        JSONOut.raw("}", into: &out)
    }

    /// A kept value as JSON; a number is its input literal, which is valid JSON as it stands.
    static func fieldValue(_ value: KeptValue, into out: inout ByteWriter) {
        switch value {
        case .string(let s): JSONOut.string(s, into: &out)
        case .number(let literal): out.append(Array(literal.utf8))
        case .bool(let b): if b { JSONOut.raw("true", into: &out) } else { JSONOut.raw("false", into: &out) }
        case .null: JSONOut.raw("null", into: &out)
        }
    }
}

/// Score keys in a stable order: complaint, question, praise, then any others alphabetically.
enum ScoreOrder {
    private static let scoredKeys = Label.scored.map(\.rawValue)

    /// Writes `"key":score` pairs in that order. Walks the dictionary instead of looking keys up,
    /// so no key is hashed in the usual case (exactly the scored labels).
    static func write(_ scores: [String: Double], into out: inout ByteWriter) {
        withUnsafeTemporaryAllocation(of: Double?.self, capacity: scoredKeys.count) { slots in
            slots.initialize(repeating: nil)
            var others = 0
            for (key, value) in scores {
                if let slot = scoredKeys.firstIndex(of: key) { slots[slot] = value } else { others += 1 }
            }
            var first = true
            for slot in 0..<slots.count {
                if let value = slots[slot] { pair(scoredKeys[slot], value, first: &first, into: &out) }
            }
            if others > 0 {
                for key in scores.keys.filter({ !scoredKeys.contains($0) }).sorted() {
                    pair(key, scores[key]!, first: &first, into: &out)
                }
            }
        }
    }

    private static func pair(_ key: String, _ value: Double, first: inout Bool, into out: inout ByteWriter) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        JSONOut.string(key, into: &out)
        out.append(UInt8(ascii: ":"))
        JSONOut.number(value, into: &out)
    }
}
