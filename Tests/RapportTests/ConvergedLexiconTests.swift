import Foundation
import Testing
@testable import Rapport

/// `rapport lexicon --converged`: the lexicon solved to convergence by L-BFGS (``LexiconObjective``).
@Suite("Converged lexicon")
struct ConvergedLexiconTests {
    static func options(lambda: Double = 1, minWeight: Double = 0.05) -> LexiconTrainingOptions {
        var options = LexiconTrainingOptions()
        options.converged = true
        options.convergedL2 = lambda
        options.minWeight = minWeight
        return options
    }

    static func engine() throws -> Engine {
        try Engine(pack: try LexiconTests.load(["a.yaml": LexiconTests.rules]))
    }

    /// The minimiser on a function whose minimum is known: Rosenbrock's valley, at (1, 1).
    @Test func lbfgsFindsRosenbrocksMinimum() {
        let result = LBFGS(tolerance: 1e-8).minimize(from: [-1.2, 1]) { x, gradient in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            gradient[0] = -2 * a - 400 * x[0] * b
            gradient[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(result.converged)
        #expect(result.gradientNorm <= 1e-8)
        #expect(abs(result.point[0] - 1) < 1e-6 && abs(result.point[1] - 1) < 1e-6)
        #expect(result.iterations < 200)
    }

    /// The objective's gradient is its derivative: central differences agree at a point away from the
    /// start, on patterns with one allowed label and with several, and with the penalty.
    @Test func theObjectivesGradientMatchesFiniteDifferences() {
        let objective = LexiconObjective(
            features: [[0, 2], [1], [0, 1, 2], [], [2]],
            ruleScores: [[1, 0, 0], [0, 0.5, 0], [0, 0, 2], [0.25, 0.25, 0], [0, 0, 0]],
            allowed: [
                [true, false, false, false], [false, true, true, true], [false, false, true, false], [false, false, false, true], [true, true, false, false],
            ],
            weights: [1, 2, 0.5, 1.5, 1], termCount: 3, threshold: 1, lambda: 0.7)
        var random = SplitMix64(seed: 7)
        let point = (0..<objective.dimension).map { _ in Double(random.next() % 2001) / 1000 - 1 }
        var gradient = [Double](repeating: 0, count: objective.dimension)
        _ = objective.evaluate(point, &gradient)
        var scratch = gradient
        for i in point.indices {
            var up = point, down = point
            up[i] += 1e-6
            down[i] -= 1e-6
            let numeric = (objective.evaluate(up, &scratch) - objective.evaluate(down, &scratch)) / 2e-6
            #expect(abs(numeric - gradient[i]) < 1e-6, "variable \(i): \(numeric) against \(gradient[i])")
        }
    }

    @Test func theFitReachesAGradientNormBelowTheTolerance() throws {
        var options = Self.options()
        options.tolerance = 1e-7
        let fit = LexiconTrainer.fit(LexiconTests.examples(), engine: try Self.engine(), options: options)
        let solver = try #require(fit.solver)
        #expect(solver.converged)
        #expect(solver.gradientNorm <= 1e-7)
        #expect(solver.iterations > 1 && solver.iterations < options.maxIterations)
        // The online fit reports no solver.
        #expect(LexiconTrainer.fit(LexiconTests.examples(), engine: try Self.engine()).solver == nil)
    }

    @Test func theFitIsTheSameWhateverTheOrderOfTheExamples() throws {
        let engine = try Self.engine()
        let examples = LexiconTests.examples()
        let fit = LexiconTrainer.fit(examples, engine: engine, options: Self.options())
        var random = SplitMix64(seed: 3)
        for reordered in [Array(examples.reversed()), random.shuffled(examples)] {
            let again = LexiconTrainer.fit(reordered, engine: engine, options: Self.options())
            #expect(again.lexicon == fit.lexicon)
            #expect(again.scale.bitPattern == fit.scale.bitPattern)
            #expect(again.solver == fit.solver)
        }
        // The seed is not used.
        var seeded = Self.options()
        seeded.seed = 99
        #expect(LexiconTrainer.fit(examples, engine: engine, options: seeded).lexicon == fit.lexicon)
    }

    @Test func aTermSeenOnlyWithComplaintsGetsAPositiveComplaintWeight() throws {
        let engine = try Self.engine()
        let fit = LexiconTrainer.fit(LexiconTests.examples(), engine: engine, options: Self.options())
        let weights = Dictionary(uniqueKeysWithValues: fit.lexicon.terms.map { ($0.text, $0.weights) })
        // "refund" is only ever in comments people call a complaint; "lovely" in praise or "not complaint".
        let refund = try #require(weights["refund"])
        #expect((refund[.complaint] ?? 0) > 0.1)
        #expect((refund[.complaint] ?? 0) > max(refund[.question] ?? 0, refund[.praise] ?? 0))
        let lovely = try #require(weights["lovely"])
        #expect((lovely[.praise] ?? 0) > 0.1)
        #expect((lovely[.praise] ?? 0) > (lovely[.complaint] ?? 0))
        var pack = engine.pack
        pack.lexicon = fit.lexicon
        let fitted = try Engine(pack: pack)
        #expect(fitted.classify(Comment(text: "my refund")).label == .complaint)
        #expect(fitted.classify(Comment(text: "lovely")).label == .praise)
        #expect(fitted.classify(Comment(text: "a table")).label == .other)
    }

    @Test func aLargerPenaltyShrinksTheWeights() throws {
        let engine = try Self.engine()
        // In model units (the written weights times the scale), every weight kept.
        func size(_ lambda: Double) -> (total: Double, refund: Double) {
            let fit = LexiconTrainer.fit(LexiconTests.examples(), engine: engine, options: Self.options(lambda: lambda, minWeight: 0))
            let weights = fit.lexicon.terms.flatMap { $0.weights.values.map { $0 * fit.scale } }
            let refund = (fit.lexicon.terms.first { $0.text == "refund" }?.weights[.complaint] ?? 0) * fit.scale
            return (weights.reduce(0) { $0 + $1 * $1 }, refund)
        }
        let sizes = [0.1, 1, 10, 100].map(size)
        for (smaller, larger) in zip(sizes, sizes.dropFirst()) {
            #expect(larger.total < smaller.total)
            #expect(larger.refund < smaller.refund && larger.refund > 0)
        }
    }
}
