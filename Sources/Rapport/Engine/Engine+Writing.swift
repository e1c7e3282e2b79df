/// What a writer of this package reads to write a verdict's bytes without building a ``Verdict``
/// (issue 18): the pipeline's JSON writer classifies with ``Engine/classifyForWriting(_:in:parts:)``
/// and reads the label, scores, fired rules, escalation and spans from the workspace, so no rule id,
/// scores dictionary or span text is copied into a verdict and freed again.
extension Engine {
    /// Classifies `comment` in `workspace` like ``classify(_:in:parts:)``, leaving the verdict in
    /// `workspace`: read through ``Workspace/label``, ``Workspace/scoreValues``, ``Workspace/firedRules``,
    /// ``Workspace/escalationSummary``, ``Workspace/isTruncated``, ``routing(_:label:)``,
    /// ``Workspace/spanList`` with ``Workspace/classifiedText`` (spans made only with ``VerdictParts/spans``
    /// or ``VerdictParts/suggestions``) and ``Workspace/replies`` (only with ``VerdictParts/suggestions``).
    /// The values read are those of the verdict ``classify(_:in:parts:)`` gives.
    package func classifyForWriting(_ comment: Comment, in workspace: inout Workspace, parts: VerdictParts) {
        analyze(comment, keepTokens: false, in: &workspace)
        workspace.replyBytes.removeAll()
        if parts.isDisjoint(with: [.spans, .suggestions]) {
            workspace.spanRanges.clearKeepingStorage()
            return
        }
        spanRanges(in: &workspace)
        guard parts.contains(.suggestions) else { return }
        let found = workspace.spanRanges
        var text = workspace.text
        var replies = workspace.replyBytes
        workspace.replyBytes = ReplyBytes()
        suggestions(
            for: comment, in: workspace,
            spanText: { index in
                text.withUTF8 { bytes in
                    var slicer = ScalarSlicer(bytes)
                    return slicer.slice(found[index].start, found[index].end)
                }
            }, into: &replies)
        workspace.replyBytes = replies
    }

    /// The id of each rule of the pack, by rule index (``Workspace/firedRules`` holds such indices).
    package var ruleIDs: [String] { plan.ruleIDs }

    /// The names of the scored labels, in the order of ``Workspace/scoreValues``.
    package var scoredLabelNames: [String] { plan.scoredLabelNames }

    /// The verdict's `tags` and `route` for the comment classified last in a workspace, from its
    /// ``Workspace/firedRules`` and ``Workspace/label``: a writer that holds the workspace passes those two,
    /// not a copy of the workspace.
    package func routing(_ fired: [Int], label: Label) -> (tags: [String]?, route: String?) {
        plan.routing(fired, label: label)
    }

    /// ``routing(_:label:)`` for a writer to keep: a call on the engine, a value of many members, copied it
    /// out of the writer's verdict for every record.
    package var router: Router { Router(plan: plan) }

    /// The verdict's `tags` and `route` from the pack's verdict plan (see ``Engine/router``).
    package struct Router: Sendable {
        let plan: VerdictPlan

        /// ``Engine/routing(_:label:)``.
        package func routing(_ fired: [Int], label: Label) -> (tags: [String]?, route: String?) {
            plan.routing(fired, label: label)
        }
    }

}

extension Engine.Workspace {
    // The accessors are inlinable: a writer that holds the workspace reads its arrays in place, with no
    // retain and release of each (a call into this module gives each array back retained).

    /// The label decided for the comment classified last.
    @inlinable package var label: Label { decision.label }
    /// The scores of the comment classified last, in the order of ``Engine/scoredLabelNames``.
    @inlinable package var scoreValues: [Double] { decision.scores }
    /// The indices of the fired rules, ascending (pack order).
    @inlinable package var firedRules: [Int] { fired }
    /// The escalation raised for the comment classified last, if any.
    @inlinable package var escalationSummary: EscalationSummary? { escalation }
    /// Whether the comment classified last was truncated (the verdict's `truncated`).
    @inlinable package var isTruncated: Bool { truncated }

    /// The spans of the comment classified last by ``Engine/classifyForWriting(_:in:parts:)`` (with
    /// ``VerdictParts/spans`` or ``VerdictParts/suggestions``), in the verdict's order, before their text
    /// is cut out of ``classifiedText`` (with a ``ScalarSlicer``).
    @inlinable package var spanList: [Engine.SpanRange] { spanRanges }
    /// The text classified last: the comment's, or its first `maxScalars` scalars.
    @inlinable package var classifiedText: String { text }
    /// The replies rendered for the comment classified last by ``Engine/classifyForWriting(_:in:parts:)``.
    @inlinable package var replies: ReplyBytes { replyBytes }
}
