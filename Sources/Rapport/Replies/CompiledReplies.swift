/// A pack's reply templates compiled once per engine, in lists addressed by number.
///
/// List `r` holds the replies of rule `r` (empty when the rule has none); after the rules come the
/// default replies of the labels, the handoff replies per route and the general handoff replies.
final class CompiledReplies: Sendable {
    let lists: [[CompiledTemplate]]
    /// The templates of ``lists`` as written (without the sign-off), for explanations.
    let sources: [[String]]
    /// For each label (by ``slot(of:)``), the list of its default replies, when the
    /// pack gives that label an entry.
    let labelDefaults: [Int?]
    /// The handoff list of each route the pack gives an entry.
    let handoffByRoute: [String: Int]
    /// The general handoff list.
    let handoff: Int
    /// `{brand}` in replies.
    let brand: String?
    /// The pack's `reply_max` (``PackSettings/replyMax``), empty when replies have no limit (most
    /// packs: the platform is then never read); the greeting fallback and the sign-off are compiled
    /// into the templates.
    let replyMax: [String: Int]

    init(pack: RulePack) {
        let settings = pack.settings
        func compile(_ template: Template) -> CompiledTemplate {
            CompiledTemplate(template, greeting: settings.greetingFallback, signOff: settings.signOff)
        }
        var lists = pack.rules.map { $0.reply.map(compile) }
        var sources = pack.rules.map { $0.reply.map(\.source) }
        func add(_ templates: [Template]) -> Int {
            lists.append(templates.map(compile))
            sources.append(templates.map(\.source))
            return lists.count - 1
        }
        var labelDefaults = [Int?](repeating: nil, count: Label.allCases.count)
        for label in Label.allCases { labelDefaults[Self.slot(of: label)] = pack.replies.byLabel[label].map(add) }
        self.labelDefaults = labelDefaults
        handoffByRoute = pack.replies.handoffByRoute.mapValues(add)
        handoff = add(pack.replies.handoff)
        brand = settings.brand
        replyMax = settings.replyMax
        self.lists = lists
        self.sources = sources
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
