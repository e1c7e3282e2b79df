import RapportSupport

/// The label decided from per-label scores: the highest score at or above the pack's threshold
/// wins, ties are broken by the pack's precedence, and anything else is `other`.
struct LabelDecision: Sendable, Hashable {
    /// Scores are equal when they differ by less than this (sums of fractional weights).
    static let tolerance = 1e-9

    var label: Label
    /// Scores in `Label.scored` order.
    var scores: [Double]
    /// Other labels at or above the threshold, highest score first.
    var secondary: [Label]
    /// The threshold the scores were compared with.
    var threshold: Double

    /// Decides a label. A label needs a positive score that is at least `threshold`; labels missing
    /// from `precedence` rank after those listed, in `Label.scored` order.
    /// Scores are rounded to this many decimals before they are compared (and shown): sums of weights
    /// with a few decimals each (a lexicon's) would otherwise print as `0.10300000000000001`.
    static let decimals = 1e6

    init(scores: [Double], threshold: Double, precedence: [Label]) {
        var scores = scores
        Self.round(&scores)
        self.scores = scores
        self.threshold = threshold
        // Label.scored has three labels: a fixed-size insertion sort, no closures or allocation.
        var eligible: [Int] = []
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - Self.tolerance {
            var at = eligible.count
            while at > 0, Self.ranksBefore(slot, eligible[at - 1], scores: scores, precedence: precedence) { at -= 1 }
            eligible.insert(slot, at: at)
        }
        guard let best = eligible.first else {
            label = .other
            secondary = []
            return
        }
        label = Label.scored[best]
        secondary = eligible.dropFirst().map { Label.scored[$0] }
    }

    /// Rounds `scores` to ``decimals`` in place, writing (and so copying a shared buffer) only where a
    /// value changes.
    static func round(_ scores: inout [Double]) {
        for slot in scores.indices {
            let rounded = (scores[slot] * decimals).rounded() / decimals
            if rounded != scores[slot] { scores[slot] = rounded }
        }
    }

    /// The label `init(scores:threshold:precedence:)` would decide for scores already rounded, without
    /// working out the rest (no allocation).
    static func winner(of scores: [Double], threshold: Double, precedence: [Label]) -> Label {
        var best: Int?
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - tolerance {
            if let current = best, !ranksBefore(slot, current, scores: scores, precedence: precedence) { continue }
            best = slot
        }
        return best.map { Label.scored[$0] } ?? .other
    }

    /// Whether score slot `lhs` comes before `rhs`: higher score, then earlier in the precedence.
    private static func ranksBefore(_ lhs: Int, _ rhs: Int, scores: [Double], precedence: [Label]) -> Bool {
        if abs(scores[lhs] - scores[rhs]) > tolerance { return scores[lhs] > scores[rhs] }
        return rank(Label.scored[lhs], precedence) < rank(Label.scored[rhs], precedence)
    }

    private static func rank(_ label: Label, _ precedence: [Label]) -> Int {
        precedence.firstIndex(of: label) ?? (precedence.count + (Label.scored.firstIndex(of: label) ?? 0))
    }

    /// Why the label was chosen, in words (worked out on demand: only explanations need it).
    var reason: String {
        guard label != .other, let best = Label.scored.firstIndex(of: label) else {
            let top = scores.max() ?? 0
            return top > 0
                ? "no label reached the threshold \(NumberText.compact(threshold)) (highest score \(NumberText.compact(top)))"
                : "no rule with a label fired"
        }
        let tied = secondary.filter { other in
            Label.scored.firstIndex(of: other).map { abs(scores[$0] - scores[best]) <= Self.tolerance } ?? false
        }.map(\.rawValue)
        if tied.isEmpty {
            return "\(label.rawValue) has the highest score \(NumberText.compact(scores[best])) (threshold \(NumberText.compact(threshold)))"
        }
        return "\(label.rawValue) ties with \(tied.joined(separator: ", ")) at \(NumberText.compact(scores[best])) and comes first in the precedence"
    }

}
