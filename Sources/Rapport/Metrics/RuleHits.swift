/// How often one rule fired on an evaluation set, and how often its label was right there
/// (the hit-frequency report rule authors tune with).
public struct RuleHits: Sendable, Hashable, Codable {
    public var rule: String
    /// The rule's label after mapping, or nil for a rule that only escalates.
    public var label: String?
    /// Records the rule fired on.
    public var hits: Int
    /// Of those, records people gave the rule's (mapped) label.
    public var correct: Int
    /// Of the hits, records whose final predicted label was wrong.
    public var inErrors: Int

    public init(rule: String, label: String?, hits: Int, correct: Int, inErrors: Int) {
        self.rule = rule
        self.label = label
        self.hits = hits
        self.correct = correct
        self.inErrors = inErrors
    }

    /// `correct / hits`: nil when the rule has no label or never fired.
    public var precision: Double? {
        label == nil || hits == 0 ? nil : Double(correct) / Double(hits)
    }

    enum CodingKeys: String, CodingKey { case rule, label, hits, correct, inErrors, precision }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        hits = try c.decode(Int.self, forKey: .hits)
        correct = try c.decode(Int.self, forKey: .correct)
        inErrors = try c.decode(Int.self, forKey: .inErrors)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encode(hits, forKey: .hits)
        try c.encode(correct, forKey: .correct)
        try c.encode(inErrors, forKey: .inErrors)
        try c.encodeIfPresent(precision, forKey: .precision)
    }

    /// One entry per rule of `rules`, in pack order.
    static func report(evaluated: [EvaluatedRecord], rules: [Rule], mapping: LabelMapping) -> [RuleHits] {
        var index: [String: Int] = [:]
        var result = rules.map { RuleHits(rule: $0.id, label: $0.label.map { mapping.map($0.rawValue) }, hits: 0, correct: 0, inErrors: 0) }
        for (i, rule) in rules.enumerated() where index[rule.id] == nil { index[rule.id] = i }
        for item in evaluated {
            let gold = mapping.map(item.record.label)
            let wrong = mapping.map(item.verdict.label.rawValue) != gold
            for id in Set(item.verdict.rules) {
                guard let i = index[id] else { continue }
                result[i].hits += 1
                if result[i].label == gold { result[i].correct += 1 }
                if wrong { result[i].inErrors += 1 }
            }
        }
        return result
    }
}
