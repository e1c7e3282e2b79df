internal import Foundation
import RapportSupport

/// What ``LexiconTrainer`` needs of one labelled comment.
public struct LexiconExample: Sendable {
    /// The comment, as the input readers decode it.
    public var comment: Comment
    /// The engine labels that count as right for it: the person's label after the data set's mapping
    /// (a set that compares only `complaint` makes its `other` mean "question, praise or other").
    public var allowed: [Label]
    /// Which data set it comes from (0-based): sets weigh the same, and a term must occur in several.
    public var source: Int

    /// Creates an example.
    public init(comment: Comment, allowed: [Label], source: Int) {
        self.comment = comment
        self.allowed = allowed
        self.source = source
    }
}

/// How ``LexiconTrainer`` fits a lexicon.
public struct LexiconTrainingOptions: Sendable, Hashable {
    /// A term must occur in at least this many comments...
    public var minCount = 10
    /// ...and in at least this many data sets (so a brand's name or one set's quirk is never a term).
    public var minSources = 3
    /// L2 regularisation strength of the online fit, applied at each visit of a term.
    public var l2 = 0.1
    /// Passes over the data (online fit).
    public var epochs = 10
    /// AdaGrad step size (online fit).
    public var learningRate = 0.1
    /// Whether the model is solved to convergence instead of fitted online: the same objective (the
    /// comments' weighted `−log P(allowed labels)`) plus `λ/2 · Σ w²` over the term weights (`λ` is ``convergedL2``),
    /// minimised over every comment at once by L-BFGS (`LBFGS`) from the same start. The result depends
    /// on no seed and on no order of the comments; ``epochs``, ``learningRate``, ``l2`` and ``seed`` are not
    /// used.
    public var converged = false
    /// With ``converged``: the `λ` of `λ/2 · Σ w²` over the term weights (in model units, next to a sum of
    /// losses over comments whose weights average 1). The bias and the scale are not penalised. 20 was
    /// chosen by two-fold cross-validation inside half A of the default pack's dev sets (session 27, docs/DEFAULT-PACK.md).
    public var convergedL2 = 20.0
    /// With ``converged``: the norm of the objective's gradient at which the fit stops.
    public var tolerance = 1e-6
    /// With ``converged``: the most L-BFGS iterations.
    public var maxIterations = 5000
    /// Terms whose every weight is smaller than this (in score units) are left out.
    public var minWeight = 0.05
    /// Seed of the order the comments are visited in (online fit).
    public var seed: UInt64 = 1
    /// How much each data set weighs in total.
    public var balance = Balance.equal
    /// Whether the rules that score on a comment are features too, so the lexicon also learns an
    /// adjustment of each rule's weight per label (rules pass the same `minCount`/`minSources` test).
    public var ruleFeatures = false
    /// Words no term may contain (lowercased, as the tokenizer folds them): a term with any of them is
    /// never a candidate. For words that tell which data a comment came from rather than what it says,
    /// such as the function words of other languages in a pack for English ("ich", "que").
    public var excludedWords: Set<String> = []

    /// How much each data set weighs in total.
    public enum Balance: String, Sendable, Hashable, CaseIterable {
        /// Every set the same (a comment of a small set counts more).
        case equal
        /// In proportion to the square root of its size.
        case sqrt
        /// In proportion to its size (every comment the same).
        case size
    }

    /// The defaults.
    public init() {}
}

/// A fitted lexicon and what it was fitted on.
public struct LexiconFit: Sendable {
    /// The lexicon, weights in the pack's score units, rounded to three decimals.
    public var lexicon: Lexicon
    /// How much a unit of rule score weighs in the fitted model (the lexicon's weights are divided by it).
    public var scale: Double
    /// Comments and data sets fitted on, and the candidate terms that passed `minCount`/`minSources`.
    public var examples: Int
    /// Comments left out because the rules call them a question (the engine never lets the lexicon move those).
    public var questionsLeftOut: Int
    public var sources: Int
    public var candidates: Int
    /// The options used.
    public var options: LexiconTrainingOptions
    /// With ``LexiconTrainingOptions/converged``: how the solver ended (nil for the online fit).
    public var solver: Solver?

    /// How the converged fit's solver ended.
    public struct Solver: Sendable, Hashable {
        /// L-BFGS iterations taken.
        public var iterations: Int
        /// The Euclidean norm of the objective's gradient at the fitted point.
        public var gradientNorm: Double
        /// The objective there: the weighted losses plus the L2 penalty.
        public var objective: Double
        /// Whether the gradient norm reached ``LexiconTrainingOptions/tolerance``.
        public var converged: Bool
    }
}

/// Fits a ``Lexicon`` to comments labelled by people, next to a pack's rules.
///
/// The model is a multinomial logistic regression over the labels: the score of `complaint`,
/// `question` and `praise` is the pack's rule score times a fitted scale plus the weights of the terms
/// found in the comment plus a bias, and `other` scores the pack's threshold times the same scale, so
/// the fitted lexicon (divided by the scale) drops into the engine's own decision: the highest score at
/// or above the threshold. A comment's loss is minus the log of the probability of its allowed labels,
/// which lets sets that compare different labels (complaints only, questions only, all four) train one
/// lexicon. Comments the rules call a question are left out: the engine never lets the lexicon
/// change that label. Every data set weighs the same in total. Terms are words and pairs of adjacent words as the
/// tokenizer normalizes them; mentions, links and numbers are never terms. The model is fitted online
/// (AdaGrad in a seeded order) or, with ``LexiconTrainingOptions/converged``, solved to convergence with
/// an L2 penalty (`LexiconObjective`, `LBFGS`).
public enum LexiconTrainer {
    /// Whether the term (a word, or two words joined by a space) has a word of `excluded`.
    static func containsExcludedWord(_ term: String, _ excluded: Set<String>) -> Bool {
        !excluded.isEmpty && term.split(separator: " ").contains { excluded.contains(String($0)) }
    }

    /// Fits a lexicon to `examples`; `engine` must be the pack without a lexicon (its rule scores are
    /// the model's fixed part). The result is the same for the same examples, pack and options.
    public static func fit(
        _ examples: [LexiconExample], engine: Engine, options: LexiconTrainingOptions = LexiconTrainingOptions(),
        file: String = "lexicon.yaml"
    ) -> LexiconFit {
        let width = Label.scored.count
        let threshold = engine.pack.settings.threshold
        var ruleScores: [[Double]] = []
        var termsOf: [[String]] = []
        var kept: [LexiconExample] = []
        for example in examples {
            let workspace = engine.analyze(example.comment, keepTokens: true)
            // The engine leaves the label of a comment its rules call a question alone: nothing to learn there.
            if workspace.decision.label == .question { continue }
            kept.append(example)
            ruleScores.append(workspace.decision.scores)
            var terms = Self.terms(of: workspace.tokens)
            if options.ruleFeatures {
                // "rule:" cannot be a term (a term is one or two tokens, and ":" splits), so the names never clash.
                terms += workspace.scoring.map { Self.rulePrefix + engine.pack.rules[$0].id }
            }
            termsOf.append(terms)
        }
        let leftOut = examples.count - kept.count
        let examples = kept
        let sources = Set(examples.map(\.source)).count
        var count: [String: Int] = [:]
        var seenIn: [String: Set<Int>] = [:]
        for (example, terms) in zip(examples, termsOf) {
            for term in Set(terms) {
                count[term, default: 0] += 1
                seenIn[term, default: []].insert(example.source)
            }
        }
        // A term starting with `#` could not be written in the table form (a `#` line is a comment there).
        let vocabulary = count.keys.filter {
            count[$0]! >= options.minCount && seenIn[$0]!.count >= min(options.minSources, sources) && !$0.hasPrefix("#")
                && !Self.containsExcludedWord($0, options.excludedWords)
        }.sorted()
        var index: [String: Int] = [:]
        for (position, term) in vocabulary.enumerated() { index[term] = position }
        let features = termsOf.map { terms in Array(Set(terms.compactMap { index[$0] })).sorted() }
        let allowed = examples.map { example in Label.builtIn.map { example.allowed.contains($0) } }
        var perSource: [Int: Int] = [:]
        for example in examples { perSource[example.source, default: 0] += 1 }
        // Weights averaging 1 over the comments; a set's total is proportional to 1, √n or n.
        func share(_ n: Int) -> Double {
            switch options.balance {
            case .equal: 1
            case .sqrt: Double(n).squareRoot()
            case .size: Double(n)
            }
        }
        let totalShare = perSource.values.reduce(0) { $0 + share($1) }
        let sampleWeight = examples.map { example -> Double in
            let n = perSource[example.source]!
            return share(n) / totalShare * Double(examples.count) / Double(n)
        }

        // Model: z[k] = scale * rules[k] + sum(weights[term][k]) + bias[k] for the scored labels, z[other] = scale * threshold.
        var weights = [Double](repeating: 0, count: vocabulary.count * width)
        var bias = [Double](repeating: 0, count: width)
        var scale = 1.0
        var solver: LexiconFit.Solver?
        if options.converged {
            let objective = LexiconObjective(
                features: features, ruleScores: ruleScores, allowed: allowed, weights: sampleWeight, termCount: vocabulary.count,
                threshold: threshold, lambda: options.convergedL2)
            let optimiser = LBFGS(tolerance: options.tolerance, maxIterations: options.maxIterations)
            let result = optimiser.minimize(from: objective.start, objective.evaluate)
            (scale, bias, weights) = objective.parts(of: result.point)
            solver = LexiconFit.Solver(
                iterations: result.iterations, gradientNorm: result.gradientNorm, objective: result.value, converged: result.converged)
        } else {
            Self.fitOnline(
                features: features, ruleScores: ruleScores, allowed: allowed, sampleWeight: sampleWeight, threshold: threshold,
                options: options, weights: &weights, bias: &bias, scale: &scale)
        }

        let unit = scale > 1e-6 ? scale : 1
        func rounded(_ value: Double) -> Double { (value / unit * 1000).rounded() / 1000 }
        let location = SourceLocation(file: file, line: 1, column: 1)
        var lexicon = Lexicon(location: location)
        for (slot, label) in Label.scored.enumerated() where rounded(bias[slot]) != 0 { lexicon.bias[label] = rounded(bias[slot]) }
        for (position, term) in vocabulary.enumerated() {
            var termWeights: [Label: Double] = [:]
            for (slot, label) in Label.scored.enumerated() {
                let value = rounded(weights[position * width + slot])
                if abs(value) >= options.minWeight { termWeights[label] = value }
            }
            guard !termWeights.isEmpty else { continue }
            if term.hasPrefix(Self.rulePrefix) {
                lexicon.rules.append(LexiconRuleWeight(ruleID: String(term.dropFirst(Self.rulePrefix.count)), weights: termWeights, location: location))
                continue
            }
            lexicon.terms.append(LexiconTerm(words: term.split(separator: " ").map(String.init), weights: termWeights, location: location))
        }
        return LexiconFit(
            lexicon: lexicon, scale: scale, examples: examples.count, questionsLeftOut: leftOut, sources: sources,
            candidates: vocabulary.count, options: options, solver: solver)
    }

    /// The online fit (AdaGrad, ``LexiconTrainingOptions/epochs`` passes in a seeded order) from the start
    /// `weights`, `bias` and `scale` are given with.
    static func fitOnline(
        features: [[Int]], ruleScores: [[Double]], allowed: [[Bool]], sampleWeight: [Double], threshold: Double,
        options: LexiconTrainingOptions, weights: inout [Double], bias: inout [Double], scale: inout Double
    ) {
        let width = Label.scored.count
        var squares = [Double](repeating: 1e-8, count: weights.count)
        var biasSquares = [Double](repeating: 1e-8, count: width)
        var scaleSquare = 1e-8
        var random = SplitMix64(seed: options.seed)
        let otherSlot = Label.builtIn.firstIndex(of: .other)!
        let slotOfLabel = Label.builtIn.map { label in Label.scored.firstIndex(of: label) }
        var z = [Double](repeating: 0, count: Label.builtIn.count)
        for _ in 0..<options.epochs {
            for example in random.shuffled(Array(features.indices)) {
                for (labelIndex, slot) in slotOfLabel.enumerated() {
                    guard let slot else { z[labelIndex] = scale * threshold; continue }
                    var sum = scale * ruleScores[example][slot] + bias[slot]
                    for term in features[example] { sum += weights[term * width + slot] }
                    z[labelIndex] = sum
                }
                let top = z.max()!
                var probabilities = z.map { exp($0 - top) }
                let total = probabilities.reduce(0, +)
                for i in probabilities.indices { probabilities[i] /= total }
                var allowedMass = 0.0
                for i in probabilities.indices where allowed[example][i] { allowedMass += probabilities[i] }
                guard allowedMass > 0 else { continue }
                // d(-log P(allowed)) / dz[i] = p[i] - [i allowed] p[i] / P(allowed)
                var gradient = probabilities
                for i in gradient.indices {
                    if allowed[example][i] { gradient[i] -= probabilities[i] / allowedMass }
                    gradient[i] *= sampleWeight[example]
                }
                var scaleGradient = gradient[otherSlot] * threshold
                for (labelIndex, slot) in slotOfLabel.enumerated() {
                    guard let slot else { continue }
                    let g = gradient[labelIndex]
                    scaleGradient += g * ruleScores[example][slot]
                    for term in features[example] {
                        let at = term * width + slot
                        let step = g + options.l2 * weights[at]
                        squares[at] += step * step
                        weights[at] -= options.learningRate * step / squares[at].squareRoot()
                    }
                    biasSquares[slot] += g * g
                    bias[slot] -= options.learningRate * g / biasSquares[slot].squareRoot()
                }
                scaleSquare += scaleGradient * scaleGradient
                scale -= options.learningRate * scaleGradient / scaleSquare.squareRoot()
            }
        }
    }

    /// What names a rule among the features when `ruleFeatures` is on.
    static let rulePrefix = "rule:"

    /// The candidate terms of a comment's tokens: each token that can be a term, and each pair of
    /// adjacent such tokens (the pairs `CompiledLexicon` looks up).
    static func terms(of tokens: [Token]) -> [String] {
        var terms: [String] = []
        var previous: String?
        for token in tokens {
            guard Lexicon.canBeTerm(token.kind) else { previous = nil; continue }
            terms.append(token.text)
            if let previous { terms.append(previous + " " + token.text) }
            previous = token.text
        }
        return terms
    }
}
