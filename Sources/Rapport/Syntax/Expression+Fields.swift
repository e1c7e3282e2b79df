extension Expression {
    /// The dotted field names the expression reads (`label`, `author.followers`), each once, in the
    /// order they are first written.
    public var fieldNames: [String] {
        var names: [String] = []
        var seen: Set<String> = []
        func add(_ operand: Operand) {
            if case .field(let path) = operand.kind {
                let name = path.joined(separator: ".")
                if seen.insert(name).inserted { names.append(name) }
            }
        }
        // An explicit stack: chains are flat, but `not` and parentheses nest.
        var pending: [Expression] = [self]
        while let expression = pending.popLast() {
            switch expression.kind {
            case .and(let terms), .or(let terms): pending.append(contentsOf: terms.reversed())
            case .not(let inner): pending.append(inner)
            case .compare(let lhs, _, let rhs): add(lhs); add(rhs)
            case .membership(let lhs, let candidates, _): add(lhs); candidates.forEach(add)
            case .truthy(let operand): add(operand)
            }
        }
        return names
    }

    /// Whether the expression reads the decided `label`. A rule's `when` that does not is evaluated
    /// before the label is decided and gates the rule's weight; one that does is evaluated after.
    public var mentionsLabel: Bool { fieldNames.contains("label") }
}
