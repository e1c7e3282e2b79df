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

        public init(maxScalars: Int = 100_000) {
            self.maxScalars = max(1, maxScalars)
        }
    }

    /// The pack this engine was compiled from.
    public let pack: RulePack
    /// The options the engine was created with.
    public let options: Options
    /// Warnings found while compiling (for example list entries that have no tokens).
    public let warnings: [Diagnostic]
    let compiled: CompiledPack

    /// Compiles `pack` into one matcher. Throws the diagnostics of anything that cannot compile.
    public init(pack: RulePack) throws(RulePackError) {
        try self.init(pack: pack, options: Options())
    }

    /// Compiles `pack` with `options`. Throws the diagnostics of anything that cannot compile
    /// (undefined lists, patterns that match no token, bad gaps, duplicate rule ids).
    public init(pack: RulePack, options: Options) throws(RulePackError) {
        let (compiled, warnings) = try CompiledPack.compile(pack)
        self.pack = pack
        self.options = options
        self.compiled = compiled
        self.warnings = warnings
    }

    /// Classifies one comment.
    public func classify(_ comment: Comment) -> Verdict {
        verdict(for: comment, analysis: analyze(comment))
    }

    func verdict(for comment: Comment, analysis: Analysis) -> Verdict {
        let spans = spans(of: analysis)
        var scores: [String: Double] = [:]
        for (slot, label) in Label.scored.enumerated() { scores[label.rawValue] = analysis.decision.scores[slot] }
        return Verdict(id: comment.id, label: analysis.decision.label, scores: scores,
                       rules: analysis.fired.map { pack.rules[$0].id }, escalation: analysis.escalation,
                       suggestions: suggestions(for: comment, analysis: analysis, spans: spans), spans: spans,
                       truncated: analysis.truncated ? true : nil)
    }

    /// The spans of the counted `match` hits of the fired rules, by start, longest first, then pack order.
    func spans(of analysis: Analysis) -> [Span] {
        var found: [(rule: Int, start: Int, end: Int)] = []
        for (index, hit) in analysis.hits.enumerated() where analysis.status[index] == .counted {
            let rule = Int(compiled.patternRule[Int(hit.pattern)])
            guard analysis.fired.contains(rule) else { continue }
            found.append((rule, analysis.tokens[Int(hit.start)].start, analysis.tokens[Int(hit.end) - 1].end))
        }
        found.sort { ($0.start, -$0.end, $0.rule) < ($1.start, -$1.end, $1.rule) }
        var unique: [(rule: Int, start: Int, end: Int)] = []
        for span in found where !(unique.last.map { $0 == span } ?? false) { unique.append(span) }
        let texts = ScalarSlicer.slices(of: analysis.text, ranges: unique.map { ($0.start, $0.end) })
        return zip(unique, texts).map { Span(rule: pack.rules[$0.rule].id, start: $0.start, end: $0.end, text: $1) }
    }

    /// Up to three suggestions: handoff replies for a critical escalation, else the replies of the
    /// fired rules carrying the decided label (highest weight first), then the label's default replies.
    func suggestions(for comment: Comment, analysis: Analysis, spans: [Span]) -> [String] {
        let label = analysis.decision.label
        let renderer = TemplateRenderer(fields: FieldLookup(comment: comment, label: label), brand: pack.settings.brand)
        let firstMatch: (Int) -> String? = { rule in spans.first { $0.rule == self.pack.rules[rule].id }?.text }
        var groups: [(templates: [Template], match: String?)] = []
        if let escalation = analysis.escalation, escalation.level == .critical {
            let best = analysis.fired.first { pack.rules[$0].escalate?.level == .critical }
            let match = best.flatMap(firstMatch)
            for route in escalation.routes ?? [escalation.route] {
                if let templates = pack.replies.handoffByRoute[route] { groups.append((templates, match)) }
            }
            if groups.isEmpty { groups.append((pack.replies.handoff, match)) }
        } else {
            let carrying = analysis.fired
                .filter { pack.rules[$0].label == label && label != .other }
                .sorted { pack.rules[$0].weight != pack.rules[$1].weight ? pack.rules[$0].weight > pack.rules[$1].weight : $0 < $1 }
            for rule in carrying where !pack.rules[rule].reply.isEmpty {
                groups.append((pack.rules[rule].reply, firstMatch(rule)))
            }
            if let defaults = pack.replies.byLabel[label] {
                groups.append((defaults, carrying.first.flatMap(firstMatch)))
            }
        }
        return ReplyPicker.pick(groups: groups, hash: StableHash.of(comment), renderer: renderer)
    }
}
