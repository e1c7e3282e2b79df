/// A loaded, validated rule pack: settings, lists, default replies and rules.
///
/// Load one with ``RulePack/load(from:limits:)`` or use ``RulePack/default``; compile it with ``Engine/init(pack:)``.
public struct RulePack: Sendable {
    public var settings: PackSettings
    /// Reusable phrase lists by name (used in patterns as `<name>`).
    public var lists: [String: PhraseList]
    /// Default replies per label, and the `handoff` replies used for critical escalations.
    public var replies: DefaultReplies
    /// Rules in file order.
    public var rules: [Rule]
    /// Pack-level examples of whole comments with their expected outcome.
    public var cases: [PackCase]
    /// Warnings found while loading (errors make loading throw instead).
    public var warnings: [Diagnostic]
    /// Field aliases from the `fields:` section: a name that `when` conditions and reply templates
    /// read, and the dotted paths tried in order when a comment has no field of that name itself
    /// (`followers: [author.followers, user.public_metrics.followers_count]`).
    public var fieldAliases: [String: [String]]
    /// Learned term weights added to the rules' scores (the `lexicon:` section), if any.
    public var lexicon: Lexicon?
    /// A learned check that escalates comments no rule escalates (the `escalation_model:` section), if any.
    public var escalationModel: EscalationModel?
    /// The pack's own labels (the `labels:` sections of all layers), in the order they were declared,
    /// lowest layer first. They score, decide and get replies like the built-in ones.
    public var labels: [Label] = []
    /// Where the pack's parts came from: its layers and the files, patches and `disable` entries.
    public var provenance = PackProvenance()

    public init(
        settings: PackSettings = PackSettings(), lists: [String: PhraseList] = [:], replies: DefaultReplies = DefaultReplies(),
        rules: [Rule] = [], cases: [PackCase] = [], warnings: [Diagnostic] = [], fieldAliases: [String: [String]] = [:]
    ) {
        self.fieldAliases = fieldAliases
        self.settings = settings
        self.lists = lists
        self.replies = replies
        self.rules = rules
        self.cases = cases
        self.warnings = warnings
    }

    /// The labels a rule can add score to, in score slot order: ``Label/scored``, then ``labels``.
    public var scoredLabels: [Label] { Label.scored + labels }

    /// Whether a rule has `tags` or a `route` (verdicts then carry `tags`/`route`).
    public var hasTagsOrRoutes: Bool { rules.contains { !$0.tags.isEmpty || $0.route != nil } }

    /// Every label a comment can get: ``Label/builtIn`` (`other` included), then ``labels``.
    public var allLabels: [Label] { Label.builtIn + labels }
}

/// The `pack:` section.
public struct PackSettings: Sendable, Hashable {
    public var name: String
    public var language: String
    /// Substituted for `{brand}` in replies.
    public var brand: String?
    /// A label needs at least this score, else the comment is `other`.
    public var threshold: Double
    /// Tie-break order between labels with equal scores.
    public var precedence: [Label]
    /// The list whose entries negate a following match (default `negators`).
    public var negatorList: String
    /// `greeting_fallback`: what `{author}` (and `{author.name}`, `{author.handle}`) shows when the
    /// comment has no author and the template gives no fallback of its own (`{author|there}` keeps its `there`).
    public var greetingFallback: String?
    /// `sign_off`: a template appended to every reply, after one space (or as written when it starts
    /// with white space, such as a line break).
    public var signOff: Template?
    /// `reply_max`: the longest reply, in Unicode scalars, for each platform (lowercased), compared with
    /// the comment's `platform` field; the entry `default` applies to comments with no platform or one
    /// not listed. A longer reply is dropped (the next variant is tried). Without a limit for a
    /// comment, its replies have no limit.
    public var replyMax: [String: Int]
    /// `praise_reply_margin`: by how many thresholds praise's score must lead a positive complaint score
    /// for praise's own replies to be offered; closer than that the pack's `mixed` replies come instead
    /// (as they do when any complaint rule or a praise rule of negative weight fired). One threshold
    /// decides the label; a cheerful reply asks for a clearer margin.
    public var praiseReplyMargin: Double
    /// `complaint_reply_margin`: while praise's score leads complaint's by less than this many thresholds,
    /// a fired complaint rule that scores turns a praise verdict's replies into the complaint's (sarcasm:
    /// "love how you lost my bag"); from this lead on, the pack's `mixed` replies come instead. Praise that
    /// wins clearly although a complaint rule fired is mostly praise that mentions a problem ("thank you
    /// for looking after her during the op, she's stealing socks again"), where "sorry this keeps
    /// happening" is the worst reply; on the dev sets' airline half A, 44 of the 57 such verdicts were
    /// people's praise (session 28, docs/DEFAULT-PACK.md).
    public var complaintReplyMargin: Double
    /// `praise_escalates`: the routes whose escalations stand on a comment labelled praise. Nil (the key
    /// left out): every route's. When set, an escalation on any other route, raised by a rule or by the
    /// escalation model, is not raised on a praise verdict: a happy customer who mentions an allergy
    /// that was handled well, or "switched and never looked back", is not a case for a person, while a
    /// farewell that thanks the brand still is when `crisis` is listed.
    public var praiseEscalates: [String]?

    /// The default ``praiseReplyMargin``.
    public static let defaultPraiseReplyMargin = 2.0
    /// The default ``complaintReplyMargin``: one threshold, the margin that decides a label.
    public static let defaultComplaintReplyMargin = 1.0

    public init(
        name: String = "unnamed", language: String = "en", brand: String? = nil, threshold: Double = 1.0,
        precedence: [Label] = [.complaint, .question, .praise], negatorList: String = "negators",
        greetingFallback: String? = nil, signOff: Template? = nil, replyMax: [String: Int] = [:],
        praiseReplyMargin: Double = defaultPraiseReplyMargin, praiseEscalates: [String]? = nil,
        complaintReplyMargin: Double = defaultComplaintReplyMargin
    ) {
        self.name = name
        self.language = language
        self.brand = brand
        self.threshold = threshold
        self.precedence = precedence
        self.negatorList = negatorList
        self.greetingFallback = greetingFallback
        self.signOff = signOff
        self.replyMax = replyMax
        self.praiseReplyMargin = praiseReplyMargin
        self.complaintReplyMargin = complaintReplyMargin
        self.praiseEscalates = praiseEscalates
    }

    /// The reply limit for a comment whose `platform` field is `platform` (nil when it has none): that
    /// platform's entry of ``replyMax`` (compared lowercased), else its `default` entry, else none.
    public func replyLimit(platform: String?) -> Int? {
        Self.replyLimit(in: replyMax, platform: platform)
    }

    /// The limit of `replyMax` for `platform` (see ``replyLimit(platform:)``).
    static func replyLimit(in replyMax: [String: Int], platform: String?) -> Int? {
        if replyMax.isEmpty { return nil }
        if let platform, let limit = replyMax[platform.lowercased()] { return limit }
        return replyMax[defaultPlatform]
    }

    /// The key of ``replyMax`` that applies when the comment's platform has no entry of its own.
    public static let defaultPlatform = "default"

    /// Whether the reply limit depends on the comment's platform: ``replyMax`` has an entry other than
    /// `default` (with only `default`, every comment has that limit and the platform is never read).
    public var replyLimitDependsOnPlatform: Bool {
        replyMax.keys.contains { $0 != Self.defaultPlatform }
    }
}

/// A named list of phrases; each entry may be several tokens.
public struct PhraseList: Sendable, Hashable {
    public var name: String
    public var entries: [String]
    public var location: SourceLocation

    public init(name: String, entries: [String], location: SourceLocation) {
        self.name = name
        self.entries = entries
        self.location = location
    }
}

/// The pack's `replies:` section.
public struct DefaultReplies: Sendable, Hashable {
    /// Default replies per label, used when no fired rule has its own.
    public var byLabel: [Label: [Template]]
    /// Replies used instead of any other when an escalation is critical.
    public var handoff: [Template]
    /// Handoff replies for a specific route (e.g. `crisis`), used before `handoff`.
    public var handoffByRoute: [String: [Template]]
    /// Replies offered instead of the praise replies when praise wins but the comment also shows a
    /// problem ("thanks, but my bag is still missing"): the complaint score is above zero and less
    /// than the pack's threshold below praise's. Without them such a comment gets the praise replies.
    public var mixed: [Template]
    /// Replies offered first, per route, when the pack's escalation model reads a comment as that
    /// route's case with a probability from its ``EscalationModel/caution`` up to its threshold, and no
    /// rule escalates the comment (`caution:`): they fit the case and the routine alike ("if you think
    /// someone else got into your account, …"). Not offered when the comment is decided praise or question.
    public var cautionByRoute: [String: [Template]]

    public init(
        byLabel: [Label: [Template]] = [:], handoff: [Template] = [], handoffByRoute: [String: [Template]] = [:], mixed: [Template] = [],
        cautionByRoute: [String: [Template]] = [:]
    ) {
        self.byLabel = byLabel
        self.handoff = handoff
        self.handoffByRoute = handoffByRoute
        self.mixed = mixed
        self.cautionByRoute = cautionByRoute
    }
}

/// One rule of a pack.
public struct Rule: Sendable, Hashable {
    public var id: String
    /// The label this rule adds weight to, if any (escalation-only rules have none).
    public var label: Label?
    public var weight: Double
    public var description: String?
    /// Any of these fires the rule (may be empty for a `when`-only rule).
    public var match: [Pattern]
    /// None of these may match.
    public var unless: [Pattern]
    /// Evaluated before the label is decided when it does not read `label` (it then gates the rule's
    /// weight), after it when it does.
    public var when: Condition?
    public var escalate: Escalation?
    public var reply: [Template]
    public var examples: RuleExamples
    /// Free-form tags, written into the verdict (`"tags"`) of every comment the rule fires on.
    public var tags: [String]
    /// Where a comment this rule fires on should go (`route:`), for rules that do not escalate; written
    /// into the verdict (`"route"`).
    public var route: String?
    /// For a praise rule (`resolves: true`): it tells that the person's problem was put right ("thought it
    /// was lost but it turned up, all good"), so on a praise verdict praise's own replies stand although
    /// complaint or question rules fired (see `Engine.praiseReplyChoice(in:)`).
    public var resolves = false
    /// Where the rule's mapping starts.
    public var location: SourceLocation
    /// The layer (an index into ``PackProvenance/layers``) its replies come from: the layer that
    /// defines the rule, or a higher one whose `patch:` set its `reply`. Replies of rules of higher
    /// layers are offered first.
    public var layer = 0

    public init(
        id: String, label: Label? = nil, weight: Double = 1, description: String? = nil, match: [Pattern] = [], unless: [Pattern] = [],
        when: Condition? = nil, escalate: Escalation? = nil, reply: [Template] = [], examples: RuleExamples = RuleExamples(),
        tags: [String] = [], location: SourceLocation
    ) {
        self.id = id
        self.label = label
        self.weight = weight
        self.description = description
        self.match = match
        self.unless = unless
        self.when = when
        self.escalate = escalate
        self.reply = reply
        self.examples = examples
        self.tags = tags
        self.location = location
    }
}

/// What a rule raises when it fires.
public struct Escalation: Sendable, Hashable {
    public var level: EscalationLevel
    public var route: String
    public var reason: String

    public init(level: EscalationLevel, route: String, reason: String) {
        self.level = level
        self.route = route
        self.reason = reason
    }
}

/// A rule's examples: comments it must fire on and comments it must stay quiet on.
public struct RuleExamples: Sendable, Hashable {
    public var fire: [Example]
    public var quiet: [Example]

    public init(fire: [Example] = [], quiet: [Example] = []) {
        self.fire = fire
        self.quiet = quiet
    }
}

/// One example comment and where it was written.
public struct Example: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// A pack-level example: a whole comment with its expected label, escalation and reply phrase.
public struct PackCase: Sendable, Hashable {
    public var text: String
    public var fields: [String: FieldValue]
    public var label: Label?
    public var escalation: EscalationLevel?
    /// `escalation: none`: the comment must not be escalated (a near miss: "my phone died", a routine
    /// question in another language).
    public var expectsNoEscalation = false
    /// A phrase the first suggestion must contain.
    public var replyContains: String?
    public var location: SourceLocation

    public init(
        text: String, fields: [String: FieldValue] = [:], label: Label? = nil, escalation: EscalationLevel? = nil,
        replyContains: String? = nil, location: SourceLocation
    ) {
        self.text = text
        self.fields = fields
        self.label = label
        self.escalation = escalation
        self.replyContains = replyContains
        self.location = location
    }
}
