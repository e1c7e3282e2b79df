/// A `when` expression prepared once per engine: each field path is a ``FieldKey`` (joined and
/// classified once, not per comment) and each constant operand already a ``FieldValue``.
/// ``ConditionEvaluator`` evaluates it with the same semantics as the ``Expression`` it came from.
indirect enum CompiledCondition: Sendable {
    /// Every term holds.
    case and([CompiledCondition])
    /// Some term holds.
    case or([CompiledCondition])
    case not(CompiledCondition)
    /// `left op right`
    case compare(CompiledOperand, ComparisonOperator, CompiledOperand)
    /// `left in [a, b]` (or `not in`)
    case membership(CompiledOperand, [CompiledOperand], negated: Bool)
    /// A bare field: true when present and truthy.
    case truthy(CompiledOperand)
    /// `label == text` (`equal`) or `label != text`, where `key` is the field `label`: the decided
    /// label compared with the text as `==` compares two strings (ignoring case), without looking the
    /// label up (``ConditionEvaluator`` falls back to that when no label is decided).
    case label(FieldKey, String, equal: Bool)

    /// Compiles `expression`.
    init(_ expression: Expression) {
        switch expression.kind {
        case .and(let terms): self = .and(terms.map(CompiledCondition.init))
        case .or(let terms): self = .or(terms.map(CompiledCondition.init))
        case .not(let inner): self = .not(CompiledCondition(inner))
        case .compare(let lhs, let op, let rhs):
            let left = CompiledOperand(lhs), right = CompiledOperand(rhs)
            if case .field(let key) = left, key.builtin == .label, case .constant(.string(let text)) = right, op == .equal || op == .notEqual {
                self = .label(key, text, equal: op == .equal)
            } else {
                self = .compare(left, op, right)
            }
        case .membership(let lhs, let candidates, let negated):
            self = .membership(CompiledOperand(lhs), candidates.map(CompiledOperand.init), negated: negated)
        case .truthy(let operand): self = .truthy(CompiledOperand(operand))
        }
    }

    /// The text the decided label must equal, ignoring case (as ``ConditionEvaluator`` compares them),
    /// for this condition to hold: the text of a `label == text`, or of the first term of an `and` that
    /// requires one. Nil when the condition requires no label (it must then be evaluated to tell).
    ///
    /// The engine evaluates the `when` of a rule that reads `label` only when the decided label equals
    /// this text: otherwise the `label == text` is false, so the condition is (an evaluation reads nothing
    /// but fields, so no other term can change that).
    var requiredLabel: String? {
        switch self {
        case .label(_, let text, let equal): return equal ? text : nil
        case .and(let terms):
            for term in terms {
                if let text = term.requiredLabel { return text }
            }
            return nil
        case .or, .not, .compare, .membership, .truthy: return nil
        }
    }
}

/// An operand of a ``CompiledCondition``: a comment field, or a constant.
enum CompiledOperand: Sendable {
    case field(FieldKey)
    case constant(FieldValue)

    /// Compiles `operand`: a dotted path becomes the key of the whole dotted name (as ``FieldLookup``
    /// looks it up), a literal its value.
    init(_ operand: Operand) {
        switch operand.kind {
        case .field(let path): self = .field(FieldKey(path.count == 1 ? path[0] : path.joined(separator: ".")))
        case .number(let value): self = .constant(.number(value))
        case .string(let text): self = .constant(.string(text))
        case .bool(let value): self = .constant(.bool(value))
        }
    }
}
