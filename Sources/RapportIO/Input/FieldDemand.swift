public import Rapport

/// The comment fields a decoder must keep for an engine: the keys the engine can read
/// (`Engine.readableFields`, which names the stand-ins its field lookup applies), plus the
/// follower-count aliases this reader may put under `author.followers` (``FieldMapping/followerAliases``).
/// A decoder that knows them keeps only those fields of each record (``RecordDecoder/demanding(_:)``);
/// nothing else of `Comment.fields` reaches a verdict.
public struct FieldDemand: Sendable, Hashable {
    /// The dotted keys, follower aliases included.
    public private(set) var keys: Set<String>
    /// Whether a decoder sets `Comment.author` (JSON records; a decoder may set it anyway): true unless
    /// the demand says the engine reads no author field (``init(pack:rendersReplies:)``). An output that shows
    /// the author itself (a CSV `author` column) sets it again.
    public var keepsAuthor = true

    /// Exactly `keys` (as `Engine.readableFields` gives them), plus the follower aliases
    /// when `author.followers` is among them.
    public init(keys: Set<String>) {
        self.keys = keys
        if keys.contains("author.followers") { self.keys.formUnion(FieldMapping.followerAliases) }
    }

    /// The fields `engine` can read.
    public init(engine: Engine) {
        self.init(keys: engine.readableFields)
    }

    /// The fields an engine running `pack` can read (`RulePack.readableFields`).
    public init(pack: RulePack) {
        self.init(keys: pack.readableFields)
    }

    /// The fields an engine running `pack` reads when its replies are rendered only if `rendersReplies`
    /// (`RulePack.readableFields(rendersReplies:)`: without replies, those its `when` expressions and field
    /// aliases name). `Comment.author` is kept only when the engine can read it: `author` stands in
    /// for `author.name` and `author.handle`, so it is among the keys whenever one of the three is.
    public init(pack: RulePack, rendersReplies: Bool) {
        self.init(keys: pack.readableFields(rendersReplies: rendersReplies))
        keepsAuthor = keys.contains("author")
    }
}
