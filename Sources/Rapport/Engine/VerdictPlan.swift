/// What shaping a verdict needs from the pack, prepared once per engine: rule facts in flat arrays,
/// the compiled replies, and an all-zero `scores` dictionary that each verdict copies and fills in.
final class VerdictPlan: Sendable {
    let ruleIDs: [String]
    let ruleLabels: [Label?]
    let ruleWeights: [Double]
    /// Whether each rule raises a critical escalation.
    let ruleIsCritical: [Bool]
    /// The escalation level each rule raises, if any.
    let ruleEscalation: [EscalationLevel?]
    /// The layer of each rule (``Rule/layer``): replies of higher layers' rules are offered first.
    let ruleLayers: [Int]
    let replies: CompiledReplies
    /// Every scored label at 0.
    let zeroScores: [String: Double]
    /// The position of each label of `Label.scored` in `zeroScores` (valid in its copies too).
    let scoreIndices: [Dictionary<String, Double>.Index]

    init(pack: RulePack) {
        ruleIDs = pack.rules.map(\.id)
        ruleLabels = pack.rules.map(\.label)
        ruleWeights = pack.rules.map(\.weight)
        ruleIsCritical = pack.rules.map { $0.escalate?.level == .critical }
        ruleEscalation = pack.rules.map { $0.escalate?.level }
        ruleLayers = pack.rules.map(\.layer)
        replies = CompiledReplies(pack: pack)
        var scores = [String: Double](minimumCapacity: Label.scored.count)
        for label in Label.scored { scores[label.rawValue] = 0 }
        zeroScores = scores
        scoreIndices = Label.scored.map { scores.index(forKey: $0.rawValue)! }
    }

    /// The scores of a decision, keyed by label name.
    func scores(_ values: [Double]) -> [String: Double] {
        var scores = zeroScores
        for (slot, index) in scoreIndices.enumerated() { scores.values[index] = values[slot] }
        return scores
    }
}
