/// A compiled rule pack that classifies comments. Immutable and `Sendable`: share one across threads.
public struct Engine: Sendable {
    /// The pack this engine was compiled from.
    public let pack: RulePack

    /// Compiles `pack` into one matcher. Throws the diagnostics of anything that cannot compile.
    public init(pack: RulePack) throws(RulePackError) {
        self.pack = pack
    }

    /// Classifies one comment.
    public func classify(_ comment: Comment) -> Verdict {
        Verdict(id: comment.id, label: .other, scores: [:], rules: [], escalation: nil, suggestions: [], spans: [])
    }
}
