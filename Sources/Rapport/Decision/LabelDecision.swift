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
    /// Why the label was chosen, in words.
    var reason: String

    /// Decides a label. A label needs a positive score that is at least `threshold`; labels missing
    /// from `precedence` rank after those listed, in `Label.scored` order.
    init(scores: [Double], threshold: Double, precedence: [Label]) {
        self.scores = scores
        let rank: (Label) -> Int = { label in
            precedence.firstIndex(of: label) ?? (precedence.count + (Label.scored.firstIndex(of: label) ?? 0))
        }
        let eligible = Label.scored.indices
            .filter { scores[$0] > 0 && scores[$0] >= threshold - Self.tolerance }
            .sorted { lhs, rhs in
                if abs(scores[lhs] - scores[rhs]) > Self.tolerance { return scores[lhs] > scores[rhs] }
                return rank(Label.scored[lhs]) < rank(Label.scored[rhs])
            }
        guard let best = eligible.first else {
            label = .other
            secondary = []
            let top = scores.max() ?? 0
            reason = top > 0
                ? "no label reached the threshold \(Self.format(threshold)) (highest score \(Self.format(top)))"
                : "no rule with a label fired"
            return
        }
        label = Label.scored[best]
        secondary = eligible.dropFirst().map { Label.scored[$0] }
        let tied = eligible.dropFirst().filter { abs(scores[$0] - scores[best]) <= Self.tolerance }.map { Label.scored[$0].rawValue }
        if tied.isEmpty {
            reason = "\(label.rawValue) has the highest score \(Self.format(scores[best])) (threshold \(Self.format(threshold)))"
        } else {
            reason = "\(label.rawValue) ties with \(tied.joined(separator: ", ")) at \(Self.format(scores[best])) and comes first in the precedence"
        }
    }

    /// A score as JSON would print it: integral values without a decimal point.
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
