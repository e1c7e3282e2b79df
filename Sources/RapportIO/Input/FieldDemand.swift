public import Rapport

/// The comment fields a rule pack can read: the dotted keys of its `when` expressions and reply
/// templates. A decoder that knows them keeps only those fields of each record (``RecordDecoder/demanding(_:)``).
///
/// This mirrors how the engine reads `Comment.fields` (its `FieldLookup`): a `when` operand or a
/// template variable names one dotted key; `{field.x.y}` names `x.y`; `author`, `author.name` and
/// `author.handle` stand in for one another; `author.followers` may come from a follower-count alias
/// (``FieldMapping/followerAliases``). Nothing else of `Comment.fields` reaches a verdict.
public struct FieldDemand: Sendable, Hashable {
    /// The dotted keys, with the stand-ins above already added.
    public private(set) var keys: Set<String>

    /// Exactly `keys` (plus their stand-ins).
    public init(keys: Set<String>) {
        self.keys = keys
        let authorKeys: Set<String> = ["author", "author.name", "author.handle"]
        if !self.keys.isDisjoint(with: authorKeys) { self.keys.formUnion(authorKeys) }
        if self.keys.contains("author.followers") { self.keys.formUnion(FieldMapping.followerAliases) }
    }

    /// The keys `pack` can read.
    public init(pack: RulePack) {
        var keys: Set<String> = []
        func add(_ expression: Expression) {
            switch expression.kind {
            case .and(let lhs, let rhs), .or(let lhs, let rhs): add(lhs); add(rhs)
            case .not(let inner): add(inner)
            case .compare(let lhs, _, let rhs): add(lhs); add(rhs)
            case .membership(let lhs, let candidates, _): add(lhs); candidates.forEach(add)
            case .truthy(let operand): add(operand)
            }
        }
        func add(_ operand: Operand) {
            if case .field(let path) = operand.kind { keys.insert(path.joined(separator: ".")) }
        }
        func add(_ templates: [Template]) {
            for template in templates {
                for case .variable(let path, _, _) in template.segments {
                    keys.insert(path.joined(separator: "."))
                    if path.count > 1, path[0] == "field" { keys.insert(path.dropFirst().joined(separator: ".")) }
                }
            }
        }
        for rule in pack.rules {
            if let condition = rule.when { add(condition.expression) }
            add(rule.reply)
        }
        for templates in pack.replies.byLabel.values { add(templates) }
        add(pack.replies.handoff)
        for templates in pack.replies.handoffByRoute.values { add(templates) }
        self.init(keys: keys)
    }
}
