internal import Foundation

/// How ``WeightTuner`` fits a pack.
public struct TuningOptions: Sendable, Hashable {
    /// Folds of the stratified cross-validation: for the reported figures and, within each training
    /// part, for choosing the regularisation strength. At least 2.
    public var folds: Int
    /// A rule that fires on fewer training records than this keeps its weight.
    public var minHits: Int
    /// Seeds the fold assignment: the same seed, data and pack give the same result.
    public var seed: UInt64
    /// The L2 strengths tried (the one with the lowest held-out log-loss is used).
    public var lambdas: [Double]
    /// Weights are rounded to a multiple of this.
    public var weightStep: Double
    /// Weights are bounded to `0...maxWeight`.
    public var maxWeight: Double

    public init(
        folds: Int = 5, minHits: Int = 5, seed: UInt64 = 12, lambdas: [Double] = [0.1, 0.3, 1, 3, 10, 30, 100],
        weightStep: Double = 0.25, maxWeight: Double = 5
    ) {
        self.folds = folds
        self.minHits = minHits
        self.seed = seed
        self.lambdas = lambdas
        self.weightStep = weightStep
        self.maxWeight = maxWeight
    }
}

/// One scoring rule of a tuned pack: how it did on the data and the weight it gets.
public struct TunedRule: Sendable, Hashable {
    /// Why a rule keeps its weight.
    public enum Kept: String, Sendable, Hashable {
        /// It fired on fewer records than ``TuningOptions/minHits``.
        case fewHits
        /// Its label is not one of the compared labels of the data (`--labels`, `--map`).
        case labelNotCompared
    }

    public var id: String
    public var label: Label
    /// Records of the data it fired on (as a scoring rule: negation and `unless` applied).
    public var hits: Int
    /// Of those, records people gave the rule's label.
    public var correct: Int
    public var oldWeight: Double
    /// The fitted weight, or nil when the rule keeps ``oldWeight``.
    public var newWeight: Double?
    /// Why the weight is kept, when it is.
    public var kept: Kept?

    /// `correct / hits`, nil when the rule never fired.
    public var precision: Double? { hits == 0 ? nil : Double(correct) / Double(hits) }
}

/// Per-label and macro figures of predictions pooled over the held-out folds of a cross-validation.
public struct CrossValidatedScores: Sendable, Hashable {
    /// The compared labels, in report order (as `rapport eval` shows them).
    public var perLabel: [LabelMetrics]
    public var macroF1: Double
    public var accuracy: Double

    init(_ report: EvaluationReport) {
        perLabel = report.perLabel
        macroF1 = report.macroF1
        accuracy = report.accuracy
    }
}

/// What ``WeightTuner/tune(_:records:mapping:options:)`` learnt and how well it carries to unseen data.
public struct TuningResult: Sendable {
    /// The records the pack was tuned on.
    public var records: Int
    /// The options used.
    public var options: TuningOptions
    /// The engine labels whose rules were fitted: those compared as themselves in the data.
    public var tunedLabels: [Label]
    /// The pack as it is, scored on each held-out fold (the same figures as `rapport eval`: the pack
    /// does not change between folds).
    public var before: CrossValidatedScores
    /// The pack with the weights fitted on the other folds, scored on each held-out fold by the engine.
    public var after: CrossValidatedScores
    /// Every scoring rule of the pack, in pack order, with its figures on all the data and the weight
    /// fitted on all of it.
    public var rules: [TunedRule]
    /// The threshold the weights are fitted for (the pack's own).
    public var threshold: Double
    /// The L2 strength chosen for each tuned label on all the data.
    public var lambdas: [Label: Double]

    /// The layer's content as a patch: the threshold, and the weight of every rule that was fitted.
    public var patch: PackPatch {
        PackPatch(threshold: threshold, weights: rules.compactMap { rule in rule.newWeight.map { (rule.id, $0) } })
    }
}

/// Fits a pack's rule weights to labelled data, so that the pack's own decision (sums of fired
/// rules' weights against the threshold, precedence between labels) agrees with people's labels.
///
/// For each compared label a non-negative L2 logistic regression is fitted on which of its rules
/// fired (the strength chosen by stratified cross-validation); its coefficients, scaled so that the
/// model's decision boundary falls on the pack's threshold, become weights rounded to
/// ``TuningOptions/weightStep`` and bounded to `0...maxWeight`. A calibration step then scales each
/// label's weights by the factor (from a grid) that gives the best macro-F1 of the engine's real
/// decision on the training data, and moves single weights along the weight grid where that clearly
/// helps there too. The reported figures come from held-out folds only: tuned on
/// k-1 folds, scored by an engine compiled with those weights on the remaining fold.
public enum WeightTuner {
    /// Tunes `engine`'s pack on `records`, comparing labels after `mapping` (as `rapport eval` does).
    /// Throws only if a tuned pack does not compile, which would be a bug.
    public static func tune(
        _ engine: Engine, records: [LabelledRecord], mapping: LabelMapping,
        options: TuningOptions = TuningOptions()
    ) throws(RulePackError) -> TuningResult {
        precondition(options.folds >= 2, "cross-validation needs at least 2 folds")
        let problem = TuningProblem(engine: engine, records: records, mapping: mapping, options: options)
        let comments = records.map { Comment(id: $0.id, text: $0.text) }
        let baseline = comments.map(engine.classify)
        var heldOut = baseline
        let folds = StratifiedFolds.assign(problem.gold, folds: options.folds, seed: options.seed)
        for fold in 0..<options.folds {
            let train = folds.indices.filter { folds[$0] != fold }
            let fit = problem.fit(train)
            let tuned = try Engine(pack: engine.pack.applying(problem.patch(fit.weights)), options: engine.options)
            for index in folds.indices where folds[index] == fold { heldOut[index] = tuned.classify(comments[index]) }
        }
        func scores(_ verdicts: [Verdict]) -> CrossValidatedScores {
            let evaluated = zip(records, verdicts).map { EvaluatedRecord(record: $0, verdict: $1) }
            return CrossValidatedScores(EvaluationReport(evaluated: evaluated, rules: engine.pack.rules, mapping: mapping, top: 0))
        }
        let final = problem.fit(Array(records.indices))
        return TuningResult(
            records: records.count, options: options, tunedLabels: problem.tunedLabels,
            before: scores(baseline), after: scores(heldOut), rules: problem.report(final),
            threshold: problem.threshold, lambdas: final.lambdas)
    }
}

/// The data of one tuning run in the shape the fitting works on: label codes and fired rules.
struct TuningProblem {
    struct Fit {
        /// A weight for every rule of the pack (the old one where nothing was fitted).
        var weights: [Double]
        /// Whether each rule's weight was fitted.
        var fitted: [Bool]
        var lambdas: [Label: Double]
    }

    let pack: RulePack
    let features: ScoringFeatures
    let options: TuningOptions
    let threshold: Double
    let precedence: [Label]
    /// Per record, the code of people's label after mapping.
    let gold: [Int]
    /// Number of label codes.
    let codeCount: Int
    /// The code each engine label is compared as (indexed like `Label.builtIn`).
    let engineCode: [Int]
    /// Per score slot, the gold code its rules are fitted to predict, or nil when the slot is not tuned.
    let target: [Int?]

    init(engine: Engine, records: [LabelledRecord], mapping: LabelMapping, options: TuningOptions) {
        pack = engine.pack
        features = ScoringFeatures(engine: engine, texts: records.map(\.text))
        self.options = options
        threshold = pack.settings.threshold
        precedence = pack.settings.precedence
        let goldNames = records.map { mapping.map($0.label) }
        let engineNames = Label.builtIn.map { mapping.map($0.rawValue) }
        let names = Set(goldNames).union(engineNames).sorted()
        var code: [String: Int] = [:]
        for (i, name) in names.enumerated() { code[name] = i }
        gold = goldNames.map { code[$0]! }
        codeCount = names.count
        engineCode = engineNames.map { code[$0]! }
        let present = Set(goldNames)
        target = Label.scored.map { label in
            let name = mapping.map(label.rawValue)
            return name != "other" && present.contains(name) ? code[name] : nil
        }
    }

    var tunedLabels: [Label] { Label.scored.indices.filter { target[$0] != nil }.map { Label.scored[$0] } }

    /// The patch that gives the pack `weights` (only rules whose weight differs are named).
    func patch(_ weights: [Double]) -> PackPatch {
        PackPatch(
            threshold: threshold,
            weights: pack.rules.indices.compactMap { i in
                weights[i] == pack.rules[i].weight ? nil : (pack.rules[i].id, weights[i])
            })
    }

    /// Fits weights on the records `train`.
    func fit(_ train: [Int]) -> Fit {
        let ruleCount = pack.rules.count
        var hits = [Int](repeating: 0, count: ruleCount)
        for record in train { for rule in features.fired[record] { hits[Int(rule)] += 1 } }
        var weights = pack.rules.map(\.weight)
        var fitted = [Bool](repeating: false, count: ruleCount)
        var raw = weights
        var lambdas: [Label: Double] = [:]
        for slot in Label.scored.indices {
            guard let goal = target[slot] else { continue }
            let rules = (0..<ruleCount).filter { features.slot[$0] == slot && hits[$0] >= options.minHits }
            guard !rules.isEmpty else { continue }
            var local = [Int32](repeating: -1, count: ruleCount)
            for (i, rule) in rules.enumerated() { local[rule] = Int32(i) }
            let rows = train.map { record in features.fired[record].compactMap { local[Int($0)] >= 0 ? local[Int($0)] : nil } }
            let targets = train.map { gold[$0] == goal }
            let lambda = chooseLambda(rows: rows, targets: targets, featureCount: rules.count, seed: options.seed &+ UInt64(slot + 1))
            lambdas[Label.scored[slot]] = lambda
            let model = LogisticRegression.fit(rows: rows, targets: targets, featureCount: rules.count, lambda: lambda)
            // Scale so that the model's boundary (margin 0) falls on the threshold: Σβ ≥ -b ⇔ Σw ≥ threshold.
            let largest = model.coefficients.max() ?? 0
            let scale = threshold / max(-model.intercept, 0.1 * largest, 1e-9)
            for (i, rule) in rules.enumerated() {
                raw[rule] = model.coefficients[i] * scale
                fitted[rule] = true
            }
        }
        calibrate(&weights, raw: raw, fitted: fitted, train: train)
        return Fit(weights: weights, fitted: fitted, lambdas: lambdas)
    }

    /// The L2 strength of `options.lambdas` with the lowest held-out log-loss over stratified inner folds
    /// (ties go to the stronger one). Each fold fits from the strongest to the weakest, warm-started.
    func chooseLambda(rows: [[Int32]], targets: [Bool], featureCount: Int, seed: UInt64) -> Double {
        let lambdas = options.lambdas.sorted(by: >)
        guard lambdas.count > 1 else { return lambdas.first ?? 1 }
        let folds = StratifiedFolds.assign(targets.map { $0 ? 1 : 0 }, folds: options.folds, seed: seed)
        var loss = [Double](repeating: 0, count: lambdas.count)
        for fold in 0..<options.folds {
            let inTrain = folds.indices.filter { folds[$0] != fold }, inTest = folds.indices.filter { folds[$0] == fold }
            guard !inTest.isEmpty, !inTrain.isEmpty else { continue }
            let trainRows = inTrain.map { rows[$0] }, trainTargets = inTrain.map { targets[$0] }
            let testRows = inTest.map { rows[$0] }, testTargets = inTest.map { targets[$0] }
            var model: LogisticRegression?
            for (i, lambda) in lambdas.enumerated() {
                let fitted = LogisticRegression.fit(rows: trainRows, targets: trainTargets, featureCount: featureCount, lambda: lambda, start: model)
                loss[i] += fitted.logLoss(rows: testRows, targets: testTargets) * Double(inTest.count)
                model = fitted
            }
        }
        var best = 0
        for i in loss.indices where loss[i] < loss[best] - 1e-12 { best = i }
        return lambdas[best]
    }

    /// Records that fired the same rules, with how many of them people gave each label code: the
    /// engine decides once per group. Sorted by rules, so sums run in the same order every time.
    struct Group {
        var rules: [Int32]
        var counts: [Int]
    }

    func groups(_ records: [Int]) -> [Group] {
        var byRules: [[Int32]: [Int]] = [:]
        for record in records {
            byRules[features.fired[record], default: [Int](repeating: 0, count: codeCount)][gold[record]] += 1
        }
        return byRules.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { Group(rules: $0, counts: byRules[$0]!) }
    }

    /// Sets the fitted rules' weights from `raw`, for the best macro-F1 of the engine's decision on
    /// `train`: first a factor per label from a grid (the logistic scale is only a starting point), then
    /// each rule's weight from the grid of weights, one rule at a time (two rounds of each). A change must
    /// improve the training macro-F1 by more than about half a record's worth (a single rule's weight:
    /// three records' worth) to be kept, so noise does not move weights.
    func calibrate(_ weights: inout [Double], raw: [Double], fitted: [Bool], train: [Int]) {
        let groups = groups(train)
        let tuned = weights.indices.filter { fitted[$0] }
        let slots = Label.scored.indices.filter { slot in tuned.contains { features.slot[$0] == slot } }
        guard !slots.isEmpty else { return }
        let minimumGain = 0.5 / Double(max(1, train.count))
        let factors = (-8...8).map { pow(2, Double($0) / 4) }
        var factor = [Double](repeating: 1, count: Label.scored.count)
        func apply() {
            for rule in tuned { weights[rule] = quantized(raw[rule] * factor[features.slot[rule]]) }
        }
        apply()
        var best = macroF1(weights, groups)
        for _ in 0..<2 {
            for slot in slots {
                var chosen = factor[slot]
                for candidate in factors where candidate != chosen {
                    factor[slot] = candidate
                    apply()
                    let score = macroF1(weights, groups)
                    if score > best + minimumGain {
                        best = score
                        chosen = candidate
                    }
                }
                factor[slot] = chosen
                apply()
            }
        }
        // A single rule's weight is freer than a label's factor, so it must earn its change on a few records.
        let refineGain = 3 / Double(max(1, train.count))
        // One rule's weight only changes the decisions of the groups it fired in: the counts are
        // updated for those alone.
        var counts = DecisionCounts(problem: self, groups: groups, weights: weights)
        var containing = [[Int]](repeating: [], count: weights.count)
        for (index, group) in groups.enumerated() { for rule in group.rules { containing[Int(rule)].append(index) } }
        let grid = stride(from: 0.0, through: options.maxWeight, by: options.weightStep).map { $0 }
        for _ in 0..<2 {
            for rule in tuned {
                var chosen = weights[rule]
                for candidate in grid where candidate != chosen {
                    weights[rule] = candidate
                    let score = counts.macroF1(changing: containing[rule], weights: weights)
                    if score > best + refineGain {
                        best = score
                        chosen = candidate
                    }
                }
                weights[rule] = chosen
                counts.commit(containing[rule], weights: weights)
            }
        }
    }

    /// `value` rounded to a multiple of the weight step and bounded to `0...maxWeight`.
    func quantized(_ value: Double) -> Double {
        let step = options.weightStep
        return min(options.maxWeight, max(0, (value / step).rounded() * step))
    }

    /// The macro-F1 of the engine's decision with `weights` on `groups`, over the labels that occur
    /// (in people's labels or the predictions), as `rapport eval` computes it.
    func macroF1(_ weights: [Double], _ groups: [Group]) -> Double {
        DecisionCounts(problem: self, groups: groups, weights: weights).macroF1
    }

    /// The code the engine's label for `rules` under `weights` is compared as.
    func predictedCode(_ rules: [Int32], _ weights: [Double]) -> Int {
        let label = features.decide(rules, weights: weights, threshold: threshold, precedence: precedence)
        return engineCode[Label.builtIn.firstIndex(of: label)!]
    }

    /// Per label code, the true positives, false positives and false negatives of the engine's decision
    /// on groups of records, updated group by group when weights change.
    struct DecisionCounts {
        let problem: TuningProblem
        let groups: [Group]
        var predicted: [Int]
        var tp: [Int], fp: [Int], fn: [Int]

        init(problem: TuningProblem, groups: [Group], weights: [Double]) {
            self.problem = problem
            self.groups = groups
            predicted = groups.map { problem.predictedCode($0.rules, weights) }
            tp = [Int](repeating: 0, count: problem.codeCount)
            fp = tp
            fn = tp
            for index in groups.indices { Self.add(groups[index].counts, predicted[index], 1, &tp, &fp, &fn) }
        }

        static func add(_ counts: [Int], _ predicted: Int, _ sign: Int, _ tp: inout [Int], _ fp: inout [Int], _ fn: inout [Int]) {
            for (code, count) in counts.enumerated() where count > 0 {
                if code == predicted {
                    tp[code] += sign * count
                } else {
                    fp[predicted] += sign * count
                    fn[code] += sign * count
                }
            }
        }

        var macroF1: Double { Self.macroF1(tp, fp, fn) }

        static func macroF1(_ tp: [Int], _ fp: [Int], _ fn: [Int]) -> Double {
            var total = 0.0, labels = 0
            for code in tp.indices where tp[code] + fp[code] + fn[code] > 0 {
                labels += 1
                total += Double(2 * tp[code]) / Double(2 * tp[code] + fp[code] + fn[code])
            }
            return labels == 0 ? 0 : total / Double(labels)
        }

        /// The macro-F1 if the groups at `indices` were decided with `weights` (nothing is kept).
        func macroF1(changing indices: [Int], weights: [Double]) -> Double {
            var tp = tp, fp = fp, fn = fn
            for index in indices {
                let new = problem.predictedCode(groups[index].rules, weights)
                guard new != predicted[index] else { continue }
                Self.add(groups[index].counts, predicted[index], -1, &tp, &fp, &fn)
                Self.add(groups[index].counts, new, 1, &tp, &fp, &fn)
            }
            return Self.macroF1(tp, fp, fn)
        }

        /// Decides the groups at `indices` again with `weights` and keeps the result.
        mutating func commit(_ indices: [Int], weights: [Double]) {
            for index in indices {
                let new = problem.predictedCode(groups[index].rules, weights)
                guard new != predicted[index] else { continue }
                Self.add(groups[index].counts, predicted[index], -1, &tp, &fp, &fn)
                Self.add(groups[index].counts, new, 1, &tp, &fp, &fn)
                predicted[index] = new
            }
        }
    }

    /// Every scoring rule with its figures on all records and the weight of `fit`.
    func report(_ fit: Fit) -> [TunedRule] {
        var hits = [Int](repeating: 0, count: pack.rules.count), correct = hits
        for record in gold.indices {
            for rule in features.fired[record] {
                hits[Int(rule)] += 1
                if target(of: Int(rule)) == gold[record] { correct[Int(rule)] += 1 }
            }
        }
        return pack.rules.indices.compactMap { i in
            let rule = pack.rules[i]
            guard features.slot[i] >= 0, let label = rule.label else { return nil }
            let kept: TunedRule.Kept? = fit.fitted[i] ? nil : target[features.slot[i]] == nil ? .labelNotCompared : .fewHits
            return TunedRule(
                id: rule.id, label: label, hits: hits[i], correct: correct[i], oldWeight: rule.weight,
                newWeight: fit.fitted[i] ? fit.weights[i] : nil, kept: kept)
        }
    }

    /// The gold code a rule's label is compared as.
    func target(of rule: Int) -> Int {
        engineCode[Label.builtIn.firstIndex(of: Label.scored[features.slot[rule]])!]
    }
}
