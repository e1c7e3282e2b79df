import Testing

@testable import Rapport

/// The decision's ranking of two or more eligible labels, made in a buffer on the stack
/// (`LabelDecision.rankEligible`), gives the label and secondary labels that the ranking in a growing
/// array gave (the reference below, as it was written before session 30).
@Suite struct LabelRankingTests {
    /// The label and secondary labels of the reference ranking: every eligible slot in turn inserted
    /// after the slots that rank before it (higher score, then lower rank on a tie).
    static func reference(_ scores: [Double], threshold: Double, slots: ScoreSlots) -> (Label, [Label]) {
        let tolerance = LabelDecision.tolerance
        func ranksBefore(_ lhs: Int, _ rhs: Int) -> Bool {
            if abs(scores[lhs] - scores[rhs]) > tolerance { return scores[lhs] > scores[rhs] }
            return slots.rank[lhs] < slots.rank[rhs]
        }
        var eligible: [Int] = []
        for slot in scores.indices where scores[slot] > 0 && scores[slot] >= threshold - tolerance {
            var at = eligible.count
            while at > 0, ranksBefore(slot, eligible[at - 1]) { at -= 1 }
            eligible.insert(slot, at: at)
        }
        guard let best = eligible.first else { return (.other, []) }
        return (slots.labels[best], eligible.dropFirst().map { slots.labels[$0] })
    }

    /// Random scores over three to eight slots, with ties, near-ties within the tolerance, scores at the
    /// threshold, zero and negative scores, and random precedences: the same label and secondary labels.
    @Test func rankingOnTheStackEqualsTheReference() {
        var random = SplitMix64(seed: 30)
        let values: [Double] = [-1, 0, 0.5, 1, 1 + 1e-10, 1.5, 2, 2 - 1e-10, 3]
        var ranked = 0
        for _ in 0..<20_000 {
            let width = 3 + random.next(below: 6)
            let labels = (0..<width).map { Label(rawValue: "l\($0)") }
            var shuffled = labels
            for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.next(below: index + 1)) }
            let precedence = Array(shuffled.prefix(random.next(below: width + 1)))
            let slots = ScoreSlots(labels: labels, precedence: precedence)
            let scores = (0..<width).map { _ in values[random.next(below: values.count)] }
            let threshold = [0.5, 1, 1.5, 2][random.next(below: 4)]
            let decision = LabelDecision(roundedScores: scores, threshold: threshold, slots: slots)
            let (label, secondary) = Self.reference(scores, threshold: threshold, slots: slots)
            #expect(decision.label == label, "\(scores) at \(threshold)")
            #expect(decision.secondary == secondary, "\(scores) at \(threshold)")
            if secondary.count > 0 { ranked += 1 }
        }
        #expect(ranked > 1_000, "many draws have two eligible labels or more")
    }
}
