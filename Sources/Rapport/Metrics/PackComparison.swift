/// Two packs on the same labelled data (`rapport eval --compare`): per-label figures before and
/// after, and the records whose label changed, split into fixed (wrong before, right after), broken
/// (right before, wrong after) and still wrong, each with the rules behind the change.
public struct PackComparison: Sendable, Hashable, Codable {
    /// One label's figures with each pack.
    public struct LabelChange: Sendable, Hashable, Codable {
        public var label: String
        public var before: LabelMetrics
        public var after: LabelMetrics
        /// `after.f1 - before.f1`.
        public var f1Change: Double { after.f1 - before.f1 }

        enum CodingKeys: String, CodingKey { case label, before, after, f1Change }

        public init(label: String, before: LabelMetrics, after: LabelMetrics) {
            self.label = label
            self.before = before
            self.after = after
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            label = try c.decode(String.self, forKey: .label)
            before = try c.decode(LabelMetrics.self, forKey: .before)
            after = try c.decode(LabelMetrics.self, forKey: .after)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(label, forKey: .label)
            try c.encode(before, forKey: .before)
            try c.encode(after, forKey: .after)
            try c.encode(f1Change, forKey: .f1Change)
        }
    }

    /// A record whose (mapped) label differs between the packs.
    public struct RecordChange: Sendable, Hashable, Codable {
        public var id: String
        public var line: Int
        public var text: String
        /// People's label, after mapping.
        public var expected: String
        /// The first pack's label and the second's, after mapping.
        public var before: String
        public var after: String
        /// Rules that fire with the second pack only, and with the first only (in pack order).
        public var rulesAdded: [String]
        public var rulesRemoved: [String]
        /// Rules of the second pack that fired and carry its new label (what now decides it).
        public var causes: [String]
        /// Every rule the second pack fired, in pack order.
        public var fired: [String]
    }

    /// The names of the two packs.
    public var packBefore: String
    public var packAfter: String
    public var macroF1Before: Double
    public var macroF1After: Double
    public var accuracyBefore: Double
    public var accuracyAfter: Double
    /// Every label either report compares, in report order.
    public var labels: [LabelChange]
    /// Wrong with the first pack, right with the second.
    public var fixed: [RecordChange]
    /// Right with the first pack, wrong with the second.
    public var broken: [RecordChange]
    /// Wrong with both, with different labels.
    public var stillWrong: [RecordChange]

    /// Compares the verdicts of two packs on the same records (`before[i]` and `after[i]` are the same record).
    /// - Parameters:
    ///   - before: each record as the first pack classified it.
    ///   - after: the same records, in the same order, as the second pack classified them.
    ///   - rulesAfter: the second pack's rules (to name the rules behind a new label).
    ///   - packBefore: the first pack's name, for the report.
    ///   - packAfter: the second pack's name, for the report.
    ///   - mapping: the label renames applied to people's and the packs' labels before comparing.
    public init(
        before: [EvaluatedRecord], after: [EvaluatedRecord], rulesAfter: [Rule], packBefore: String, packAfter: String,
        mapping: LabelMapping = LabelMapping()
    ) {
        let reportBefore = EvaluationReport(evaluated: before, rules: [], mapping: mapping, top: 0)
        let reportAfter = EvaluationReport(evaluated: after, rules: [], mapping: mapping, top: 0)
        self.packBefore = packBefore
        self.packAfter = packAfter
        macroF1Before = reportBefore.macroF1
        macroF1After = reportAfter.macroF1
        accuracyBefore = reportBefore.accuracy
        accuracyAfter = reportAfter.accuracy
        let names = reportOrder(Set(reportBefore.labels).union(reportAfter.labels))
        func metrics(_ report: EvaluationReport, _ label: String) -> LabelMetrics {
            report.metrics(for: label) ?? LabelMetrics(label: label, truePositives: 0, falsePositives: 0, falseNegatives: 0)
        }
        labels = names.map { LabelChange(label: $0, before: metrics(reportBefore, $0), after: metrics(reportAfter, $0)) }

        var labelOf: [String: String] = [:]
        for rule in rulesAfter where labelOf[rule.id] == nil { labelOf[rule.id] = rule.label.map { mapping.map($0.rawValue) } }
        var fixed: [RecordChange] = [], broken: [RecordChange] = [], stillWrong: [RecordChange] = []
        for (old, new) in zip(before, after) {
            let gold = mapping.map(old.record.label)
            let was = mapping.map(old.verdict.label.rawValue), now = mapping.map(new.verdict.label.rawValue)
            guard was != now else { continue }
            let oldRules = Set(old.verdict.rules), newRules = Set(new.verdict.rules)
            let change = RecordChange(
                id: old.record.id, line: old.record.line, text: old.record.text, expected: gold, before: was, after: now,
                rulesAdded: new.verdict.rules.filter { !oldRules.contains($0) },
                rulesRemoved: old.verdict.rules.filter { !newRules.contains($0) },
                causes: new.verdict.rules.filter { labelOf[$0] == now }, fired: new.verdict.rules)
            if now == gold { fixed.append(change) } else if was == gold { broken.append(change) } else { stillWrong.append(change) }
        }
        self.fixed = fixed
        self.broken = broken
        self.stillWrong = stillWrong
    }
}
