import RapportSupport
extension Explanation {
    /// When a rule's `when` is evaluated.
    public enum ConditionStage: String, Sendable, Hashable, Codable {
        /// The condition does not read `label`: it is evaluated before the decision and gates the
        /// rule's weight.
        case beforeDecision = "before-decision"
        /// The condition reads `label`: it is evaluated after the decision; the rule's weight never
        /// counts toward a score.
        case afterDecision = "after-decision"
    }

    /// A comment field a `when` condition reads, as the condition saw it.
    public struct FieldReading: Sendable, Hashable, Codable {
        /// What the value is to a comparison.
        public enum Kind: String, Sendable, Hashable, Codable {
            /// A number, or text that reads as one (`12,500`, `12.5K`, `1.2M`).
            case number
            /// Text that is not a number: compared as text; never ordered against a number.
            case text
            case boolean
            /// The comment has no such field (or it is `null` or empty): it equals nothing.
            case missing
        }

        /// The field name as the condition writes it.
        public var name: String
        /// The field the value came from, when it is an alias path (`fields:`) rather than `name` itself.
        public var source: String?
        /// The value as the comment gives it (nil when missing).
        public var value: String?
        public var kind: Kind
        /// The number a text value was read as (`12,500` → 12500), when it is text that reads as one.
        public var number: Double?
    }
}

extension Engine {
    /// The report of `rule`'s `when` for `comment`: when it is evaluated, its outcome (`result`, or
    /// evaluated now when the analysis did not get to it) and the fields it reads.
    func conditionReport(rule index: Int, comment: Comment, analysis: Workspace, result: Bool?) -> Explanation.ConditionResult? {
        let rule = pack.rules[index]
        guard let condition = rule.when else { return nil }
        let stage: Explanation.ConditionStage = compiled.ruleConditionGates[index] ? .beforeDecision : .afterDecision
        let label = stage == .beforeDecision ? nil : analysis.decision.label
        let (outcome, fields) = FieldLookup.with(comment, label: label, aliases: pack.fieldAliases) { lookup in
            (
                result ?? ConditionEvaluator(fields: lookup).evaluate(condition.expression),
                condition.expression.fieldNames.filter { $0 != "label" }.map { name in Self.reading(name, lookup.source(of: name)) }
            )
        }
        return Explanation.ConditionResult(rule: rule.id, condition: condition.source, result: outcome, stage: stage, fields: fields)
    }

    private static func reading(_ name: String, _ found: (value: FieldValue, field: String)?) -> Explanation.FieldReading {
        guard let found else { return Explanation.FieldReading(name: name, value: nil, kind: .missing) }
        let source = found.field == name ? nil : found.field
        switch found.value {
        case .null: return Explanation.FieldReading(name: name, value: nil, kind: .missing)
        case .bool(let value): return Explanation.FieldReading(name: name, source: source, value: String(value), kind: .boolean)
        case .number(let value): return Explanation.FieldReading(name: name, source: source, value: NumberText.compact(value), kind: .number)
        case .string(let text):
            if let number = FieldNumber.parse(text) {
                return Explanation.FieldReading(name: name, source: source, value: text, kind: .number, number: number)
            }
            return Explanation.FieldReading(name: name, source: source, value: text, kind: .text)
        }
    }
}
