/// A pack's reply templates compiled once per engine, in lists addressed by number.
///
/// List `r` holds the replies of rule `r` (empty when the rule has none); after the rules come the
/// default replies of the labels, the handoff replies per route, the general handoff replies, the
/// replies to praise that shows a problem and the caution replies per route.
final class CompiledReplies: Sendable {
    let lists: [[CompiledTemplate]]
    /// Every label of the pack (``RulePack/allLabels``) and, at the same index, the list of its
    /// default replies when the pack gives that label an entry.
    let labels: [Label]
    /// The templates of ``lists`` as written (without the sign-off), for explanations.
    let sources: [[String]]
    let labelDefaults: [Int?]
    /// The handoff list of each route the pack gives an entry.
    let handoffByRoute: [String: Int]
    /// The general handoff list.
    let handoff: Int
    /// The caution list of each route the pack gives one (``DefaultReplies/cautionByRoute``).
    let cautionByRoute: [String: Int]
    /// The list of replies to praise that shows a problem (``DefaultReplies/mixed``), when the pack has them.
    let mixed: Int?
    /// `{brand}` in replies.
    let brand: String?
    /// The pack's `reply_max` (``PackSettings/replyMax``), empty when replies have no limit (most
    /// packs: the platform is then never read); the greeting fallback and the sign-off are compiled
    /// into the templates.
    let replyMax: [String: Int]
    /// Whether the limit depends on the comment's platform (``PackSettings/replyLimitDependsOnPlatform``);
    /// when not, ``everyLimit`` is every comment's limit.
    let limitDependsOnPlatform: Bool
    /// ``replyMax``'s `default` entry, looked up once (nil: none).
    let everyLimit: Int?
    /// ``lists`` laid out for rendering replies as UTF-8 (``ReplyCodeRenderer``).
    let code: ReplyCode

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
        labels = pack.allLabels
        labelDefaults = labels.map { pack.replies.byLabel[$0].map(add) }
        handoffByRoute = pack.replies.handoffByRoute.mapValues(add)
        handoff = add(pack.replies.handoff)
        mixed = pack.replies.mixed.isEmpty ? nil : add(pack.replies.mixed)
        // Sorted, so the lists are numbered the same way on every load.
        var caution: [String: Int] = [:]
        for route in pack.replies.cautionByRoute.keys.sorted() { caution[route] = add(pack.replies.cautionByRoute[route]!) }
        cautionByRoute = caution
        brand = settings.brand
        replyMax = settings.replyMax
        limitDependsOnPlatform = settings.replyLimitDependsOnPlatform
        everyLimit = settings.replyMax[PackSettings.defaultPlatform]
        self.lists = lists
        self.sources = sources
        code = ReplyCode(lists: lists, brand: settings.brand)
    }

    /// The slots of the built-in labels in ``labels`` (``Label/builtIn`` comes first).
    static let question = 0, complaint = 1, praise = 2, other = 3

    /// The slot of `label` in ``labels`` (that of `other` for a label the pack does not have).
    func slot(of label: Label) -> Int {
        labels.firstIndex(of: label) ?? Self.other
    }

    /// The list of the default replies of `label`, if the pack gives it an entry.
    func defaults(for label: Label) -> Int? {
        labelDefaults[slot(of: label)]
    }
}
