import Rapport
import RapportSupport

/// A verdict as ``VerdictWriter`` reads it: a built ``Verdict`` (``BuiltVerdict``), or an engine's
/// workspace just after classifying a comment (``ClassifiedVerdict``), whose rule ids, scores and spans
/// are written straight from the engine's arrays with no `Verdict` built.
protocol VerdictSource {
    var id: String { get }
    var label: Label { get }
    /// Writes the `"label":score` members of `scores` (without braces), in ``ScoreOrder``.
    func writeScores(into out: inout ByteWriter)
    /// Writes the quoted rule ids of `rules`, comma-separated (without brackets).
    func writeRules(into out: inout ByteWriter)
    /// The verdict's `tags` and `route`.
    var routing: (tags: [String]?, route: String?) { get }
    var escalation: EscalationSummary? { get }
    /// Writes the quoted replies of `suggestions`, comma-separated (without brackets).
    func writeSuggestions(into out: inout ByteWriter)
    /// Writes the span objects of `spans`, comma-separated (without brackets).
    func writeSpans(into out: inout ByteWriter)
    /// Whether `truncated` is true.
    var truncated: Bool { get }
}

/// A built ``Verdict`` as the writer reads it.
struct BuiltVerdict: VerdictSource {
    let verdict: Verdict

    var id: String { verdict.id }
    var label: Label { verdict.label }
    func writeScores(into out: inout ByteWriter) { ScoreOrder.write(verdict.scores, into: &out) }
    func writeRules(into out: inout ByteWriter) {
        for (i, rule) in verdict.rules.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONOut.string(rule, into: &out)
        }
    }
    var routing: (tags: [String]?, route: String?) { (verdict.tags, verdict.route) }
    var escalation: EscalationSummary? { verdict.escalation }
    func writeSuggestions(into out: inout ByteWriter) {
        for (i, reply) in verdict.suggestions.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONOut.string(reply, into: &out)
        }
    }
    func writeSpans(into out: inout ByteWriter) {
        for (i, span) in verdict.spans.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append("{\"rule\":")
            JSONOut.string(span.rule, into: &out)
            var text = span.text
            text.withUTF8 { VerdictWriter.spanTail(start: span.start, end: span.end, text: $0, into: &out) }
        }
    }
    var truncated: Bool { verdict.truncated == true }
}

/// What a worker writes verdicts with, prepared once per engine: each rule id and scored label already
/// quoted as JSON, and the scores' order.
///
/// Each worker thread makes its own (``BatchWorker/preparedForThread()``), and the tables are in memory
/// the object allocates, not in arrays: reading an array out of an object shared by the workers retained
/// and released its buffer a few times per record, atomic writes to a cache line both cores then took
/// from each other.
final class VerdictNames: @unchecked Sendable {
    /// The quoted ids of the rules, back to back; rule `i`'s are `ruleBytes[ruleEnds[i]..<ruleEnds[i + 1]]`.
    let ruleBytes: UnsafeBufferPointer<UInt8>
    let ruleEnds: UnsafeBufferPointer<Int>
    /// The `"label":` member names in ``ScoreOrder``, back to back (`scoreEnds` as `ruleEnds`), and the
    /// slot of each in a decision's scores.
    let scoreBytes: UnsafeBufferPointer<UInt8>
    let scoreEnds: UnsafeBufferPointer<Int>
    let scoreSlots: UnsafeBufferPointer<Int>

    init(engine: Engine) {
        var out = ByteWriter(capacity: 4096)
        var ends = [0]
        for id in engine.ruleIDs {
            JSONOut.string(id, into: &out)
            ends.append(out.count)
        }
        ruleBytes = .copying(out.bytes)
        ruleEnds = .copying(ends)
        out.removeAll()
        ends = [0]
        let names = engine.scoredLabelNames
        var slots: [Int] = []
        for slot in ScoreOrder.order(of: names) {
            JSONOut.string(names[slot], into: &out)
            out.append(UInt8(ascii: ":"))
            ends.append(out.count)
            slots.append(slot)
        }
        scoreBytes = .copying(out.bytes)
        scoreEnds = .copying(ends)
        scoreSlots = .copying(slots)
    }

    deinit {
        ruleBytes.deallocate()
        ruleEnds.deallocate()
        scoreBytes.deallocate()
        scoreEnds.deallocate()
        scoreSlots.deallocate()
    }
}

/// The verdict of the comment just classified with ``classify(_:parts:)``, as the writer reads it: the
/// workspace the comment was classified in (``Engine/classifyForWriting(_:in:parts:)``), whose arrays
/// are written in place, and the names they are written with.
///
/// A worker keeps one for a whole batch and classifies each comment in it: a verdict made for each
/// comment out of copies of the workspace's label, scores, rule indices, escalation, spans, text and
/// replies retained and released a dozen buffers per record.
struct ClassifiedVerdict: VerdictSource {
    /// The workspace the comments are classified in.
    var workspace = Engine.Workspace()
    /// The id of the comment classified last.
    private(set) var id = ""
    private let engine: Engine
    private let router: Engine.Router
    private let names: VerdictNames

    /// A verdict to classify comments with `engine` in, written with `names` (made for `engine`).
    init(engine: Engine, names: VerdictNames) {
        self.engine = engine
        router = engine.router
        self.names = names
    }

    /// Classifies `comment` in ``workspace`` with ``Engine/classifyForWriting(_:in:parts:)``: this verdict
    /// is then the comment's.
    mutating func classify(_ comment: Comment, parts: VerdictParts) {
        engine.classifyForWriting(comment, in: &workspace, parts: parts)
        id = comment.id
    }

    var label: Label { workspace.label }
    var escalation: EscalationSummary? { workspace.escalationSummary }
    var truncated: Bool { workspace.isTruncated }
    var routing: (tags: [String]?, route: String?) { router.routing(workspace.firedRules, label: workspace.label) }

    func writeScores(into out: inout ByteWriter) {
        let names = self.names
        workspace.scoreValues.withUnsafeBufferPointer { values in
            let bytes = names.scoreBytes
            for (i, slot) in names.scoreSlots.enumerated() {
                let member = UnsafeBufferPointer(rebasing: bytes[names.scoreEnds[i]..<names.scoreEnds[i + 1]])
                let value = values[slot]
                if let thousandths = JSONOut.thousandths(value), let name = member.baseAddress {
                    // The comma, the `"label":` and the number (at most 24 bytes, as `JSONOut.number`
                    // writes it) after one capacity check.
                    out.write(atMost: member.count + 25) { p in
                        var k = 0
                        if i > 0 {
                            p[0] = UInt8(ascii: ",")
                            k = 1
                        }
                        (p + k).initialize(from: name, count: member.count)
                        k += member.count
                        return k + JSONOut.writeThousandths(thousandths, to: p + k)
                    }
                } else {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(member)
                    JSONOut.number(value, into: &out)
                }
            }
        }
    }

    func writeSuggestions(into out: inout ByteWriter) {
        let replies = workspace.replies
        replies.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (i, end) in replies.ends.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let reply = UnsafeBufferPointer(rebasing: bytes[start..<end])
                // A reply found plain when it was kept is copied without checking its bytes again.
                if replies.isPlain(i) { out.appendQuoted(reply) } else { JSONOut.escaped(reply, into: &out) }
                start = end
            }
        }
    }

    func writeRules(into out: inout ByteWriter) {
        let bytes = names.ruleBytes
        let ends = names.ruleEnds
        workspace.firedRules.withUnsafeBufferPointer { fired in
            for i in fired.indices {
                let rule = fired[i]
                out.append(comma: i > 0, UnsafeBufferPointer(rebasing: bytes[ends[rule]..<ends[rule + 1]]))
            }
        }
    }

    func writeSpans(into out: inout ByteWriter) {
        let spans = workspace.spanList
        guard !spans.isEmpty else { return }
        let ids = names.ruleBytes
        let ends = names.ruleEnds
        var text = workspace.classifiedText
        text.withUTF8 { utf8 in
            var slicer = ScalarSlicer(utf8)
            for (i, span) in spans.enumerated() {
                VerdictWriter.span(
                    comma: i > 0, quotedRule: UnsafeBufferPointer(rebasing: ids[ends[span.rule]..<ends[span.rule + 1]]), start: span.start, end: span.end,
                    text: slicer.utf8(span.start, span.end), into: &out)
            }
        }
    }
}
