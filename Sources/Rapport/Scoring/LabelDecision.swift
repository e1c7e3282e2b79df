import RapportSupport

/// The labels of a pack's score slots (``RulePack/scoredLabels``) and the rank of each on a tie:
/// its place in the precedence, or after every label listed there, in slot order.
struct ScoreSlots: Sendable, Hashable {
    /// The slots of the built-in labels: ``Label/scored`` (`complaint`, `question`, `praise`) takes the first ones.
    static let complaint = 0, question = 1, praise = 2

    /// The label of each slot.
    let labels: [Label]
    /// Per slot, its rank on a tie (lower comes first).
    let rank: [Int]

    init(labels: [Label], precedence: [Label]) {
        self.labels = labels
        rank = labels.indices.map { slot in precedence.firstIndex(of: labels[slot]) ?? (precedence.count + slot) }
    }

    /// The labels in the order ties go (lowest rank first).
    var tieOrder: [Label] { labels.indices.sorted { rank[$0] < rank[$1] }.map { labels[$0] } }
}

/// The label decided from per-label scores: the highest score at or above the pack's threshold
/// wins, ties are broken by the pack's precedence, and anything else is `other`.
///
/// `label` and `scores` are read by the inlinable accessors of ``Engine/Workspace`` the writers use.
@usableFromInline
struct LabelDecision: Sendable, Hashable {
    /// Scores are equal when they differ by less than this (sums of fractional weights).
    static let tolerance = 1e-9

    @usableFromInline var label: Label
    /// Scores in slot order (``ScoreSlots/labels``).
    @usableFromInline var scores: [Double]
    /// Other labels at or above the threshold, highest score first.
    var secondary: [Label]
    /// The threshold the scores were compared with.
    var threshold: Double

    /// Scores are rounded to this many decimals before they are compared (and shown): sums of weights
    /// with a few decimals each (a lexicon's) would otherwise print as `0.10300000000000001`.
    static let decimals = 1e6

    /// Decides a label. A label needs a positive score that is at least `threshold`; ties go to the
    /// lower rank of `slots`.
    init(scores: [Double], threshold: Double, slots: borrowing ScoreSlots) {
        var scores = scores
        Self.round(&scores)
        self.init(roundedScores: scores, threshold: threshold, slots: slots)
    }

    /// ``init(scores:threshold:slots:)`` for scores that ``round(_:)`` has rounded already: they are kept
    /// as they are (the engine's decision passes its scores' storage on, with no copy).
    init(roundedScores scores: [Double], threshold: Double, slots: borrowing ScoreSlots) {
        self.scores = scores
        self.threshold = threshold
        // Most comments have one eligible label or none: decided without building the list.
        var eligibleCount = 0, only = 0
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - Self.tolerance {
            eligibleCount += 1
            only = slot
        }
        if eligibleCount < 2 {
            label = eligibleCount == 0 ? .other : slots.labels[only]
            secondary = []
            return
        }
        // A few labels: an insertion sort in a buffer on the stack (no array grown per comment).
        let labels = slots.labels, rank = slots.rank
        // At least two are eligible (counted above), so there is a best and a secondary label.
        let (best, rest) = withUnsafeTemporaryAllocation(of: Int.self, capacity: scores.count) { eligible in
            let count = Self.rankEligible(scores, threshold: threshold, rank: rank, into: eligible)
            var secondary: [Label] = []
            secondary.reserveCapacity(count - 1)
            for index in 1..<count { secondary.append(labels[eligible[index]]) }
            return (labels[eligible[0]], secondary)
        }
        label = best
        secondary = rest
    }

    /// Writes the slots whose score is eligible (above 0 and at the threshold, within ``tolerance``) to
    /// `eligible`, best first (higher score, then lower rank on a tie), and returns how many there are:
    /// each slot in turn inserted after the ones that rank before it. `eligible` must have room for every slot.
    static func rankEligible(
        _ scores: [Double], threshold: Double, rank: [Int], into eligible: UnsafeMutableBufferPointer<Int>
    ) -> Int {
        var count = 0
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - tolerance {
            var at = count
            while at > 0, ranksBefore(slot, eligible[at - 1], scores: scores, rank: rank) {
                eligible[at] = eligible[at - 1]
                at -= 1
            }
            eligible[at] = slot
            count += 1
        }
        return count
    }

    /// Rounds `scores` to ``decimals`` in place, writing (and so copying a shared buffer) only where a
    /// value changes.
    static func round(_ scores: inout [Double]) {
        for slot in scores.indices {
            let rounded = rounded(scores[slot])
            if rounded != scores[slot] { scores[slot] = rounded }
        }
    }

    /// ``round(_:)-([Double])`` on a buffer of scores (the decision's, which it holds alone).
    static func round(_ scores: UnsafeMutableBufferPointer<Double>) {
        for slot in scores.indices { scores[slot] = rounded(scores[slot]) }
    }

    /// `score` rounded to ``decimals``.
    @inline(__always)
    private static func rounded(_ score: Double) -> Double {
        (score * decimals).rounded() / decimals
    }

    /// The slot of the label `init(scores:threshold:slots:)` would decide for scores already
    /// rounded (nil for `other`), without working out the rest (no allocation).
    static func winningSlot<Scores: RandomAccessCollection<Double>>(of scores: Scores, threshold: Double, slots: ScoreSlots) -> Int?
    where Scores.Index == Int {
        var best: Int?
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - tolerance {
            if let current = best, !ranksBefore(slot, current, scores: scores, rank: slots.rank) { continue }
            best = slot
        }
        return best
    }

    /// Whether score slot `lhs` comes before `rhs`: higher score, then lower rank.
    private static func ranksBefore<Scores: RandomAccessCollection<Double>>(_ lhs: Int, _ rhs: Int, scores: Scores, rank: [Int]) -> Bool
    where Scores.Index == Int {
        if abs(scores[lhs] - scores[rhs]) > tolerance { return scores[lhs] > scores[rhs] }
        return rank[lhs] < rank[rhs]
    }

    /// Why the label was chosen, in words, `labels` being the label of each score slot (worked out
    /// on demand: only explanations need it).
    func reason(labels: [Label]) -> String {
        guard label != .other, let best = labels.firstIndex(of: label) else {
            let top = scores.max() ?? 0
            return top > 0
                ? "no label reached the threshold \(NumberText.compact(threshold)) (highest score \(NumberText.compact(top)))"
                : "no rule added to a label's score"
        }
        let tied = secondary.filter { other in
            labels.firstIndex(of: other).map { abs(scores[$0] - scores[best]) <= Self.tolerance } ?? false
        }.map(\.rawValue)
        if tied.isEmpty {
            return "\(label.rawValue) has the highest score \(NumberText.compact(scores[best])) (threshold \(NumberText.compact(threshold)))"
        }
        return "\(label.rawValue) ties with \(tied.joined(separator: ", ")) at \(NumberText.compact(scores[best])) and comes first in the precedence"
    }

}
