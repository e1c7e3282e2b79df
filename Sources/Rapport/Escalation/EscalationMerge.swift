/// Merges the escalations of the fired rules: the highest level wins and gives the route; every
/// route and reason is kept once, highest level first (pack order within a level).
enum EscalationMerge {
    static func merge(_ escalations: [Escalation]) -> EscalationSummary? {
        guard !escalations.isEmpty else { return nil }
        // A stable sort: pack order is kept within a level.
        let ordered = escalations.enumerated().sorted { lhs, rhs in
            lhs.element.level != rhs.element.level ? lhs.element.level > rhs.element.level : lhs.offset < rhs.offset
        }.map(\.element)
        var routes: [String] = []
        var reasons: [String] = []
        for escalation in ordered {
            if !routes.contains(escalation.route) { routes.append(escalation.route) }
            if !reasons.contains(escalation.reason) { reasons.append(escalation.reason) }
        }
        return EscalationSummary(
            level: ordered[0].level, route: ordered[0].route,
            routes: routes.count > 1 ? routes : nil, reasons: reasons)
    }
}
