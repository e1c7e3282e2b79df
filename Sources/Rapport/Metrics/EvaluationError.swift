/// A record the pack got wrong, with the rules that pulled it to the wrong label.
public struct EvaluationError: Sendable, Hashable, Codable {
    public var id: String
    public var line: Int
    public var text: String
    /// People's label, after mapping.
    public var expected: String
    /// The engine's label, after mapping.
    public var predicted: String
    /// The engine's score for its own (unmapped) label: how confident the wrong call was.
    public var score: Double
    /// Fired rules whose (mapped) label is the predicted label, highest weight first; empty when
    /// the record fell to `other` because nothing for its label fired.
    public var causes: [String]
    /// Every rule that fired, in pack order.
    public var fired: [String]
    /// Where the fired rules matched in ``text``.
    public var spans: [Span]

    public init(
        id: String, line: Int, text: String, expected: String, predicted: String, score: Double,
        causes: [String], fired: [String], spans: [Span] = []
    ) {
        self.id = id
        self.line = line
        self.text = text
        self.expected = expected
        self.predicted = predicted
        self.score = score
        self.causes = causes
        self.fired = fired
        self.spans = spans
    }

    /// The errors of `evaluated`, split into false positives (a non-`other` label predicted wrongly)
    /// and false negatives (a non-`other` label people gave, missed), each worst first: highest
    /// score of the wrong label, then input order.
    static func errors(in evaluated: [EvaluatedRecord], rules: [Rule], mapping: LabelMapping)
        -> (falsePositives: [EvaluationError], falseNegatives: [EvaluationError])
    {
        var ruleByID: [String: Rule] = [:]
        for rule in rules where ruleByID[rule.id] == nil { ruleByID[rule.id] = rule }
        var positives: [(Int, EvaluationError)] = [], negatives: [(Int, EvaluationError)] = []
        for (position, item) in evaluated.enumerated() {
            let gold = mapping.map(item.record.label)
            let predicted = mapping.map(item.verdict.label.rawValue)
            guard gold != predicted else { continue }
            let causes = item.verdict.rules
                .compactMap { ruleByID[$0] }
                // A rule labelled `other` offers replies only: it never causes a label.
                .filter { rule in rule.label.map { $0 != .other && mapping.map($0.rawValue) == predicted } ?? false }
                .enumerated()
                .sorted { a, b in a.element.weight != b.element.weight ? a.element.weight > b.element.weight : a.offset < b.offset }
                .map(\.element.id)
            let score = item.verdict.label == .other ? 0 : item.verdict.scores[item.verdict.label.rawValue] ?? 0
            let error = EvaluationError(
                id: item.record.id, line: item.record.line, text: item.record.text,
                expected: gold, predicted: predicted, score: score, causes: causes,
                fired: item.verdict.rules, spans: item.verdict.spans)
            if predicted != "other" { positives.append((position, error)) }
            if gold != "other" { negatives.append((position, error)) }
        }
        func worstFirst(_ items: [(Int, EvaluationError)]) -> [EvaluationError] {
            items.sorted { a, b in a.1.score != b.1.score ? a.1.score > b.1.score : a.0 < b.0 }.map(\.1)
        }
        return (worstFirst(positives), worstFirst(negatives))
    }
}
