/// A pack's reply templates compiled once per engine, in lists addressed by number.
///
/// List `r` holds the replies of rule `r` (empty when the rule has none); after the rules come the
/// default replies of the labels, the handoff replies per route, the general handoff replies and the
/// replies to praise that shows a problem.
final class CompiledReplies: Sendable {
    let lists: [[CompiledTemplate]]
    /// For each label (by ``slot(of:)``), the list of its default replies, when the
    /// pack gives that label an entry.
    let labelDefaults: [Int?]
    /// The handoff list of each route the pack gives an entry.
    let handoffByRoute: [String: Int]
    /// The general handoff list.
    let handoff: Int
    /// The list of replies to praise that shows a problem (``DefaultReplies/mixed``), when the pack has them.
    let mixed: Int?
    /// `{brand}` in replies.
    let brand: String?

    init(pack: RulePack) {
        var lists = pack.rules.map { $0.reply.map(CompiledTemplate.init) }
        func add(_ templates: [Template]) -> Int {
            lists.append(templates.map(CompiledTemplate.init))
            return lists.count - 1
        }
        var labelDefaults = [Int?](repeating: nil, count: Label.allCases.count)
        for label in Label.allCases { labelDefaults[Self.slot(of: label)] = pack.replies.byLabel[label].map(add) }
        self.labelDefaults = labelDefaults
        handoffByRoute = pack.replies.handoffByRoute.mapValues(add)
        handoff = add(pack.replies.handoff)
        mixed = pack.replies.mixed.isEmpty ? nil : add(pack.replies.mixed)
        brand = pack.settings.brand
        self.lists = lists
    }

    /// The list of the default replies of `label`, if the pack gives it an entry.
    func defaults(for label: Label) -> Int? {
        labelDefaults[Self.slot(of: label)]
    }

    private static func slot(of label: Label) -> Int {
        switch label {
        case .question: 0
        case .complaint: 1
        case .praise: 2
        case .other: 3
        }
    }
}
