internal import Foundation

/// L2-regularised logistic regression on binary features, fitted by cyclic coordinate descent (a Newton
/// step per coordinate), with coefficients kept non-negative unless asked otherwise.
///
/// The features are sparse: each row lists the features present (value 1). The intercept is free and
/// not regularised. The objective minimised is `Σ wᵢ · logloss(yᵢ, b + Σ βⱼ xᵢⱼ) + λ/2 · Σ βⱼ²`, with
/// `wᵢ` each example's weight (1 by default).
/// Non-negativity matches what a rule pack can express: a rule adds to its label's score, it never
/// takes away. The escalation model's terms may take away (``EscalationModelTrainer``).
struct LogisticRegression: Sendable, Hashable {
    var intercept: Double
    var coefficients: [Double]

    /// The fitted linear score of a row.
    func margin(_ row: [Int32]) -> Double {
        var z = intercept
        for feature in row { z += coefficients[Int(feature)] }
        return z
    }

    /// Fits the model.
    /// - Parameters:
    ///   - rows: per example, the indices (`0..<featureCount`) of the features present.
    ///   - targets: per example, whether it is positive.
    ///   - lambda: the L2 strength (larger shrinks coefficients harder).
    ///   - start: a model to start from (a fit at a nearby `lambda` converges faster).
    ///   - weights: per example, how much its loss counts (nil: 1 each).
    ///   - nonNegative: whether coefficients are kept at or above 0.
    static func fit(
        rows: [[Int32]], targets: [Bool], featureCount: Int, lambda: Double,
        start: LogisticRegression? = nil, maxEpochs: Int = 200, tolerance: Double = 1e-6,
        weights: [Double]? = nil, nonNegative: Bool = true
    ) -> LogisticRegression {
        precondition(rows.count == targets.count && (weights?.count ?? rows.count) == rows.count)
        // Examples with the same features are fitted as one pattern with counts: rule hits are sparse, so
        // thousands of comments make a few hundred patterns. Sorted, so sums run in the same order every time.
        var counts: [[Int32]: (positive: Double, negative: Double)] = [:]
        for (index, (row, target)) in zip(rows, targets).enumerated() {
            let key = row.sorted()
            let weight = weights?[index] ?? 1
            var count = counts[key] ?? (0, 0)
            if target { count.positive += weight } else { count.negative += weight }
            counts[key] = count
        }
        let patterns = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let positive = patterns.map { counts[$0]!.positive }, negative = patterns.map { counts[$0]!.negative }
        let total = zip(positive, negative).map { $0 + $1 }
        var columns = [[Int32]](repeating: [], count: featureCount)
        for (i, row) in patterns.enumerated() {
            for feature in row { columns[Int(feature)].append(Int32(i)) }
        }
        let positives = positive.reduce(0, +), n = total.reduce(0, +)
        var model =
            start
            ?? LogisticRegression(
                intercept: log((positives + 0.5) / (n - positives + 0.5)),
                coefficients: [Double](repeating: 0, count: featureCount))
        var margins = patterns.map { model.margin($0) }
        /// The largest change of one Newton step: keeps an early step from overshooting far.
        let maxStep = 4.0

        for _ in 0..<maxEpochs {
            var largest = 0.0
            // The intercept: a Newton step over every example.
            var gradient = 0.0, curvature = 0.0
            for i in patterns.indices {
                let p = sigmoid(margins[i])
                gradient += total[i] * p - positive[i]
                curvature += total[i] * p * (1 - p)
            }
            if curvature > 1e-12 {
                let step = max(-maxStep, min(maxStep, -gradient / curvature))
                model.intercept += step
                for i in patterns.indices { margins[i] += step }
                largest = max(largest, abs(step))
            }
            // Each coefficient: a Newton step over the examples it is present in, then (when asked) projected
            // onto β ≥ 0.
            for j in 0..<featureCount where !columns[j].isEmpty {
                var g = lambda * model.coefficients[j], h = lambda
                for i in columns[j] {
                    let p = sigmoid(margins[Int(i)])
                    g += total[Int(i)] * p - positive[Int(i)]
                    h += total[Int(i)] * p * (1 - p)
                }
                guard h > 1e-12 else { continue }
                let old = model.coefficients[j]
                let moved = old + max(-maxStep, min(maxStep, -g / h))
                let new = nonNegative ? max(0, moved) : moved
                let step = new - old
                if step == 0 { continue }
                model.coefficients[j] = new
                for i in columns[j] { margins[Int(i)] += step }
                largest = max(largest, abs(step))
            }
            if largest < tolerance { break }
        }
        return model
    }

    /// The mean log-loss of the model on `rows` (probabilities clamped away from 0 and 1).
    func logLoss(rows: [[Int32]], targets: [Bool]) -> Double {
        guard !rows.isEmpty else { return 0 }
        var total = 0.0
        for (row, target) in zip(rows, targets) {
            let p = min(1 - 1e-12, max(1e-12, Self.sigmoid(margin(row))))
            total -= target ? log(p) : log(1 - p)
        }
        return total / Double(rows.count)
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
