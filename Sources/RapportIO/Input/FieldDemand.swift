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

    /// The keys `pack` can read (``RulePack/referencedFields``).
    public init(pack: RulePack) {
        self.init(keys: pack.referencedFields)
    }
}
