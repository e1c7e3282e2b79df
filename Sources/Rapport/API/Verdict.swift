/// What Rapport decided about one comment.
///
/// `Codable` with the member names as keys (`tags`, `route`, `escalation` and `truncated` left out when nil), for
/// documents that embed a verdict (`rapport explain --format json`). The bytes `rapport classify`
/// writes, with their fixed key order, come from RapportIO's `VerdictWriter`, the one verdict writer.
public struct Verdict: Sendable, Hashable, Codable {
    public var id: String
    public var label: Label
    /// Score per scored label (complaint, question, praise, then the pack's own labels).
    public var scores: [String: Double]
    /// Ids of the rules that fired, in pack order.
    public var rules: [String]
    /// The tags of the fired rules, sorted, without repeats; nil when none has tags.
    public var tags: [String]?
    /// The `route` of the fired rules that route without escalating, if any fired: of those, a rule
    /// carrying the decided label first, then the highest layer, the highest weight, pack order.
    public var route: String?
    public var escalation: EscalationSummary?
    public var suggestions: [String]
    public var spans: [Span]
    /// True when only the first part of an over-long comment was classified (`comment-scalars`), or
    /// matching it stopped at the step budget (`match-steps`) and it was decided on the hits found by then.
    public var truncated: Bool?

    public init(
        id: String, label: Label, scores: [String: Double], rules: [String], escalation: EscalationSummary?,
        suggestions: [String], spans: [Span], truncated: Bool? = nil, tags: [String]? = nil, route: String? = nil
    ) {
        self.tags = tags
        self.route = route
        self.id = id
        self.label = label
        self.scores = scores
        self.rules = rules
        self.escalation = escalation
        self.suggestions = suggestions
        self.spans = spans
        self.truncated = truncated
    }
}

/// The escalation raised for a comment: the highest level, all routes and reasons.
public struct EscalationSummary: Sendable, Hashable, Codable {
    public var level: EscalationLevel
    /// The route of the highest-level escalation.
    public var route: String
    /// Every route raised, highest level first (without duplicates).
    public var routes: [String]?
    public var reasons: [String]

    public init(level: EscalationLevel, route: String, routes: [String]? = nil, reasons: [String]) {
        self.level = level
        self.route = route
        self.routes = routes
        self.reasons = reasons
    }
}

/// Where a rule matched, in Unicode-scalar offsets of the original text.
public struct Span: Sendable, Hashable, Codable {
    public var rule: String
    public var start: Int
    public var end: Int
    /// The matched original text.
    public var text: String

    public init(rule: String, start: Int, end: Int, text: String) {
        self.rule = rule
        self.start = start
        self.end = end
        self.text = text
    }
}
