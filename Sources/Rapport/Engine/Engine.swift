/// A compiled rule pack that classifies comments. Immutable and `Sendable`: share one across threads.
///
/// ```swift
/// let engine = try Engine(pack: pack)
/// let verdict = engine.classify(Comment(id: "1", text: "Where is my parcel??", author: "@ana"))
/// ```
public struct Engine: Sendable {
    /// Tunables of an engine.
    public struct Options: Sendable, Hashable {
        /// Comments longer than this many Unicode scalars are classified on their first
        /// `maxScalars` scalars and flagged `truncated`.
        public var maxScalars: Int
        /// Most matcher steps spent on one comment (`match-steps`). A comment that needs more keeps
        /// the hits found within the budget, is decided on them and is flagged `truncated`.
        public var maxMatchSteps: Int

        /// Creates options; `maxScalars` defaults to 100,000 and `maxMatchSteps` to 10,000,000.
        public init(maxScalars: Int = 100_000, maxMatchSteps: Int = 10_000_000) {
            self.maxScalars = max(1, maxScalars)
            self.maxMatchSteps = max(1, maxMatchSteps)
        }
    }

    /// The pack this engine was compiled from.
    public let pack: RulePack
    /// The options the engine was created with.
    public let options: Options
    /// Warnings found while compiling (for example list entries that have no tokens).
    public let warnings: [Diagnostic]
    let compiled: CompiledPack
    let plan: VerdictPlan

    /// Compiles `pack` into one matcher. Throws the diagnostics of anything that cannot compile.
    public init(pack: RulePack) throws(RulePackError) {
        try self.init(pack: pack, options: Options())
    }

    /// Compiles `pack` with `options`. Throws the diagnostics of anything that cannot compile
    /// (undefined lists, patterns that match no token, bad gaps, duplicate rule ids).
    public init(pack: RulePack, options: Options) throws(RulePackError) {
        try self.init(pack: pack, options: options, prefilter: true)
    }

    /// Compiles `pack`; without `prefilter` the matcher runs entries without checking their required
    /// words first (the same verdicts, more work: tests compare the two).
    init(pack: RulePack, options: Options, prefilter: Bool) throws(RulePackError) {
        let (compiled, warnings) = try CompiledPack.compile(pack, prefilter: prefilter)
        self.pack = pack
        self.options = options
        self.compiled = compiled
        self.plan = VerdictPlan(pack: pack)
        self.warnings = warnings
    }

    /// Classifies one comment.
    public func classify(_ comment: Comment) -> Verdict {
        let buffers = AnalysisBuffers.current
        var taken = buffers.take()
        var analysis = analyze(comment, keepTokens: false, buffers: &taken)
        let verdict = verdict(for: comment, analysis: analysis)
        buffers.recycle(&analysis, context: &taken.context)
        return verdict
    }

    func verdict(for comment: Comment, analysis: Analysis) -> Verdict {
        let found = spanRanges(of: analysis)
        let spans = spans(found, text: analysis.text)
        let ids = plan.ruleIDs
        var rules: [String] = []
        rules.reserveCapacity(analysis.fired.count)
        for rule in analysis.fired { rules.append(ids[rule]) }
        return Verdict(id: comment.id, label: analysis.decision.label, scores: plan.scores(analysis.decision.scores),
                       rules: rules, escalation: analysis.escalation,
                       suggestions: suggestions(for: comment, analysis: analysis, spans: spans, found: found), spans: spans,
                       truncated: analysis.truncated ? true : nil)
    }

    /// A span before its text is cut out: a fired rule and a scalar range.
    struct SpanRange: Equatable {
        var rule: Int
        var start: Int
        var end: Int
    }

    /// The spans of the counted `match` hits of the fired rules, by start, longest first, then pack order
    /// (rule ids are unique, so a rule's index identifies its spans).
    func spanRanges(of analysis: Analysis) -> [SpanRange] {
        var found: [SpanRange] = []
        found.reserveCapacity(analysis.hits.count)
        for (index, hit) in analysis.hits.enumerated() where analysis.status[index] == .counted {
            let rule = Int(compiled.patternRule[Int(hit.pattern)])
            guard analysis.fired.contains(rule) else { continue }
            found.append(SpanRange(rule: rule, start: analysis.stream.starts[Int(hit.start)], end: analysis.stream.ends[Int(hit.end) - 1]))
        }
        if found.count > 1 {
            found.sort { lhs, rhs in
                if lhs.start != rhs.start { return lhs.start < rhs.start }
                if lhs.end != rhs.end { return lhs.end > rhs.end }
                return lhs.rule < rhs.rule
            }
            var unique = 1
            for index in 1..<found.count where found[index] != found[unique - 1] {
                found[unique] = found[index]
                unique += 1
            }
            found.removeLast(found.count - unique)
        }
        return found
    }

    func spans(_ found: [SpanRange], text: String) -> [Span] {
        if found.isEmpty { return [] }
        let ids = plan.ruleIDs
        var text = text
        return text.withUTF8 { bytes in
            var slicer = ScalarSlicer(bytes)
            var spans: [Span] = []
            spans.reserveCapacity(found.count)
            for range in found {
                spans.append(Span(rule: ids[range.rule], start: range.start, end: range.end,
                                  text: slicer.slice(range.start, range.end)))
            }
            return spans
        }
    }
}
