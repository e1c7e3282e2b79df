internal import Foundation
import RapportSupport

/// An ``EscalationModel`` compiled against the matcher's vocabulary: its terms are looked up by word id
/// (through a ``CompiledLexicon`` that holds only the terms), and its weights lie in one array.
struct CompiledEscalationModel: Sendable {
    /// Finds the model's terms in a comment (its label weights are unused zeros).
    let lookup: CompiledLexicon
    /// `width` weights per term: `escalate`, then one per route.
    let weights: [Double]
    let bias: [Double]
    let width: Int
    /// The logit of each route's threshold (``EscalationModel/threshold(of:)``), in route order: a comment
    /// is escalated when its `escalate` sum is at least its highest-summing route's.
    let minimumSums: [Double]
    /// The lowest of ``minimumSums`` and ``cautionSum``: below it the model reads nothing.
    let lowestSum: Double
    /// The logit of the caution probability (``EscalationModel/caution``): from this sum up to
    /// the route's ``minimumSums`` the comment gets its caution replies; infinity when the model has none.
    let cautionSum: Double
    let routes: [String]
    /// Each route's threshold probability, in route order.
    let thresholds: [Double]
    /// Whether each route has its own threshold (`route_at:`), in route order.
    let hasOwnThreshold: [Bool]
    let levels: [EscalationLevel]
    /// The routes an escalation leans to (``EscalationModel/prefer``) and their margins, in route order.
    let preferred: [(route: Int, margin: Double)]
    /// Each route's caution lead (``EscalationModel/cautionLeads``), in route order: 0 when it has none.
    let cautionLeads: [Double]
    /// Each term's text, for the reason.
    let termTexts: [String]

    /// Compiles `model`, whose terms' words have the vocabulary ids `termWords`.
    init(_ model: EscalationModel, termWords: [[Int32]], wordCount: Int) {
        lookup = CompiledLexicon(findingTerms: termWords, wordCount: wordCount)
        let width = model.width
        self.width = width
        // Each term's weights in its `width` slots (a term with fewer leaves zeros).
        var weights = [Double](repeating: 0, count: model.terms.count * width)
        for (index, term) in model.terms.enumerated() {
            for (slot, weight) in term.weights.prefix(width).enumerated() { weights[index * width + slot] = weight }
        }
        self.weights = weights
        bias = (0..<model.width).map { $0 < model.bias.count ? model.bias[$0] : 0 }
        // `at: 1` escalates nothing: no finite sum has probability 1.
        thresholds = model.routes.map { model.threshold(of: $0) }
        hasOwnThreshold = model.routes.map { model.routeThresholds[$0] != nil }
        minimumSums = thresholds.map { p in p >= 1 ? .infinity : log(p / (1 - p)) }
        cautionSum = model.caution.map { log($0 / (1 - $0)) } ?? .infinity
        lowestSum = min(minimumSums.min() ?? .infinity, cautionSum)
        routes = model.routes
        levels = model.routes.map { model.level(of: $0) }
        preferred = model.routes.indices.compactMap { route in model.prefer[model.routes[route]].map { (route, $0) } }
        cautionLeads = model.routes.map { model.cautionLeads[$0] ?? 0 }
        termTexts = model.terms.map(\.text)
    }

    /// The level the model escalates `route` at, or nil when it has no such route.
    func level(of route: String) -> EscalationLevel? {
        routes.firstIndex(of: route).map { levels[$0] }
    }

    /// What the model reads in the comment in `stream`: an escalation when its probability reaches the
    /// threshold of its highest-summing route; else, from the caution probability, the route whose caution replies come first
    /// (when it sums at least its caution lead above every other route); else nothing. `terms` is scratch
    /// storage for the terms found.
    func read(_ stream: TokenStream, terms: inout [Int32]) -> EscalationModelReading {
        guard !routes.isEmpty else { return .nothing }
        lookup.terms(in: stream, into: &terms)
        var sum = bias[0]
        for term in terms { sum += weights[Int(term) * width] }
        guard sum >= lowestSum else { return .nothing }
        // The first route unless another sums higher (also when every sum is -infinity or not a number).
        var best = 0, bestSum = -Double.infinity, secondSum = -Double.infinity
        for route in 0..<routes.count {
            var routeSum = bias[1 + route]
            for term in terms { routeSum += weights[Int(term) * width + 1 + route] }
            if routeSum > bestSum {
                secondSum = bestSum
                best = route; bestSum = routeSum
            } else if routeSum > secondSum {
                secondSum = routeSum
            }
        }
        // The threshold is the highest route's (`route_at:`, else `at`); below it, from `caution`, that
        // route's caution replies when it leads every other route by its `caution_lead`.
        guard sum >= minimumSums[best] else {
            let leads = cautionLeads[best] == 0 || bestSum - secondSum >= cautionLeads[best]
            return sum >= cautionSum && leads ? .caution(route: routes[best]) : .nothing
        }
        let threshold = thresholds[best]
        // An escalation leans to a preferred route whose column sums within its margin of the best's.
        var over: String?
        if !preferred.isEmpty, !preferred.contains(where: { $0.route == best }) {
            var chosen = best, chosenSum = -Double.infinity
            for (route, margin) in preferred {
                var routeSum = bias[1 + route]
                for term in terms { routeSum += weights[Int(term) * width + 1 + route] }
                if routeSum >= bestSum - margin && routeSum > chosenSum { chosen = route; chosenSum = routeSum }
            }
            if chosen != best { over = routes[best] }
            best = chosen
        }
        let probability = 1 / (1 + exp(-sum))
        return .escalation(
            EscalationSummary(
                level: levels[best], route: routes[best], routes: nil,
                reasons: [reason(route: routes[best], probability: probability, threshold: threshold, terms: terms, over: over)]))
    }

    /// "Learned: reads like a safety case (0.93: 'swerving', 'the driver')": the route, the probability
    /// and the three terms that tell most of the route (``strongestTerms(_:route:)``); "; preferred over churn" after the terms when
    /// `prefer:` chose the route over the highest one, `over`. `threshold` is the one the comment reached.
    func reason(route: String, probability: Double, threshold: Double, terms: [Int32], over: String? = nil) -> String {
        let strongest = strongestTerms(terms, route: routes.firstIndex(of: route))
        // Rounded down, but never shown below the threshold it reached (a sum at the threshold's logit can
        // come back a rounding step under it).
        let shown = max((probability * 100).rounded(.down) / 100, (threshold * 100).rounded(.down) / 100)
        let preferred = over.map { "; preferred over \($0)" } ?? ""
        return
            "Learned: reads like a \(route) case (\(String(format: "%.2f", shown))\(strongest.isEmpty ? "" : ": " + strongest.joined(separator: ", "))\(preferred))"
    }

    /// Why a comment whose model `terms` reach the caution probability got `route`'s caution replies, for
    /// explanations: "reads like a security case (0.74: 'password', 'changed my'), from caution 0.6 and
    /// below 'at' 0.9: not escalated; the route's caution replies come first".
    func cautionNote(route: String, terms: [Int32]) -> String {
        var sum = bias[0]
        for term in terms { sum += weights[Int(term) * width] }
        let probability = 1 / (1 + exp(-sum))
        let strongest = strongestTerms(terms, route: routes.firstIndex(of: route))
        let caution = 1 / (1 + exp(-cautionSum))
        return "reads like a \(route) case (\(String(format: "%.2f", (probability * 100).rounded(.down) / 100))"
            + "\(strongest.isEmpty ? "" : ": " + strongest.joined(separator: ", "))), from caution \(NumberText.compact((caution * 1e6).rounded() / 1e6))"
            + " and below \(routeThresholdName(route)): not escalated; the route's caution replies come first"
    }

    /// Why a comment whose model `terms` reach the caution probability, below its route's threshold, gets
    /// no caution replies: its highest route leads the next by less than its caution lead. For explanations:
    /// "reads like a crisis case (0.83: 'to think', 'starting'), from caution 0.7 and below its 'route_at'
    /// 0.85, but leads repeated-contact by only 0.21, under its 'caution_lead' 0.5: no caution replies".
    /// Nil when the comment is outside the caution zone or its route leads by enough.
    func withheldCautionNote(terms: [Int32]) -> String? {
        guard routes.count > 1 else { return nil }
        var sum = bias[0]
        for term in terms { sum += weights[Int(term) * width] }
        guard sum >= cautionSum else { return nil }
        let sums = routes.indices.map { route in terms.reduce(bias[1 + route]) { $0 + weights[Int($1) * width + 1 + route] } }
        // The same order as `read`: the first of the highest sums.
        var best = 0
        for route in sums.indices where sums[route] > sums[best] { best = route }
        var second = best == 0 ? 1 : 0
        for route in sums.indices where route != best && sums[route] > sums[second] { second = route }
        let lead = sums[best] - sums[second]
        guard sum < minimumSums[best], cautionLeads[best] > 0, !(lead >= cautionLeads[best]) else { return nil }
        let probability = 1 / (1 + exp(-sum))
        let strongest = strongestTerms(terms, route: best)
        let caution = 1 / (1 + exp(-cautionSum))
        return "reads like a \(routes[best]) case (\(String(format: "%.2f", (probability * 100).rounded(.down) / 100))"
            + "\(strongest.isEmpty ? "" : ": " + strongest.joined(separator: ", "))), from caution \(NumberText.compact((caution * 1e6).rounded() / 1e6))"
            + " and below \(routeThresholdName(routes[best])), but leads \(routes[second]) by only \(String(format: "%.2f", lead)),"
            + " under its 'caution_lead' \(NumberText.compact(cautionLeads[best])): no caution replies"
    }

    /// "'at' 0.9", or "its 'route_at' 0.7" when the route has its own threshold.
    private func routeThresholdName(_ route: String) -> String {
        guard let index = routes.firstIndex(of: route) else { return "'at'" }
        let value = NumberText.compact(thresholds[index])
        return hasOwnThreshold[index] ? "its 'route_at' \(value)" : "'at' \(value)"
    }

    /// The three of `terms` that tell most of `route`, quoted: those that add most to the route's column
    /// (what chose the route), and when fewer than three do, those that add most to `escalate`. Terms with
    /// a word of punctuation only (".", "know .", ", my") count in the sums but are not shown, as the mark
    /// tells a reader nothing (an emoji is shown).
    private func strongestTerms(_ terms: [Int32], route: Int?) -> [String] {
        let shown = terms.filter { !Self.hasPunctuationWord(termTexts[Int($0)]) }
        var chosen: [Int32] = []
        if let route {
            chosen = Self.top(shown, by: { weights[Int($0) * width + 1 + route] }, count: 3)
        }
        if chosen.count < 3 {
            let rest = shown.filter { !chosen.contains($0) }
            chosen += Self.top(rest, by: { weights[Int($0) * width] }, count: 3 - chosen.count)
        }
        return chosen.map { "'" + termTexts[Int($0)] + "'" }
    }

    /// The at most `count` of `terms` with the highest positive `weight`, highest first (ties by term id).
    private static func top(_ terms: [Int32], by weight: (Int32) -> Double, count: Int) -> [Int32] {
        terms.filter { weight($0) > 0 }
            .sorted { weight($0) > weight($1) || (weight($0) == weight($1) && $0 < $1) }
            .prefix(count).map { $0 }
    }

    /// Whether a word of a term is punctuation only.
    static func hasPunctuationWord(_ term: String) -> Bool {
        term.split(separator: " ").contains { $0.allSatisfy(\.isPunctuation) }
    }
}

/// What a ``CompiledEscalationModel`` reads in a comment (``CompiledEscalationModel/read(_:terms:)``).
enum EscalationModelReading: Equatable {
    /// Below the caution probability (or the model has none) and below the threshold.
    case nothing
    /// From the caution probability up to the threshold: the route the model favours, whose caution
    /// replies come first.
    case caution(route: String)
    /// At or above the threshold: the escalation.
    case escalation(EscalationSummary)
}
