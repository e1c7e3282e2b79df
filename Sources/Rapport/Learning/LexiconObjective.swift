internal import Foundation

/// The objective ``LexiconTrainer`` minimises with ``LexiconTrainingOptions/converged``: over the
/// comments, each comment's weight times minus the log of the probability of its allowed labels, plus
/// `λ/2 · Σ w²` over the term weights.
///
/// The model is the online fit's: `z[k] = scale · rules[k] + bias[k] + Σ w[term][k]` for the scored
/// labels, `z[other] = scale · threshold`, probabilities the softmax of `z`. A point is one vector:
/// the scale, then the bias per scored label, then each term's weights per scored label
/// (``parts(of:)``). Comments with the same terms, rule scores, allowed labels and weight are one
/// pattern counted as many times, and the patterns are summed in a sorted order, so the value and the
/// gradient do not depend on the order the comments came in, to the last bit.
///
/// The loss is convex in `z` for a comment with one allowed label; with several (a complaints-only set's
/// "anything but complaint") it is a difference of two log-sum-exps and need not be, so the solver finds
/// the minimum nearest its fixed start (all weights and biases 0, scale 1), the online fit's start.
struct LexiconObjective {
    /// Per pattern: the indices of its terms, ascending.
    let features: [[Int]]
    /// Per pattern: the rule score of each scored label.
    let ruleScores: [[Double]]
    /// Per pattern: whether each built-in label is allowed.
    let allowed: [[Bool]]
    /// Per pattern: its total weight (the comment's weight times how many comments share the pattern).
    let weights: [Double]
    let termCount: Int
    let threshold: Double
    let lambda: Double

    /// Scored labels per term.
    static let width = Label.scored.count
    /// Where the term weights start in a point: after the scale and the bias.
    static let termOffset = 1 + width

    /// Groups the comments into patterns and sorts them (see the type's discussion).
    init(
        features: [[Int]], ruleScores: [[Double]], allowed: [[Bool]], weights: [Double], termCount: Int, threshold: Double,
        lambda: Double
    ) {
        struct Pattern: Hashable {
            var features: [Int]
            var rules: [Double]
            var allowed: [Bool]
            var weight: Double
        }
        var counts: [Pattern: Int] = [:]
        for i in features.indices {
            counts[Pattern(features: features[i], rules: ruleScores[i], allowed: allowed[i], weight: weights[i]), default: 0] += 1
        }
        let sorted = counts.keys.sorted { a, b in
            if a.features != b.features { return a.features.lexicographicallyPrecedes(b.features) }
            if a.rules != b.rules { return a.rules.lexicographicallyPrecedes(b.rules) }
            if a.allowed != b.allowed { return a.allowed.map { $0 ? 1 : 0 }.lexicographicallyPrecedes(b.allowed.map { $0 ? 1 : 0 }) }
            return a.weight < b.weight
        }
        self.features = sorted.map(\.features)
        self.ruleScores = sorted.map(\.rules)
        self.allowed = sorted.map(\.allowed)
        self.weights = sorted.map { $0.weight * Double(counts[$0]!) }
        self.termCount = termCount
        self.threshold = threshold
        self.lambda = lambda
    }

    /// The number of variables.
    var dimension: Int { Self.termOffset + termCount * Self.width }

    /// The fixed start: scale 1, everything else 0.
    var start: [Double] {
        var point = [Double](repeating: 0, count: dimension)
        point[0] = 1
        return point
    }

    /// The scale, the bias and the term weights (term-major) of a point.
    func parts(of point: [Double]) -> (scale: Double, bias: [Double], weights: [Double]) {
        (point[0], Array(point[1..<Self.termOffset]), Array(point[Self.termOffset...]))
    }

    /// The objective at `point`; its gradient is written into `gradient`.
    func evaluate(_ point: [Double], _ gradient: inout [Double]) -> Double {
        let width = Self.width, offset = Self.termOffset
        for i in gradient.indices { gradient[i] = 0 }
        let scale = point[0]
        let slotOfLabel = Label.builtIn.map { label in Label.scored.firstIndex(of: label) }
        var z = [Double](repeating: 0, count: Label.builtIn.count)
        var dz = z
        var value = 0.0
        for pattern in features.indices {
            let terms = features[pattern], rules = ruleScores[pattern], allowed = self.allowed[pattern]
            for (labelIndex, slot) in slotOfLabel.enumerated() {
                guard let slot else { z[labelIndex] = scale * threshold; continue }
                var sum = scale * rules[slot] + point[1 + slot]
                for term in terms { sum += point[offset + term * width + slot] }
                z[labelIndex] = sum
            }
            // −log P(allowed) = logsumexp(z) − logsumexp(z over the allowed), each shifted by its own maximum.
            var top = -Double.infinity, allowedTop = -Double.infinity
            for i in z.indices {
                top = max(top, z[i])
                if allowed[i] { allowedTop = max(allowedTop, z[i]) }
            }
            guard allowedTop > -Double.infinity else { continue }
            var total = 0.0, allowedTotal = 0.0
            for i in z.indices {
                total += exp(z[i] - top)
                if allowed[i] { allowedTotal += exp(z[i] - allowedTop) }
            }
            let weight = weights[pattern]
            value += weight * ((top + log(total)) - (allowedTop + log(allowedTotal)))
            // d/dz[i] = p[i] − [i allowed] · p[i] / P(allowed)
            var scaleGradient = 0.0
            for i in z.indices {
                var g = exp(z[i] - top) / total
                if allowed[i] { g -= exp(z[i] - allowedTop) / allowedTotal }
                dz[i] = weight * g
            }
            for (labelIndex, slot) in slotOfLabel.enumerated() {
                let g = dz[labelIndex]
                guard let slot else { scaleGradient += g * threshold; continue }
                scaleGradient += g * rules[slot]
                gradient[1 + slot] += g
                for term in terms { gradient[offset + term * width + slot] += g }
            }
            gradient[0] += scaleGradient
        }
        var penalty = 0.0
        for i in offset..<point.count {
            penalty += point[i] * point[i]
            gradient[i] += lambda * point[i]
        }
        return value + lambda / 2 * penalty
    }
}
