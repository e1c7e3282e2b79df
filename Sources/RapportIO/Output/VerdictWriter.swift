public import Rapport
import RapportSupport

/// The one verdict writer: the JSON object of a verdict (the shape of docs/ARCHITECTURE.md, "The
/// verdict JSON shape") or of an error record, written straight into a ``ByteWriter``. JSON Lines,
/// the JSON array and `rapport-serve` write through it; CSV takes its members from ``fields`` too.
///
/// Keys come in a fixed order: `id`, `label`, `scores` (complaint, question, praise, then any others
/// alphabetically; numbers without a needless `.0`), `rules`, `tags` and `route` (each left out when
/// none), `escalation` (left out when none),
/// `suggestions`, `spans`, `truncated` (only when true), then `fields` when input fields are kept.
/// Only the members in ``fields`` are written; the same verdict always gives the same bytes.
///
/// ```swift
/// var out = ByteWriter()
/// VerdictWriter(fields: [.id, .label, .escalation]).write(verdict, into: &out)
/// ```
public struct VerdictWriter: Sendable, Hashable {
    /// The members written (all of them unless chosen).
    public let fields: Set<VerdictField>
    private let mask: UInt16

    /// A writer of the members in `fields` (every member by default).
    public init(fields: Set<VerdictField> = Set(VerdictField.allCases)) {
        self.fields = fields
        mask = fields.reduce(0) { $0 | Self.bit($1) }
    }

    /// Whether the output holds the rendered replies: when it does not, the engine need not render them.
    public var needsSuggestions: Bool { writes(.suggestions) }
    /// Whether the output holds the matched spans: when it does not, the engine need not cut them out.
    public var needsSpans: Bool { writes(.spans) }

    @inline(__always)
    func writes(_ field: VerdictField) -> Bool { mask & Self.bit(field) != 0 }

    @inline(__always)
    private static func bit(_ field: VerdictField) -> UInt16 {
        switch field {
        case .id: 1
        case .label: 2
        case .scores: 4
        case .rules: 8
        case .escalation: 16
        case .suggestions: 32
        case .spans: 64
        case .truncated: 128
        case .tags: 256
        case .route: 512
        }
    }

    /// Writes the JSON object of one outcome: the verdict, or `{"file":...,"line":N,"error":"..."}`
    /// (`file` only when the outcome names its input).
    public func write(_ outcome: RecordOutcome, into out: inout ByteWriter) {
        switch outcome {
        case .verdict(let verdict, _, let kept):
            write(verdict, kept: kept, into: &out)
        case .error(let error, let input):
            out.append(UInt8(ascii: "{"))
            if let input {
                out.append("\"file\":")
                JSONOut.string(input, into: &out)
                out.append(UInt8(ascii: ","))
            }
            out.append("\"line\":")
            JSONOut.int(error.line, into: &out)
            out.append(",\"error\":")
            JSONOut.string(error.message, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes the JSON object of one verdict, with the kept input fields under `fields` (none: no `fields` key).
    public func write(_ v: Verdict, kept: [KeptField] = [], into out: inout ByteWriter) {
        write(BuiltVerdict(verdict: v), kept: kept, into: &out)
    }

    /// Writes the JSON object of the verdict `source` gives, with the kept input fields under `fields`:
    /// the same bytes for the same verdict whatever holds it.
    func write<Source: VerdictSource>(_ v: Source, kept: [KeptField], into out: inout ByteWriter) {
        var separator = false
        @inline(__always)
        func key(_ name: StaticString, into out: inout ByteWriter) {
            if separator { out.append(UInt8(ascii: ",")) }
            separator = true
            out.append(name)
        }
        out.append(UInt8(ascii: "{"))
        if writes(.id) {
            key("\"id\":", into: &out)
            JSONOut.string(v.id, into: &out)
        }
        if writes(.label) {
            key("\"label\":", into: &out)
            JSONOut.string(v.label.rawValue, into: &out)
        }
        if writes(.scores) {
            key("\"scores\":{", into: &out)
            v.writeScores(into: &out)
            out.append(UInt8(ascii: "}"))
        }
        if writes(.rules) {
            key("\"rules\":[", into: &out)
            v.writeRules(into: &out)
            out.append(UInt8(ascii: "]"))
        }
        if writes(.tags) || writes(.route) {
            let (tags, route) = v.routing
            if writes(.tags), let tags {
                key("\"tags\":", into: &out)
                JSONOut.stringArray(tags, into: &out)
            }
            if writes(.route), let route {
                key("\"route\":", into: &out)
                JSONOut.string(route, into: &out)
            }
        }
        if writes(.escalation), let e = v.escalation {
            key("\"escalation\":{\"level\":", into: &out)
            JSONOut.string(e.level.rawValue, into: &out)
            out.append(",\"route\":")
            JSONOut.string(e.route, into: &out)
            if let routes = e.routes {
                out.append(",\"routes\":")
                JSONOut.stringArray(routes, into: &out)
            }
            out.append(",\"reasons\":")
            JSONOut.stringArray(e.reasons, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        if writes(.suggestions) {
            key("\"suggestions\":[", into: &out)
            v.writeSuggestions(into: &out)
            out.append(UInt8(ascii: "]"))
        }
        if writes(.spans) {
            key("\"spans\":[", into: &out)
            v.writeSpans(into: &out)
            out.append(UInt8(ascii: "]"))
        }
        if writes(.truncated), v.truncated { key("\"truncated\":true", into: &out) }
        if !kept.isEmpty {
            key("\"fields\":{", into: &out)
            for (i, field) in kept.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONOut.string(field.name, into: &out)
                out.append(UInt8(ascii: ":"))
                Self.keptValue(field.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// One span object's members after `{"rule":` and the rule id: `,"start":N,"end":N,"text":"..."}`.
    static func spanTail(start: Int, end: Int, text: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        out.append(",\"start\":")
        JSONOut.int(start, into: &out)
        out.append(",\"end\":")
        JSONOut.int(end, into: &out)
        out.append(",\"text\":")
        JSONOut.escaped(text, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// One whole span object, `{"rule":ID,"start":N,"end":N,"text":"..."}`, where `quotedRule` is the
    /// rule id already quoted as JSON: the same bytes as `{"rule":`, the id and ``spanTail(start:end:text:into:)``,
    /// with everything before the text written after one capacity check.
    /// With `comma`, a `,` comes first (the span after another).
    static func span(
        comma: Bool, quotedRule: UnsafeBufferPointer<UInt8>, start: Int, end: Int, text: UnsafeBufferPointer<UInt8>,
        into out: inout ByteWriter
    ) {
        // `,` 1, `{"rule":` 8, `,"start":` 9 and 20 digits, `,"end":` 7 and 20 digits, `,"text":` 8.
        out.write(atMost: quotedRule.count + 73) { p in
            var k = 0
            if comma {
                p[0] = UInt8(ascii: ",")
                k = 1
            }
            k += JSONOut.writeLiteral("{\"rule\":", to: p + k)
            if let id = quotedRule.baseAddress { (p + k).initialize(from: id, count: quotedRule.count) }
            k += quotedRule.count
            k += JSONOut.writeLiteral(",\"start\":", to: p + k)
            k += JSONOut.writeInt(start, to: p + k)
            k += JSONOut.writeLiteral(",\"end\":", to: p + k)
            k += JSONOut.writeInt(end, to: p + k)
            k += JSONOut.writeLiteral(",\"text\":", to: p + k)
            return k
        }
        JSONOut.escaped(text, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The JSON object of one verdict as a string (for tests and tools; the pipeline writes bytes).
    public func json(_ verdict: Verdict, kept: [KeptField] = []) -> String {
        var out = ByteWriter(capacity: 512)
        write(verdict, kept: kept, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A kept value as JSON; a number is its input literal, which is valid JSON as it stands.
    static func keptValue(_ value: KeptValue, into out: inout ByteWriter) {
        switch value {
        case .string(let s): JSONOut.string(s, into: &out)
        case .number(let literal): out.append(Array(literal.utf8))
        case .bool(let b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        }
    }
}

/// Score keys in a stable order: complaint, question, praise, then any others alphabetically.
enum ScoreOrder {
    private static let scoredKeys = Label.scored.map(\.rawValue)
    /// `"key":` of each scored label, written once.
    private static let scoredMembers: [[UInt8]] = scoredKeys.map { Array((JSONEscaping.quoted($0) + ":").utf8) }

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
            let members = scoredMembers
            for slot in 0..<slots.count {
                guard let value = slots[slot] else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(members[slot])
                JSONOut.number(value, into: &out)
            }
            if others > 0 {
                for key in scores.keys.filter({ !scoredKeys.contains($0) }).sorted() {
                    pair(key, scores[key]!, first: &first, into: &out)
                }
            }
        }
    }

    /// The indices of `names` (distinct label names) in the order ``write(_:into:)`` writes them.
    static func order(of names: [String]) -> [Int] {
        var order: [Int] = []
        for key in scoredKeys {
            if let index = names.firstIndex(of: key) { order.append(index) }
        }
        order += names.indices.filter { !scoredKeys.contains(names[$0]) }.sorted { names[$0] < names[$1] }
        return order
    }

    private static func pair(_ key: String, _ value: Double, first: inout Bool, into out: inout ByteWriter) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        JSONOut.string(key, into: &out)
        out.append(UInt8(ascii: ":"))
        JSONOut.number(value, into: &out)
    }
}
