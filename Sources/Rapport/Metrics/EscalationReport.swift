/// How well a pack's escalations agree with people's (when the labelled file has an `escalation`
/// and/or a `route` field): "escalated at all", each level and each route, as precision and recall.
///
/// A record counts as escalated by people when its escalation is not `none` (without an escalation
/// field: when its route is not `none`), and by the pack when its verdict has an escalation. The
/// pack's route is the route of its highest escalation. Routes are compared after a
/// ``LabelMapping`` renames them on both sides (``defaultRouteMapping`` for the default pack).
public struct EscalationReport: Sendable, Hashable, Codable {
    /// The route renames used when none are given: none, since the default pack names its routes as
    /// `../shared/eval/LABELLING.md` does (safety, crisis, legal, security, regulator-press, abuse, churn,
    /// repeated-contact). A pack with other names is compared with `--route-map`.
    public static let defaultRouteMapping = LabelMapping()

    /// Records with a human escalation or route (the others are not in these figures).
    public var records: Int
    /// The route renames applied to both sides.
    public var routeMapping: [String: String]
    /// "Escalated at all" (label `escalated`).
    public var escalated: LabelMetrics
    /// Per level, most severe first: every level people gave or the pack raised (records with a human escalation).
    public var levels: [LabelMetrics]
    /// Per route (after mapping), most human cases first: every route people gave or the pack raised
    /// (records with a human route).
    public var routes: [LabelMetrics]
    /// The records people escalated as `critical` that the pack did not, in input order.
    public var missedCritical: [EvaluationError]

    /// The figures of `evaluated`, or nil when no record has a human escalation or route.
    /// - Parameters:
    ///   - evaluated: every labelled record with the verdict the pack gave it.
    ///   - routeMapping: route renames applied to people's and the pack's routes before comparing.
    ///   - top: how many missed `critical` records to keep.
    public init?(evaluated: [EvaluatedRecord], routeMapping: LabelMapping = EscalationReport.defaultRouteMapping, top: Int = 10) {
        let scored = evaluated.filter { $0.record.escalation != nil || $0.record.route != nil }
        guard !scored.isEmpty else { return nil }
        records = scored.count
        self.routeMapping = routeMapping.renames

        var escalated = Counter()
        var levels = Counter()
        var routes = Counter()
        var missed: [EvaluatedRecord] = []
        for item in scored {
            let predictedLevel = item.verdict.escalation?.level.rawValue ?? "none"
            let goldLevel = item.record.escalation
            let goldRoute = item.record.route.map { $0 == "none" ? "none" : routeMapping.map($0) }
            let predictedRoute = item.verdict.escalation.map { routeMapping.map($0.route) } ?? "none"
            let goldEscalated = goldLevel.map { $0 != "none" } ?? (goldRoute != "none")
            escalated.add(gold: goldEscalated ? "escalated" : "none", predicted: predictedLevel == "none" ? "none" : "escalated")
            if let goldLevel {
                levels.add(gold: goldLevel, predicted: predictedLevel)
                if goldLevel == "critical" && predictedLevel != "critical" { missed.append(item) }
            }
            if let goldRoute { routes.add(gold: goldRoute, predicted: predictedRoute) }
        }
        self.escalated = escalated.metrics(for: "escalated")
        let severity = EscalationLevel.allCases.reversed().map(\.rawValue)
        self.levels = severity.filter { levels.seen.contains($0) }.map { levels.metrics(for: $0) }
        self.routes = routes.seen.subtracting(["none"]).map { routes.metrics(for: $0) }
            .sorted { $0.support != $1.support ? $0.support > $1.support : $0.label < $1.label }
        let errors = missed.prefix(max(0, top)).map { item in
            EvaluationError(
                id: item.record.id, line: item.record.line, text: item.record.text, expected: "critical",
                predicted: item.verdict.escalation?.level.rawValue ?? "none", score: 0,
                causes: [], fired: item.verdict.rules, spans: item.verdict.spans)
        }
        self.missedCritical = Array(errors)
    }

    /// The metrics of the `critical` level, when people or the pack gave it.
    public var critical: LabelMetrics? {
        levels.first { $0.label == "critical" }
    }

    /// Counts true and false positives and false negatives per class of one gold/predicted pairing.
    private struct Counter {
        var pairs: [(gold: String, predicted: String)] = []
        var seen: Set<String> = []

        mutating func add(gold: String, predicted: String) {
            pairs.append((gold, predicted))
            seen.insert(gold)
            seen.insert(predicted)
        }

        func metrics(for label: String) -> LabelMetrics {
            LabelMetrics(counting: label, in: pairs)
        }
    }
}
