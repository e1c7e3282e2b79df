extension Engine {
    /// The label `classify(_:)` would give `comment`, without building the verdict (no spans, replies or
    /// rule-id arrays): tokenizing, matching and the decision only. For benchmarks that measure the
    /// matcher and decision alone; `classify(_:)` is the API.
    @_spi(Benchmarking)
    public func decide(_ comment: Comment) -> Label {
        let buffers = AnalysisBuffers.current
        var taken = buffers.take()
        var analysis = analyze(comment, keepTokens: false, buffers: &taken)
        let label = analysis.decision.label
        buffers.recycle(&analysis, context: &taken.context)
        return label
    }
}
