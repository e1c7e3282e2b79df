/// One evaluated record: what people said and what the engine decided.
public struct EvaluatedRecord: Sendable, Hashable {
    public var record: LabelledRecord
    public var verdict: Verdict

    public init(record: LabelledRecord, verdict: Verdict) {
        self.record = record
        self.verdict = verdict
    }
}

/// How well a pack's labels agree with people's labels on one data set
/// (what `rapport eval` prints): per-label metrics, macro-F1, accuracy, the confusion matrix,
/// the rule hit-frequency report and the worst errors.
public struct EvaluationReport: Sendable, Hashable, Codable {
    /// Records compared.
    public var records: Int
    /// Records that could not be read (they are not in the figures).
    public var problems: [RecordProblem]
    /// The mapping applied to both label sets before comparing.
    public var mapping: [String: String]
    /// The compared labels (after mapping): every label people gave or the engine predicted.
    public var labels: [String]
    public var perLabel: [LabelMetrics]
    /// The mean F1 over ``labels``.
    public var macroF1: Double
    public var accuracy: Double
    public var confusion: ConfusionMatrix
    /// Every rule of the pack, in pack order, with its hits on this data.
    public var rules: [RuleHits]
    /// Ids of rules that never fired on this data, in pack order.
    public var neverFired: [String]
    /// The most confident wrong predictions of a label, worst first.
    public var worstFalsePositives: [EvaluationError]
    /// Records whose label was missed, those pulled hardest to another label first.
    public var worstFalseNegatives: [EvaluationError]
    /// The escalation figures, when the data has people's escalations or routes.
    public var escalation: EscalationReport?

    /// Computes the report from evaluated records.
    /// - Parameters:
    ///   - evaluated: every labelled record with the verdict the pack gave it.
    ///   - rules: the pack's rules (for the hit report and the rules that never fired).
    ///   - mapping: how the pack's labels map to the labels people gave.
    ///   - top: how many false positives and false negatives to keep.
    ///   - problems: the input records that could not be evaluated, reported as they are.
    ///   - routeMapping: how routes are renamed before people's and the pack's escalations are compared.
    public init(
        evaluated: [EvaluatedRecord], rules: [Rule], mapping: LabelMapping = LabelMapping(),
        top: Int = 10, problems: [RecordProblem] = [], routeMapping: LabelMapping = EscalationReport.defaultRouteMapping
    ) {
        self.records = evaluated.count
        self.problems = problems
        self.mapping = mapping.renames
        let pairs = evaluated.map { (gold: mapping.map($0.record.label), predicted: mapping.map($0.verdict.label.rawValue)) }
        var labelSet = Set<String>()
        for pair in pairs {
            labelSet.insert(pair.gold)
            labelSet.insert(pair.predicted)
        }
        let labels = reportOrder(labelSet)
        self.labels = labels
        self.confusion = ConfusionMatrix(labels: labels, pairs: pairs)
        self.perLabel = labels.map { LabelMetrics(counting: $0, in: pairs) }
        self.macroF1 = perLabel.isEmpty ? 0 : perLabel.map(\.f1).reduce(0, +) / Double(perLabel.count)
        let correct = pairs.filter { $0.gold == $0.predicted }.count
        self.accuracy = pairs.isEmpty ? 0 : Double(correct) / Double(pairs.count)
        let hits = RuleHits.report(evaluated: evaluated, rules: rules, mapping: mapping)
        self.rules = hits
        self.neverFired = hits.filter { $0.hits == 0 }.map(\.rule)
        let errors = EvaluationError.errors(in: evaluated, rules: rules, mapping: mapping)
        self.worstFalsePositives = Array(errors.falsePositives.prefix(max(0, top)))
        self.worstFalseNegatives = Array(errors.falseNegatives.prefix(max(0, top)))
        self.escalation = EscalationReport(evaluated: evaluated, routeMapping: routeMapping, top: top)
    }

    /// The metrics of one compared label, if it is compared.
    public func metrics(for label: String) -> LabelMetrics? {
        perLabel.first { $0.label == label }
    }
}
