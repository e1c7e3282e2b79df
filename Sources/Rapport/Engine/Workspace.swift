extension Engine {
    /// The scratch storage of classifying one comment after another: the comment's token stream, the
    /// matcher's scratch, the hits and what each stage works out about the current comment.
    ///
    /// Its arrays keep their storage from comment to comment, so a caller that classifies many comments
    /// keeps one workspace per thread and passes it to ``Engine/classify(_:in:parts:)``: once the arrays
    /// have grown to the largest comment, classifying allocates only the verdict. A workspace belongs to
    /// its caller, never to the engine; it may be used with any engine, one comment at a time.
    /// ``Engine/classify(_:)`` makes a temporary one.
    ///
    /// ```swift
    /// var workspace = Engine.Workspace()
    /// for comment in comments {
    ///     let verdict = engine.classify(comment, in: &workspace)
    ///     // ...
    /// }
    /// ```
    public struct Workspace: Sendable {
        /// The classified text: the comment's text, or its first `maxScalars` scalars.
        @usableFromInline var text = ""
        /// Whether the text was cut to `maxScalars`, or matching stopped at `maxMatchSteps`.
        @usableFromInline var truncated = false
        /// The comment's `Token` values, when they were asked for (explanations); empty otherwise.
        var tokens: [Token] = []
        /// The tokens as the matcher reads them.
        var stream = TokenStream(capacity: 0)
        /// The matcher's own scratch (opaque to the stages).
        var matching = MatchContext()
        var hits: [RawHit] = []
        /// What became of each hit (parallel to `hits`).
        var status: [Explanation.HitStatus] = []
        /// The tokens of the negator of each `.negated` hit, in the order of the hits.
        var negators: [Range<Int>] = []
        /// Rules silenced by an `unless` hit, ascending.
        var silenced: [Int] = []
        /// Rules with a counted `match` hit (and not silenced), ascending.
        var matched: [Int] = []
        /// Rules without `when` that fired: they make the scores.
        var scoring: [Int] = []
        /// Matched rules with a `when` condition, ascending: evaluated after the decision.
        var conditional: [Int] = []
        /// The lexicon terms found in the comment, ascending (empty without a lexicon).
        var lexiconTerms: [Int32] = []
        /// Whether the lexicon's bias and terms were added (the pack has one and the rules' winner is not `question`).
        var lexiconApplied = false
        @usableFromInline var decision = LabelDecision(scores: [], threshold: 0, slots: ScoreSlots(labels: [], precedence: []))
        /// `when` rules considered after the decision, with their outcome, in pack order.
        var conditions: [(rule: Int, result: Bool)] = []
        /// All fired rules, ascending (pack order).
        @usableFromInline var fired: [Int] = []
        @usableFromInline var escalation: EscalationSummary?
        /// The route whose caution replies come first, when the escalation model read the comment from its
        /// caution probability up to its threshold and no rule escalated it (see ``EscalationModel/caution``).
        var cautionRoute: String?
        /// The escalation the comment would have had, when its praise label and the pack's
        /// `praise_escalates` kept it from being raised (for `explain`).
        var escalationHeldForPraise: EscalationSummary?
        /// The escalation model's terms found in the comment (scratch of the escalate stage).
        var escalationTerms: [Int32] = []
        /// The spans of the fired rules before their text is cut out (see `Engine.spanRanges(in:)`).
        @usableFromInline var spanRanges: [SpanRange] = []
        /// The replies rendered as UTF-8 by ``Engine/classifyForWriting(_:in:parts:)``.
        @usableFromInline var replyBytes = ReplyBytes()

        /// An empty workspace; its arrays grow with the first comments classified in it.
        public init() {}
    }

    /// A span before its text is cut out: a fired rule (its index) and a scalar range.
    @usableFromInline
    package struct SpanRange: Equatable, Sendable {
        /// The fired rule, an index into the comment's fired rule ids.
        package var rule: Int
        /// The first Unicode scalar of the span in the comment's text.
        package var start: Int
        /// One past the span's last Unicode scalar (a half-open range).
        package var end: Int
    }
}

extension Array {
    /// Empties the array and keeps its storage for the next comment, doing nothing when it is already
    /// empty (where `removeAll(keepingCapacity:)` still checks uniqueness and reassigns the storage). The
    /// few values of a comment's short lists are removed one by one, which costs less than the generic
    /// range removal.
    @inline(__always)
    mutating func clearKeepingStorage() {
        if !isEmpty { removeLastKeepingStorage(count) }
    }

    /// Removes the last `k` values (at least one), keeping the storage: a few one by one, which costs
    /// less than the generic range removal, more at once.
    @inline(__always)
    mutating func removeLastKeepingStorage(_ k: Int) {
        if k <= 4 {
            for _ in 0..<k { removeLast() }
        } else {
            removeLast(k)
        }
    }
}
