/// The `escalation_model:` section: a learned check that escalates comments no rule escalates.
///
/// Patterns catch harm said in the words a pack names; people also describe it in ordinary words ("the
/// driver kept looking at his phone and swerved"). The model scores such comments: each term found in a
/// comment (a word or two adjacent words, as in a ``Lexicon``) adds its weights once, the bias is added,
/// and the `escalate` column's sum is a logistic score. When no rule escalates a comment and that score's
/// probability is at least ``threshold``, the comment is escalated on the route whose column sums highest,
/// at that route's level. `rapport lexicon --escalations` fits one to comments people labelled with an
/// escalation level and route. A layer's model replaces the one below it. See docs/ARCHITECTURE.md
/// ("Learned escalations").
public struct EscalationModel: Sendable, Hashable {
    /// The probability at or above which a comment is escalated (`at:`), above 0 and at most 1.
    public var threshold: Double
    /// The probability from which a comment the model does not escalate (below ``threshold``) gets the
    /// pack's caution replies for the model's route (`caution:`, ``DefaultReplies/cautionByRoute``), when
    /// no rule escalates it: "if someone else got into your account…" rather than a cheerful generic
    /// reply. Nil (the default): no caution replies. Above 0 and below ``threshold``.
    public var caution: Double?
    /// The routes the model chooses between, in the order of the table's route columns.
    public var routes: [String]
    /// Routes an escalation leans to (`prefer:`), each with a margin: when the model escalates, a route
    /// listed here whose column sums within its margin of the highest route's is chosen instead (the
    /// highest-summing such route), so a farewell that also reads like a cancellation goes to `crisis`,
    /// not `churn`. Not used for caution replies. Empty (the default): the highest route always.
    public var prefer: [String: Double] = [:]
    /// Routes with their own threshold (`route_at:`): a comment whose highest-summing route is listed here
    /// is escalated from that probability instead of ``threshold`` (above 0 and at most 1), so a pack can
    /// be more eager on a route where a miss costs most (a crisis) than on one where a false alarm does.
    /// ``prefer`` may then lean the escalation to another route; it never lowers the threshold. Below it,
    /// from ``caution``, the route's caution replies (none when its threshold is not above ``caution``).
    /// Empty (the default): ``threshold`` for every route.
    public var routeThresholds: [String: Double] = [:]
    /// Routes whose caution replies need a clear lead (`caution_lead:`): a comment read as such a route
    /// short of escalating gets its caution replies only when the route's column sums at least this much
    /// (at least 0) above every other route's, so a reply that names a crisis line needs more than a
    /// probability that some case is there ("still no refund… starting to think it's a scam" reads as a
    /// case, and only just more like a crisis than a repeated contact). Without the lead it gets no
    /// caution replies. Not used for escalations. Empty (the default): the highest route's caution
    /// replies whatever its lead.
    public var cautionLeads: [String: Double] = [:]
    /// The level of an escalation on each route (`levels:`); a route not listed escalates at `high`.
    public var levels: [String: EscalationLevel]
    /// Added to every comment's sums: the `escalate` column first, then one per route.
    public var bias: [Double]
    /// The terms, in the order they are written.
    public var terms: [EscalationModelTerm]
    /// Where the section starts.
    public var location: SourceLocation

    /// The number of weights per term and in the bias: `escalate` and one per route.
    public var width: Int { 1 + routes.count }

    /// The name of the table's first column.
    public static let escalateColumn = "escalate"

    /// Creates a model; `bias` and every term's weights have ``width`` values.
    public init(
        threshold: Double, caution: Double? = nil, routes: [String], levels: [String: EscalationLevel] = [:], bias: [Double] = [],
        terms: [EscalationModelTerm] = [], location: SourceLocation
    ) {
        self.threshold = threshold
        self.caution = caution
        self.routes = routes
        self.levels = levels
        self.bias = bias.isEmpty ? [Double](repeating: 0, count: 1 + routes.count) : bias
        self.terms = terms
        self.location = location
    }

    /// The level an escalation on `route` gets.
    public func level(of route: String) -> EscalationLevel { levels[route] ?? .high }

    /// The probability from which a comment whose highest-summing route is `route` is escalated.
    public func threshold(of route: String) -> Double { routeThresholds[route] ?? threshold }
}

/// One term of an ``EscalationModel``: its words and its weights (`escalate`, then one per route).
public struct EscalationModelTerm: Sendable, Hashable {
    /// The term as written: its normalized words joined by one space.
    public var text: String
    /// The term's normalized words (one or two).
    public var words: [String]
    /// The term's weights, ``EscalationModel/width`` of them.
    public var weights: [Double]
    /// Where the term is written.
    public var location: SourceLocation

    /// Creates a term; `words` are normalized token texts.
    public init(words: [String], weights: [Double], location: SourceLocation) {
        self.text = words.joined(separator: " ")
        self.words = words
        self.weights = weights
        self.location = location
    }

    /// Creates a term whose `text` is already its `words` joined by one space.
    init(text: String, words: [String], weights: [Double], location: SourceLocation) {
        self.text = text
        self.words = words
        self.weights = weights
        self.location = location
    }
}
