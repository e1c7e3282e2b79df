/// What shaping a verdict needs from the pack, prepared once per engine: rule facts in flat arrays,
/// the compiled replies, and an all-zero `scores` dictionary that each verdict copies and fills in.
final class VerdictPlan: Sendable {
    let ruleIDs: [String]
    let ruleLabels: [Label?]
    /// The slot of each rule's label in ``CompiledReplies/labels`` (-1 for none): compared per comment
    /// instead of the labels' names.
    let ruleLabelSlots: [Int]
    let ruleWeights: [Double]
    /// Whether each rule raises a critical escalation.
    let ruleIsCritical: [Bool]
    /// The escalation level each rule raises, if any.
    let ruleEscalation: [EscalationLevel?]
    /// The layer of each rule (``Rule/layer``): replies of higher layers' rules are offered first.
    let ruleLayers: [Int]
    /// Whether each rule is a care rule: neither a label nor an escalation (a `reply`, a `route` or both). It
    /// scores nothing, and its replies come before those of the rules carrying the label, whatever the label.
    let ruleIsCare: [Bool]
    /// Whether each rule is a praise rule that `resolves` (``Rule/resolves``).
    let ruleResolves: [Bool]
    /// Per escalation route, the rule whose replies answer an escalation on that route that no fired rule
    /// raised (the learned escalation model's): of the rules that escalate on the route and have a reply
    /// that does not show `{match}`, the first of the highest layer.
    let routeReplyRules: [String: Int]
    /// Each rule's tags, sorted, and its `route`; `routes` is false when no rule has either.
    let ruleTags: [[String]]
    let ruleRoutes: [String?]
    let routes: Bool
    let replies: CompiledReplies
    /// Every scored label at 0.
    let zeroScores: [String: Double]
    /// The position of each label of ``RulePack/scoredLabels`` in `zeroScores` (valid in its copies too).
    let scoreIndices: [Dictionary<String, Double>.Index]
    /// The names of ``RulePack/scoredLabels``, in slot order (the order of a decision's scores).
    let scoredLabelNames: [String]

    init(pack: RulePack) {
        ruleIDs = pack.rules.map(\.id)
        ruleLabels = pack.rules.map(\.label)
        ruleWeights = pack.rules.map(\.weight)
        ruleIsCritical = pack.rules.map { $0.escalate?.level == .critical }
        ruleEscalation = pack.rules.map { $0.escalate?.level }
        ruleLayers = pack.rules.map(\.layer)
        ruleIsCare = pack.rules.map { $0.label == nil && $0.escalate == nil }
        ruleResolves = pack.rules.map(\.resolves)
        ruleTags = pack.rules.map { $0.tags.sorted() }
        ruleRoutes = pack.rules.map(\.route)
        routes = pack.rules.contains { !$0.tags.isEmpty || $0.route != nil }
        let replies = CompiledReplies(pack: pack)
        self.replies = replies
        var routeReplyRules: [String: Int] = [:]
        for (index, rule) in pack.rules.enumerated() {
            // Borrowed without a match, so a rule whose every reply shows `{match}` could offer nothing.
            guard let route = rule.escalate?.route, replies.lists[index].contains(where: { !$0.usesMatch }) else { continue }
            if let chosen = routeReplyRules[route], pack.rules[chosen].layer >= rule.layer { continue }
            routeReplyRules[route] = index
        }
        self.routeReplyRules = routeReplyRules
        ruleLabelSlots = pack.rules.map { rule in rule.label.map(replies.slot) ?? -1 }
        let labels = pack.scoredLabels
        scoredLabelNames = labels.map(\.rawValue)
        var scores = [String: Double](minimumCapacity: labels.count)
        for label in labels { scores[label.rawValue] = 0 }
        zeroScores = scores
        scoreIndices = labels.map { scores.index(forKey: $0.rawValue)! }
    }

    /// The scores of a decision, keyed by label name.
    func scores(_ values: [Double]) -> [String: Double] {
        var scores = zeroScores
        for (slot, index) in scoreIndices.enumerated() { scores.values[index] = values[slot] }
        return scores
    }

    /// The tags and the route of the fired rules `fired` (ascending) for a comment labelled `label`:
    /// every tag once, sorted; the route of a rule carrying `label` first, then of the highest layer,
    /// the highest weight, the first in pack order.
    func routing(_ fired: [Int], label: Label) -> (tags: [String]?, route: String?) {
        guard routes else { return (nil, nil) }
        var tags: [String] = []
        var best: Int?
        func key(_ rule: Int) -> (Int, Int, Double) { (ruleLabels[rule] == label ? 1 : 0, ruleLayers[rule], ruleWeights[rule]) }
        for rule in fired {
            tags += ruleTags[rule]
            guard ruleRoutes[rule] != nil else { continue }
            if let current = best, !(key(rule) > key(current)) { continue }
            best = rule
        }
        Engine.sortUnique(&tags)
        return (tags.isEmpty ? nil : tags, best.flatMap { ruleRoutes[$0] })
    }
}
