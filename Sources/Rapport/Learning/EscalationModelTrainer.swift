internal import Foundation

/// What ``EscalationModelTrainer`` needs of one comment.
public struct EscalationExample: Sendable {
    /// The comment, as the input readers decode it.
    public var comment: Comment
    /// The route people escalated it on, or nil when they did not escalate it or named no route.
    public var route: String?
    /// Whether people escalated it. An escalated comment without a `route` teaches whether to escalate
    /// and nothing about the route.
    public var escalated: Bool
    /// The level people gave, when they escalated it.
    public var level: EscalationLevel?
    /// Whether people said whether to escalate it (its set has an escalation field); a comment they
    /// did not is taken as not escalated unless the pack's rules escalate it.
    public var labelled: Bool
    /// Which data set it comes from (0-based): a term must occur in several.
    public var source: Int

    /// Creates an example; `escalated` defaults to whether a route is given.
    public init(comment: Comment, route: String?, level: EscalationLevel? = nil, escalated: Bool? = nil, labelled: Bool, source: Int) {
        self.comment = comment
        self.route = route
        self.escalated = escalated ?? (route != nil)
        self.level = level
        self.labelled = labelled
        self.source = source
    }
}

/// How ``EscalationModelTrainer`` fits a model.
public struct EscalationModelOptions: Sendable, Hashable {
    /// A term must occur in at least this many comments...
    public var minCount = 8
    /// ...and in at least this many data sets.
    public var minSources = 2
    /// A term in more than this share of the comments ("my", "the") is left out: so common a word says
    /// more about who wrote a data set than about harm.
    public var maxShare = 0.05
    /// A term in more than this share of the comments gets no route weights (nil: ``maxShare`` alone
    /// decides). With a high ``maxShare`` common words ("my", "account") help decide whether to escalate,
    /// but as route evidence they pull ordinary requests onto whichever route uses them most.
    public var routeMaxShare: Double?
    /// Whether the `escalate` column is fitted to convergence (one weighted, L2-regularised logistic
    /// regression solved by coordinate descent, ``escalateL2``) instead of online with the route columns
    /// (AdaGrad with ``l2`` and ``l1``, the default). The default pack's model is converged since session 24:
    /// it finds more of the team's held-out escalations and flags a few more inbound comments people did not
    /// escalate (docs/DEFAULT-PACK.md).
    public var converged = false
    /// With ``converged``: L2 regularisation strength of the `escalate` column, the `λ` of `λ/2 · Σ w²`
    /// next to the comments' summed log-losses (the escalated and the rest weigh the same in total).
    public var escalateL2 = 2.0
    /// L2 regularisation strength, per comment visited.
    public var l2 = 0.001
    /// L1 regularisation strength, per comment visited: weights it pulls to zero are left out, so the
    /// model stays small.
    public var l1 = 0.1
    /// Passes over the data.
    public var epochs = 20
    /// AdaGrad step size.
    public var learningRate = 0.1
    /// Terms whose every weight is smaller than this are left out.
    public var minWeight = 0.05
    /// The probability written as the model's `at`.
    public var threshold = 0.9
    /// The probability written as the model's `caution` (nil: none written).
    public var caution: Double?
    /// The routes an escalation leans to and their margins, written as the model's `prefer` (those of
    /// routes the data has).
    public var prefer: [String: Double] = [:]
    /// Routes with their own threshold, written as the model's `route_at` (those of routes the data has).
    public var routeThresholds: [String: Double] = [:]
    /// Routes whose caution replies need a lead over every other route, written as the model's
    /// `caution_lead` (those of routes the data has).
    public var cautionLeads: [String: Double] = [:]
    /// Seed of the order the comments are visited in.
    public var seed: UInt64 = 1
    /// Words no term may contain (see ``LexiconTrainingOptions/excludedWords``): a language is no sign of
    /// harm, so the function words of other languages in a pack for English are never terms.
    public var excludedWords: Set<String> = []

    /// The defaults.
    public init() {}
}

/// A fitted escalation model and what it was fitted on.
public struct EscalationModelFit: Sendable {
    /// The model, weights rounded to three decimals.
    public var model: EscalationModel
    /// Comments fitted on, of them escalated by people, and comments left out because the pack's
    /// rules escalate them while their set gives no escalation.
    public var examples: Int
    public var escalated: Int
    public var leftOut: Int
    /// Data sets, and candidate terms that passed `minCount`/`minSources`.
    public var sources: Int
    public var candidates: Int
}

/// Fits an ``EscalationModel`` to comments people escalated or did not.
///
/// Two logistic models over the same terms (words and pairs of adjacent words, as ``LexiconTrainer``
/// uses): whether to escalate, fitted on every comment with the escalated and the rest weighing the same
/// in total (escalations are rare), and which route, a multinomial fitted on the escalated comments
/// only (an escalated comment that names no route teaches only the first). Both are fitted online
/// (AdaGrad), or whether to escalate is solved to convergence first (``EscalationModelOptions/converged``). Each route's level is the level people gave its comments most often (the higher on a tie). A
/// comment of a set without escalation labels counts as not escalated, unless the pack's rules escalate
/// it (then it is left out: people never said). The result is the same for the same examples, pack and
/// options.
public enum EscalationModelTrainer {
    /// Fits a model to `examples`; `engine` must be the pack without an escalation model.
    public static func fit(
        _ examples: [EscalationExample], engine: Engine, options: EscalationModelOptions = EscalationModelOptions(),
        file: String = "escalation-model.yaml"
    ) -> EscalationModelFit {
        var kept: [EscalationExample] = []
        var termsOf: [[String]] = []
        var leftOut = 0
        for example in examples {
            let workspace = engine.analyze(example.comment, keepTokens: true)
            if !example.labelled, workspace.escalation != nil {
                leftOut += 1
                continue
            }
            kept.append(example)
            termsOf.append(LexiconTrainer.terms(of: workspace.tokens))
        }
        let sources = Set(kept.map(\.source)).count
        var count: [String: Int] = [:]
        var seenIn: [String: Set<Int>] = [:]
        for (example, terms) in zip(kept, termsOf) {
            for term in Set(terms) {
                count[term, default: 0] += 1
                seenIn[term, default: []].insert(example.source)
            }
        }
        // A term must read back as itself from the written table (a token of spaces, `#`-words and the like cannot).
        let vocabulary = count.keys.filter {
            count[$0]! >= options.minCount && seenIn[$0]!.count >= min(options.minSources, sources) && !$0.hasPrefix("#")
                && !LexiconTrainer.containsExcludedWord($0, options.excludedWords) && Double(count[$0]!) <= options.maxShare * Double(kept.count)
                && PackFileDecoder.lexiconWords($0) == $0.split(separator: " ").map(String.init)
        }.sorted()
        var index: [String: Int] = [:]
        for (position, term) in vocabulary.enumerated() { index[term] = position }
        let features = termsOf.map { terms in Array(Set(terms.compactMap { index[$0] })).sorted() }
        let routeShare = options.routeMaxShare.map { $0 * Double(kept.count) } ?? .infinity
        let routeFeatures = features.map { terms in terms.filter { Double(count[vocabulary[$0]]!) <= routeShare } }
        var routes: [String] = []
        for example in kept { if let route = example.route, !routes.contains(route) { routes.append(route) } }
        routes.sort()
        let width = 1 + routes.count
        let escalated = kept.filter(\.escalated).count
        // Balanced: the escalated comments weigh as much in total as the rest.
        let positiveWeight = escalated == 0 ? 0 : Double(kept.count) / (2 * Double(escalated))
        let negativeWeight = kept.count == escalated ? 0 : Double(kept.count) / (2 * Double(kept.count - escalated))

        var weights = [Double](repeating: 0, count: vocabulary.count * width)
        var squares = [Double](repeating: 1e-8, count: vocabulary.count * width)
        var bias = [Double](repeating: 0, count: width), biasSquares = [Double](repeating: 1e-8, count: width)
        var random = SplitMix64(seed: options.seed)
        func step(_ at: Int, _ gradient: Double) {
            let g = gradient + options.l2 * weights[at]
            squares[at] += g * g
            let rate = options.learningRate / squares[at].squareRoot()
            let moved = weights[at] - rate * g
            // The L1 part as a proximal step: a weight closer to zero than its pull becomes zero.
            weights[at] = moved > 0 ? max(0, moved - rate * options.l1) : min(0, moved + rate * options.l1)
        }
        func stepBias(_ slot: Int, _ g: Double) {
            biasSquares[slot] += g * g
            bias[slot] -= options.learningRate * g / biasSquares[slot].squareRoot()
        }
        // With `converged`, whether to escalate is one weighted, L2-regularised logistic regression solved
        // first; terms may count against escalating, and the online passes below fit the routes only.
        if options.converged {
            let escalate = LogisticRegression.fit(
                rows: features.map { $0.map { Int32($0) } }, targets: kept.map(\.escalated), featureCount: vocabulary.count,
                lambda: options.escalateL2, weights: kept.map { $0.escalated ? positiveWeight : negativeWeight }, nonNegative: false)
            bias[0] = escalate.intercept
            for (position, weight) in escalate.coefficients.enumerated() { weights[position * width] = weight }
        }
        var z = [Double](repeating: 0, count: routes.count)
        for _ in 0..<options.epochs {
            for example in random.shuffled(Array(kept.indices)) {
                let terms = features[example]
                if !options.converged {
                    // Whether to escalate: d(logloss)/dz = p - y.
                    var sum = bias[0]
                    for term in terms { sum += weights[term * width] }
                    let target = kept[example].escalated
                    let p = 1 / (1 + exp(-sum))
                    let g = (p - (target ? 1 : 0)) * (target ? positiveWeight : negativeWeight)
                    for term in terms { step(term * width, g) }
                    stepBias(0, g)
                }
                // Which route, on the escalated: softmax over the routes.
                guard let route = kept[example].route, let gold = routes.firstIndex(of: route), routes.count > 1 else { continue }
                let routeTerms = routeFeatures[example]
                for slot in routes.indices {
                    var routeSum = bias[1 + slot]
                    for term in routeTerms { routeSum += weights[term * width + 1 + slot] }
                    z[slot] = routeSum
                }
                let top = z.max()!
                var probabilities = z.map { exp($0 - top) }
                let total = probabilities.reduce(0, +)
                for slot in routes.indices {
                    probabilities[slot] /= total
                    let gradient = probabilities[slot] - (slot == gold ? 1 : 0)
                    for term in routeTerms { step(term * width + 1 + slot, gradient) }
                    stepBias(1 + slot, gradient)
                }
            }
        }
        func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        let location = SourceLocation(file: file, line: 1, column: 1)
        var model = EscalationModel(threshold: options.threshold, caution: options.caution, routes: routes, bias: bias.map(rounded), location: location)
        model.prefer = options.prefer.filter { routes.contains($0.key) }
        model.routeThresholds = options.routeThresholds.filter { routes.contains($0.key) }
        model.cautionLeads = options.cautionLeads.filter { routes.contains($0.key) }
        for route in routes {
            var levels: [EscalationLevel: Int] = [:]
            for example in kept where example.route == route { if let level = example.level { levels[level, default: 0] += 1 } }
            if let most = levels.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }) { model.levels[route] = most.key }
        }
        for (position, term) in vocabulary.enumerated() {
            let values = (0..<width).map { rounded(weights[position * width + $0]) }
            // A term that barely moves `escalate` is left out, route weights and all: it cannot raise an
            // escalation, and routes are chosen only for comments that reach the threshold.
            guard abs(values[0]) >= options.minWeight else { continue }
            model.terms.append(
                EscalationModelTerm(
                    words: term.split(separator: " ").map(String.init), weights: values.map { abs($0) >= options.minWeight ? $0 : 0 },
                    location: location))
        }
        return EscalationModelFit(
            model: model, examples: kept.count, escalated: escalated, leftOut: leftOut, sources: sources, candidates: vocabulary.count)
    }
}
