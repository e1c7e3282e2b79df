import RapportSupport

/// Evaluates `when` expressions over the decided label and a comment's fields.
///
/// Comparisons are typed: two numbers compare numerically; a number and a string compare
/// numerically when the string reads as a number in a usual English form (`12,500`, `12.5K`,
/// `1.2M`: `FieldNumber`; CSV fields arrive as text), and are otherwise
/// unequal and unordered; strings compare case-insensitively; booleans compare with booleans (or
/// with the strings `true`/`false`). A missing field equals nothing, so `==`, `<`, `<=`, `>`, `>=`
/// and `in` are false and `!=` and `not in` are true. A bare field is true when present and not
/// `false`, `0` or empty.
struct ConditionEvaluator {
    var fields: FieldLookup

    /// Evaluates `expression` (compiled for this one evaluation; the engine keeps its rules' compiled).
    func evaluate(_ expression: Expression) -> Bool {
        evaluate(CompiledCondition(expression))
    }

    func evaluate(_ condition: CompiledCondition) -> Bool {
        // Loops rather than `allSatisfy(evaluate)` and the like, which copy the evaluator (and its
        // comment) into a closure at every node.
        switch condition {
        case .and(let terms):
            for term in terms where !evaluate(term) { return false }
            return true
        case .or(let terms):
            for term in terms where evaluate(term) { return true }
            return false
        case .not(let inner):
            return !evaluate(inner)
        case .compare(let lhs, let op, let rhs):
            return compare(resolve(lhs), op, resolve(rhs))
        case .label(let key, let text, let equal):
            // The decided label is the field's value (``FieldLookup`` gives it before any other).
            guard let label = fields.label else { return compare(fields.value(key), equal ? .equal : .notEqual, .string(text)) }
            return Self.equalIgnoringCase(label.rawValue, text) == equal
        case .membership(let lhs, let candidates, let negated):
            let value = resolve(lhs)
            for candidate in candidates where compare(value, .equal, resolve(candidate)) { return !negated }
            return negated
        case .truthy(let operand):
            switch resolve(operand) {
            case nil, .null?: return false
            case .bool(let value)?: return value
            case .number(let value)?: return value != 0
            case .string(let text)?: return !text.isEmpty && text.lowercased() != "false"
            }
        }
    }

    private func resolve(_ operand: CompiledOperand) -> FieldValue? {
        switch operand {
        case .field(let key): fields.value(key)
        case .constant(let value): value
        }
    }

    private func compare(_ lhs: FieldValue?, _ op: ComparisonOperator, _ rhs: FieldValue?) -> Bool {
        guard let order = Self.order(lhs, rhs) else { return op == .notEqual }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order == -1
        case .lessOrEqual: return order == -1 || order == 0
        case .greater: return order == 1
        case .greaterOrEqual: return order == 1 || order == 0
        }
    }

    /// -1, 0, 1 for ordered values; 2 for values that are comparable for equality only and differ;
    /// nil when either side is missing or the types cannot be compared.
    static func order(_ lhs: FieldValue?, _ rhs: FieldValue?) -> Int? {
        guard let lhs, let rhs else { return nil }
        switch (lhs, rhs) {
        case (.null, _), (_, .null): return nil
        case (.number(let a), .number(let b)): return sign(a, b)
        case (.number(let a), .string(let text)):
            guard let b = FieldNumber.parse(text) else { return nil }
            return sign(a, b)
        case (.string(let text), .number(let b)):
            guard let a = FieldNumber.parse(text) else { return nil }
            return sign(a, b)
        case (.string(let a), .string(let b)):
            if a == b { return 0 }
            if let order = asciiOrderIgnoringCase(a, b) { return order }
            let x = a.lowercased(), y = b.lowercased()
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : 2
        case (.bool(let a), .string(let text)), (.string(let text), .bool(let a)):
            let lowered = text.lowercased()
            guard lowered == "true" || lowered == "false" else { return nil }
            return (lowered == "true") == a ? 0 : 2
        case (.bool, .number), (.number, .bool): return nil
        }
    }

    /// Whether ``order(_:_:)`` of the strings `a` and `b` is 0: equal, else equal lowercased.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if let order = asciiOrderIgnoringCase(a, b) { return order == 0 }
        return a.lowercased() == b.lowercased()
    }

    /// The order of `a` and `b` lowercased (-1, 0, 1) when both are ASCII, compared byte by byte as
    /// `String` compares ASCII text; nil when either is not ASCII (the caller lowercases them then).
    static func asciiOrderIgnoringCase(_ a: String, _ b: String) -> Int? {
        let order: Int?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Int? in
                for byte in x where byte >= 0x80 { return nil }
                for byte in y where byte >= 0x80 { return nil }
                for index in 0..<min(x.count, y.count) {
                    let p = lowercase(x[index]), q = lowercase(y[index])
                    if p != q { return p < q ? -1 : 1 }
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            } ?? nil
        }
        return order ?? nil
    }

    @inline(__always)
    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func sign(_ a: Double, _ b: Double) -> Int? {
        if a.isNaN || b.isNaN { return nil }
        return a == b ? 0 : (a < b ? -1 : 1)
    }
}
