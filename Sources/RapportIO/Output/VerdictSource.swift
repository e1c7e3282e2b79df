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

/// The verdict of the comment just classified in a workspace with
/// ``Engine/classifyForWriting(_:in:parts:)``, as the writer reads it: what it needs of the workspace
/// (arrays shared, not copied), and the names it writes them with.
struct ClassifiedVerdict: VerdictSource {
    let id: String
    let label: Label
    let escalation: EscalationSummary?
    let truncated: Bool
    // The parts the writer does not write are nil: nothing to release when the verdict goes.
    let replies: ReplyBytes?
    let routing: (tags: [String]?, route: String?)
    let scores: [Double]?
    let fired: [Int]?
    let spans: [Engine.SpanRange]?
    let text: String
    unowned(unsafe) let names: VerdictNames

    /// The verdict in `workspace`, for `comment`, as far as `writer` writes it (the parts it does not
    /// write are left empty); `routing` is the verdict's tags and route.
    init(
        _ workspace: borrowing Engine.Workspace, comment: Comment, writer: VerdictWriter,
        routing: (tags: [String]?, route: String?), names: VerdictNames
    ) {
        id = comment.id
        label = workspace.label
        escalation = workspace.escalationSummary
        truncated = workspace.isTruncated
        replies = writer.writes(.suggestions) ? workspace.replies : nil
        self.routing = routing
        scores = writer.writes(.scores) ? workspace.scoreValues : nil
        fired = writer.writes(.rules) ? workspace.firedRules : nil
        let spans = writer.writes(.spans)
        self.spans = spans ? workspace.spanList : nil
        text = spans ? workspace.classifiedText : ""
        self.names = names
    }

    func writeScores(into out: inout ByteWriter) {
        let names = self.names
        guard let scores else { return }
        scores.withUnsafeBufferPointer { values in
            let bytes = names.scoreBytes
            for (i, slot) in names.scoreSlots.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UnsafeBufferPointer(rebasing: bytes[names.scoreEnds[i]..<names.scoreEnds[i + 1]]))
                JSONOut.number(values[slot], into: &out)
            }
        }
    }

    func writeSuggestions(into out: inout ByteWriter) {
        guard let replies else { return }
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
        guard let fired else { return }
        fired.withUnsafeBufferPointer { fired in
            for i in fired.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let rule = fired[i]
                out.append(UnsafeBufferPointer(rebasing: bytes[ends[rule]..<ends[rule + 1]]))
            }
        }
    }

    func writeSpans(into out: inout ByteWriter) {
        guard let spans, !spans.isEmpty else { return }
        let ids = names.ruleBytes
        let ends = names.ruleEnds
        var text = self.text
        text.withUTF8 { utf8 in
            var slicer = ScalarSlicer(utf8)
            for (i, span) in spans.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append("{\"rule\":")
                out.append(UnsafeBufferPointer(rebasing: ids[ends[span.rule]..<ends[span.rule + 1]]))
                VerdictWriter.spanTail(start: span.start, end: span.end, text: slicer.utf8(span.start, span.end), into: &out)
            }
        }
    }
}
