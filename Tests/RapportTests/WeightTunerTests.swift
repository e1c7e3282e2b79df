import Foundation
import Testing
@testable import Rapport

/// `WeightTuner` (`rapport tune`): fitting rule weights on data whose true weights are known.
@Suite("Weight tuning")
struct WeightTunerTests {
    /// A synthetic pack: every rule weighs 1, so any rule alone makes a complaint.
    static let pack = """
        rapport: 1
        pack: {name: synthetic, threshold: 1}
        rules:
          - {id: complaint.alpha, label: complaint, match: alpha}
          - {id: complaint.bravo, label: complaint, match: bravo}
          - {id: complaint.charlie, label: complaint, match: charlie}
          - {id: complaint.delta, label: complaint, match: delta}
          - {id: praise.papa, label: praise, match: papa}
          - {id: complaint.rare, label: complaint, match: zulu}
        """

    /// The true model: alpha alone is a complaint, bravo and delta only together, charlie says nothing
    /// (weight 0); papa is praise unless alpha is there. 3 % of labels are flipped to other.
    static func truth(_ words: Set<String>) -> String {
        let score = (words.contains("alpha") ? 2 : 0) + (words.contains("bravo") ? 0.6 : 0) + (words.contains("delta") ? 0.6 : 0)
        if score >= 1 { return "complaint" }
        return words.contains("papa") ? "praise" : "other"
    }

    static func records(_ count: Int, seed: UInt64, noise: Bool = true) -> [LabelledRecord] {
        var generator = SplitMix64(seed: seed)
        let vocabulary = ["alpha", "bravo", "charlie", "delta", "papa"]
        return (0..<count).map { i in
            var words: [String] = ["the", "service"]
            for word in vocabulary where generator.next(below: 100) < 30 { words.append(word) }
            if i % 400 == 0 { words.append("zulu") }
            var label = truth(Set(words))
            if noise, generator.next(below: 100) < 3 { label = "other" }
            return LabelledRecord(id: String(i), line: i + 2, text: words.joined(separator: " "), label: label)
        }
    }

    static func engine() throws -> Engine {
        try Engine(pack: RulePack.load(files: [(name: "synthetic.yaml", text: pack)]))
    }

    static func weight(_ result: TuningResult, _ id: String) -> Double? {
        result.rules.first { $0.id == id }?.newWeight
    }

    @Test func itRecoversTheTrueDecisionAndZeroesTheUselessRule() throws {
        let engine = try Self.engine()
        let result = try WeightTuner.tune(engine, records: Self.records(1500, seed: 7), mapping: LabelMapping())
        #expect(result.tunedLabels == [.complaint, .praise])
        // Cross-validated on held-out folds: the tuned pack is much better than weights of 1.
        #expect(result.after.macroF1 > result.before.macroF1 + 0.1)
        let alpha = try #require(Self.weight(result, "complaint.alpha"))
        let bravo = try #require(Self.weight(result, "complaint.bravo"))
        let charlie = try #require(Self.weight(result, "complaint.charlie"))
        let delta = try #require(Self.weight(result, "complaint.delta"))
        #expect(charlie <= 0.25)
        #expect(alpha >= result.threshold)
        #expect(bravo < result.threshold && delta < result.threshold && bravo + delta >= result.threshold)
        #expect(alpha > bravo && alpha > delta && bravo > charlie && delta > charlie)
        // Alpha outweighs papa, so alpha and papa together stay a complaint.
        let papa = try #require(Self.weight(result, "praise.papa"))
        #expect(alpha > papa && papa >= result.threshold)
        // A rule under --min-hits keeps its weight and is not in the patch.
        let rare = try #require(result.rules.first { $0.id == "complaint.rare" })
        #expect(rare.kept == .fewHits && rare.newWeight == nil)
        #expect(!result.patch.weights.contains { $0.rule == "complaint.rare" })

        // On fresh data the layer, loaded as a file, decides like the truth and better than the untuned pack.
        let layer = result.layerYAML(source: "synthetic")
        let tuned = try Engine(pack: RulePack.load(files: [(name: "synthetic.yaml", text: Self.pack), (name: "tuned.yaml", text: layer)]))
        let fresh = Self.records(500, seed: 99, noise: false)
        func agreement(_ engine: Engine) -> Int {
            fresh.filter { engine.classify(Comment(text: $0.text)).label.rawValue == $0.label }.count
        }
        #expect(agreement(tuned) == fresh.count)
        #expect(agreement(engine) < fresh.count * 8 / 10)
    }

    @Test func theLayerIsTheSameBytesEveryTimeAndReadable() throws {
        let records = Self.records(600, seed: 3)
        let first = try WeightTuner.tune(Self.engine(), records: records, mapping: LabelMapping()).layerYAML(source: "synthetic.csv")
        let second = try WeightTuner.tune(Self.engine(), records: records, mapping: LabelMapping()).layerYAML(source: "synthetic.csv")
        #expect(first == second)
        let lines = first.split(separator: "\n").map(String.init)
        #expect(lines.contains("patch:") && lines.contains("  threshold: 1"))
        let alpha = try #require(lines.first { $0.hasPrefix("    complaint.alpha: {weight: ") })
        #expect(alpha.contains("hits, precision ") && alpha.hasSuffix(", was 1"))
        #expect(lines.contains { $0.hasPrefix("#   complaint.rare: ") })
        // Only numbers are set: no rule is restated.
        #expect(!first.contains("match"))
    }

    @Test func labelsTheDataDoesNotCompareKeepTheirWeights() throws {
        // Praise is mapped to other: its rule is not fitted, complaint rules are.
        let result = try WeightTuner.tune(Self.engine(), records: Self.records(600, seed: 5), mapping: LabelMapping(["praise": "other"]))
        #expect(result.tunedLabels == [.complaint])
        #expect(result.rules.first { $0.id == "praise.papa" }?.kept == .labelNotCompared)
        #expect(result.before.perLabel.map(\.label) == ["complaint", "other"])
    }

    /// Examples drawn from a logistic model with margin `intercept + Σ truth[j]·xⱼ`, each feature present half the time.
    static func logisticSample(intercept: Double, truth: [Double], count: Int, seed: UInt64) -> (rows: [[Int32]], targets: [Bool]) {
        var generator = SplitMix64(seed: seed)
        var rows: [[Int32]] = [], targets: [Bool] = []
        for _ in 0..<count {
            var row: [Int32] = [], margin = intercept
            for feature in truth.indices where generator.next(below: 2) == 0 {
                row.append(Int32(feature))
                margin += truth[feature]
            }
            rows.append(row)
            targets.append(Double(generator.next(below: 1_000_000)) / 1_000_000 < 1 / (1 + exp(-margin)))
        }
        return (rows, targets)
    }

    @Test func logisticRegressionFindsKnownCoefficients() {
        let (rows, targets) = Self.logisticSample(intercept: -1, truth: [2, 0, 1], count: 20_000, seed: 11)
        let model = LogisticRegression.fit(rows: rows, targets: targets, featureCount: 3, lambda: 1)
        #expect(abs(model.intercept + 1) < 0.1)
        #expect(abs(model.coefficients[0] - 2) < 0.15)
        #expect(model.coefficients[1] < 0.1)
        #expect(abs(model.coefficients[2] - 1) < 0.15)
        // Stronger regularisation shrinks.
        let shrunk = LogisticRegression.fit(rows: rows, targets: targets, featureCount: 3, lambda: 5000)
        #expect(shrunk.coefficients[0] < model.coefficients[0] - 0.3)
    }

    @Test func aFeatureAgainstTheLabelGetsZeroNotANegativeCoefficient() {
        let (rows, targets) = Self.logisticSample(intercept: 0, truth: [1.5, -2], count: 5_000, seed: 12)
        let model = LogisticRegression.fit(rows: rows, targets: targets, featureCount: 2, lambda: 1)
        #expect(model.coefficients[0] > 1)
        #expect(model.coefficients[1] == 0)
    }

    @Test func withoutTheBoundAFeatureAgainstTheLabelGetsItsNegativeCoefficient() {
        let (rows, targets) = Self.logisticSample(intercept: 0, truth: [1.5, -2], count: 20_000, seed: 12)
        let model = LogisticRegression.fit(rows: rows, targets: targets, featureCount: 2, lambda: 1, nonNegative: false)
        #expect(abs(model.coefficients[0] - 1.5) < 0.15)
        #expect(abs(model.coefficients[1] + 2) < 0.15)
    }

    /// An example of weight 2 counts as two copies of it: the same fit as the sample with the positives doubled.
    @Test func anExampleWeightCountsAsCopiesOfTheExample() {
        let (rows, targets) = Self.logisticSample(intercept: -1, truth: [1, -1], count: 3_000, seed: 13)
        let weighted = LogisticRegression.fit(
            rows: rows, targets: targets, featureCount: 2, lambda: 1, weights: targets.map { $0 ? 2 : 1 }, nonNegative: false)
        let doubledRows = rows + zip(rows, targets).filter(\.1).map(\.0)
        let doubledTargets = targets + targets.filter { $0 }
        let doubled = LogisticRegression.fit(rows: doubledRows, targets: doubledTargets, featureCount: 2, lambda: 1, nonNegative: false)
        #expect(abs(weighted.intercept - doubled.intercept) < 1e-6)
        #expect(zip(weighted.coefficients, doubled.coefficients).allSatisfy { abs($0 - $1) < 1e-6 })
        // And it moves the fit: positives weighing more raise the intercept.
        let plain = LogisticRegression.fit(rows: rows, targets: targets, featureCount: 2, lambda: 1, nonNegative: false)
        #expect(weighted.intercept > plain.intercept + 0.3)
    }

    @Test func stratifiedFoldsBalanceEveryClass() {
        let classes = (0..<103).map { $0 % 10 == 0 ? "rare" : "common" }
        let folds = StratifiedFolds.assign(classes, folds: 5, seed: 1)
        #expect(folds == StratifiedFolds.assign(classes, folds: 5, seed: 1))
        #expect(folds != StratifiedFolds.assign(classes, folds: 5, seed: 2))
        for fold in 0..<5 {
            let members = classes.indices.filter { folds[$0] == fold }
            #expect((20...21).contains(members.count))
            #expect((2...3).contains(members.filter { classes[$0] == "rare" }.count))
        }
    }
}
