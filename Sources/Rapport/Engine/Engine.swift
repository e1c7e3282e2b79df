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
        let found = spanRanges(of: analysis)
        let spans = spans(found, text: analysis.text)
        var scores = [String: Double](minimumCapacity: Label.scored.count)
        for (slot, label) in Label.scored.enumerated() { scores[label.rawValue] = analysis.decision.scores[slot] }
        var rules: [String] = []
        rules.reserveCapacity(analysis.fired.count)
        for rule in analysis.fired { rules.append(pack.rules[rule].id) }
        return Verdict(id: comment.id, label: analysis.decision.label, scores: scores,
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
        for (index, hit) in analysis.hits.enumerated() where analysis.status[index] == .counted {
            let rule = Int(compiled.patternRule[Int(hit.pattern)])
            guard analysis.fired.contains(rule) else { continue }
            found.append(SpanRange(rule: rule, start: analysis.tokens[Int(hit.start)].start, end: analysis.tokens[Int(hit.end) - 1].end))
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
        let rules = pack.rules
        var text = text
        return text.withUTF8 { bytes in
            var slicer = ScalarSlicer(bytes)
            var spans: [Span] = []
            spans.reserveCapacity(found.count)
            for range in found {
                spans.append(Span(rule: rules[range.rule].id, start: range.start, end: range.end,
                                  text: slicer.slice(range.start, range.end)))
            }
            return spans
        }
    }

    /// Up to three suggestions: handoff replies for a critical escalation, else the replies of the
    /// fired rules carrying the decided label (highest weight first), then the label's default replies.
    /// `found` are the span ranges in the order of `spans`.
    func suggestions(for comment: Comment, analysis: Analysis, spans: [Span], found: [SpanRange]) -> [String] {
        let label = analysis.decision.label
        let rules = pack.rules
        let firstMatch: (Int) -> String? = { rule in
            for (index, range) in found.enumerated() where range.rule == rule {
                return spans[index].text
            }
            return nil
        }
        var groups: [ReplyGroup] = []
        if let escalation = analysis.escalation, escalation.level == .critical {
            let best = analysis.fired.first { rules[$0].escalate?.level == .critical }
            let match = best.flatMap(firstMatch)
            for route in escalation.routes ?? [escalation.route] {
                if let templates = pack.replies.handoffByRoute[route] { groups.append(ReplyGroup(templates: templates, match: match)) }
            }
            if groups.isEmpty { groups.append(ReplyGroup(templates: pack.replies.handoff, match: match)) }
        } else {
            var carrying: [Int] = []
            if label != .other {
                for rule in analysis.fired where rules[rule].label == label {
                    // Stable insertion by weight, highest first (pack order among equal weights).
                    var at = carrying.count
                    while at > 0, rules[carrying[at - 1]].weight < rules[rule].weight { at -= 1 }
                    carrying.insert(rule, at: at)
                }
            }
            for rule in carrying where !rules[rule].reply.isEmpty {
                groups.append(ReplyGroup(templates: rules[rule].reply, match: firstMatch(rule)))
            }
            if let defaults = pack.replies.byLabel[label] {
                groups.append(ReplyGroup(templates: defaults, match: carrying.first.flatMap(firstMatch)))
            }
        }
        if groups.isEmpty { return [] }
        let renderer = TemplateRenderer(fields: FieldLookup(comment: comment, label: label), brand: pack.settings.brand)
        return ReplyPicker.pick(groups: groups, hash: StableHash.of(comment), renderer: renderer)
    }
}
