/// A compiled rule pack that classifies comments. Immutable and `Sendable`: share one across threads.
/// The scratch storage of classifying is the caller's: a ``Workspace`` per thread.
///
/// ```swift
/// let engine = try Engine(pack: pack)
/// let verdict = engine.classify(Comment(id: "1", text: "Where is my parcel??", author: "@ana"))
/// ```
///
/// A comment goes through the stages `tokenize → match → settle (negation, unless) → score and decide
/// → conditions → escalate → render`, each reading and writing the workspace; docs/ARCHITECTURE.md
/// ("The data path") names the types at each step.
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
    /// words first (the same verdicts, more work: tests compare the two); with `keyedIndex` the matcher
    /// also carries the keyed entry index of `CompiledMatcher.referenceHits` (tests' oracle, never used to
    /// classify).
    init(pack: RulePack, options: Options, prefilter: Bool, keyedIndex: Bool = false) throws(RulePackError) {
        let (compiled, warnings) = try CompiledPack.compile(pack, prefilter: prefilter, keyedIndex: keyedIndex)
        self.pack = pack
        self.options = options
        self.compiled = compiled
        self.plan = VerdictPlan(pack: pack)
        self.warnings = warnings
    }

    /// Classifies one comment, in a workspace made for it. To classify many comments, keep a
    /// ``Workspace`` and call ``classify(_:in:parts:)``.
    public func classify(_ comment: Comment) -> Verdict {
        var workspace = Workspace()
        return classify(comment, in: &workspace)
    }

    /// Classifies one comment using `workspace`'s storage, rendering only `parts` of the verdict: a part
    /// left out is empty in the verdict and costs nothing (without ``VerdictParts/suggestions`` no reply
    /// is chosen or rendered; without ``VerdictParts/spans`` no matched text is cut out). The label,
    /// scores, rules, escalation and `truncated` are always there and the same whatever `parts` is.
    public func classify(_ comment: Comment, in workspace: inout Workspace, parts: VerdictParts = .all) -> Verdict {
        analyze(comment, keepTokens: false, in: &workspace)
        return render(comment, from: &workspace, parts: parts)
    }

    /// ``classify(_:in:parts:)`` for a writer of this package that writes none of the verdict's
    /// scores, rules, tags and route: without `decisionDetails` they are left empty (no names copied
    /// into arrays, no scores dictionary). The label, escalation and `truncated` are the same.
    package func classify(
        _ comment: Comment, in workspace: inout Workspace, parts: VerdictParts, decisionDetails: Bool
    ) -> Verdict {
        analyze(comment, keepTokens: false, in: &workspace)
        return render(comment, from: &workspace, parts: parts, decisionDetails: decisionDetails)
    }

    /// The label ``classify(_:in:parts:)`` gives `comment`, from the stages that decide it alone
    /// (tokenize, match, settle, score and decide; a `when` that gates a weight is evaluated there): no other `when` condition is evaluated and no escalation
    /// or verdict is built, since none of them changes the label.
    public func label(of comment: Comment, in workspace: inout Workspace) -> Label {
        tokenize(comment, keepTokens: false, into: &workspace)
        match(&workspace)
        settle(&workspace)
        decide(comment, in: &workspace)
        return workspace.decision.label
    }

    /// Stage 7, render: the verdict of the comment analysed in `workspace`, with the rule ids in pack
    /// order and, as `parts` asks, the spans of the counted hits and the suggested replies (whose
    /// `{match}` needs the spans' text even when the spans are not asked for). Without
    /// `decisionDetails` the scores, rule ids, tags and route are left empty.
    func render(
        _ comment: Comment, from workspace: inout Workspace, parts: VerdictParts = .all, decisionDetails: Bool = true
    ) -> Verdict {
        var spans: [Span] = []
        var suggestions: [String] = []
        if !parts.isDisjoint(with: [.spans, .suggestions]) {
            spanRanges(in: &workspace)
            spans = self.spans(workspace.spanRanges, text: workspace.text)
            if parts.contains(.suggestions) {
                suggestions = self.suggestions(for: comment, in: workspace, spanText: { spans[$0].text })
            }
            if !parts.contains(.spans) { spans = [] }
        }
        guard decisionDetails else {
            return Verdict(
                id: comment.id, label: workspace.decision.label, scores: [:], rules: [], escalation: workspace.escalation,
                suggestions: suggestions, spans: spans, truncated: workspace.truncated ? true : nil)
        }
        let ids = plan.ruleIDs
        var rules: [String] = []
        rules.reserveCapacity(workspace.fired.count)
        for rule in workspace.fired { rules.append(ids[rule]) }
        let (tags, route) = plan.routing(workspace.fired, label: workspace.decision.label)
        return Verdict(
            id: comment.id, label: workspace.decision.label, scores: plan.scores(workspace.decision.scores),
            rules: rules, escalation: workspace.escalation, suggestions: suggestions, spans: spans,
            truncated: workspace.truncated ? true : nil, tags: tags, route: route)
    }

    /// Fills `workspace.spanRanges` with the spans of the counted `match` hits of the fired rules, by
    /// start, longest first, then pack order (rule ids are unique, so a rule's index identifies its spans).
    func spanRanges(in workspace: inout Workspace) {
        var found = workspace.spanRanges
        workspace.spanRanges = []
        found.removeAll(keepingCapacity: true)
        found.reserveCapacity(workspace.hits.count)
        for (index, hit) in workspace.hits.enumerated() where workspace.status[index] == .counted {
            let rule = Int(compiled.patternRule[Int(hit.pattern)])
            guard workspace.fired.contains(rule) else { continue }
            found.append(
                SpanRange(
                    rule: rule, start: workspace.stream.starts[Int(hit.start)],
                    end: workspace.stream.ends[Int(hit.end) - 1]))
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
        workspace.spanRanges = found
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
                spans.append(
                    Span(
                        rule: ids[range.rule], start: range.start, end: range.end,
                        text: slicer.slice(range.start, range.end)))
            }
            return spans
        }
    }
}
