/// The rules each labelled record fires, as classification counts them (negation and `unless`
/// applied), restricted to the rules that make scores: rules with a label and without `when`.
///
/// Which rules fire does not depend on weights or the threshold, so the features are worked out once
/// and every weighting of the pack is evaluated on them with the engine's own decision
/// (``LabelDecision``): exactly what the engine would decide with those weights.
struct ScoringFeatures: Sendable {
    /// Per record, the pack indices of its fired scoring rules, ascending.
    var fired: [[Int32]]
    /// Per pack rule, its score slot in `Label.scored`, or -1 for a rule that never adds to a score
    /// (rules of a pack's own labels are left out: tuning fits the built-in labels).
    var slot: [Int]

    init(engine: Engine, texts: [String]) {
        let compiled = engine.compiled
        let slot = engine.pack.rules.indices.map {
            compiled.ruleHasCondition[$0] || Int(compiled.ruleScoreSlot[$0]) >= Label.scored.count ? -1 : Int(compiled.ruleScoreSlot[$0])
        }
        var fired: [[Int32]] = []
        fired.reserveCapacity(texts.count)
        var workspace = Engine.Workspace()
        for text in texts {
            engine.analyze(Comment(text: text), keepTokens: false, in: &workspace)
            fired.append(workspace.scoring.filter { slot[$0] >= 0 }.map { Int32($0) })
        }
        self.fired = fired
        self.slot = slot
    }

    /// The engine's label for a comment that fired `rules` when rules weigh `weights` (indexed like the pack's rules).
    func decide(_ rules: [Int32], weights: [Double], threshold: Double, precedence: [Label]) -> Label {
        if rules.isEmpty { return .other }
        var scores = [Double](repeating: 0, count: Label.scored.count)
        for rule in rules { scores[slot[Int(rule)]] += weights[Int(rule)] }
        return LabelDecision(scores: scores, threshold: threshold, slots: ScoreSlots(labels: Label.scored, precedence: precedence)).label
    }
}
