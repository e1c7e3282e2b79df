/// The stages of classifying a comment, in order:
/// `tokenize → match → settle → decide → evaluateConditions → escalate`, then `render` (in Engine.swift).
/// Each reads what the stages before it left in the caller's `Workspace` and writes its own part,
/// reusing the arrays' storage.
extension Engine {
    /// Runs every stage up to the verdict on `comment` in `workspace`. With `keepTokens` the `Token`
    /// values are made too (for explanations); without, the tokenizer feeds the matcher's stream directly.
    func analyze(_ comment: Comment, keepTokens: Bool, in workspace: inout Workspace) {
        tokenize(comment, keepTokens: keepTokens, into: &workspace)
        match(&workspace)
        settle(&workspace)
        decide(comment, in: &workspace)
        evaluateConditions(of: comment, in: &workspace)
        escalate(&workspace)
    }

    /// Every stage up to the verdict in a workspace of its own (for pack tools that look at one comment).
    func analyze(_ comment: Comment, keepTokens: Bool = false) -> Workspace {
        var workspace = Workspace()
        analyze(comment, keepTokens: keepTokens, in: &workspace)
        return workspace
    }

    /// Stage 1, tokenize: cuts the text to `maxScalars` and tokenizes it into the matcher's stream (and
    /// into `tokens` too with `keepTokens`).
    func tokenize(_ comment: Comment, keepTokens: Bool, into workspace: inout Workspace) {
        var text = comment.text
        workspace.truncated = false
        if text.utf8.count > options.maxScalars, text.unicodeScalars.count > options.maxScalars {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.prefix(options.maxScalars))
            text = String(scalars)
            workspace.truncated = true
        }
        if keepTokens {
            workspace.tokens = Tokenizer.tokenize(text)
            workspace.stream = TokenStream(tokens: workspace.tokens, vocabulary: compiled.matcher.vocabulary)
        } else {
            workspace.tokens.clearKeepingStorage()
            workspace.stream.fill(text: text, reader: Vocabulary.Reader(compiled.matcher.vocabulary.table))
        }
        workspace.text = text
    }

    /// Stage 2, match: every pattern hit in the stream, within the `match-steps` budget (a comment that
    /// exhausts it is flagged truncated).
    func match(_ workspace: inout Workspace) {
        compiled.matcher.hits(
            in: workspace.stream, into: &workspace.hits, context: &workspace.matching,
            maxSteps: options.maxMatchSteps)
        if workspace.matching.exhausted { workspace.truncated = true }
    }

    /// Stage 3, settle: `unless` hits silence their rule; a `match` hit preceded by a negator within three
    /// tokens of the same clause is negated; the rest count, and their rules are `matched`.
    func settle(_ workspace: inout Workspace) {
        let compiled = self.compiled
        workspace.silenced.clearKeepingStorage()
        for hit in workspace.hits where compiled.patternIsUnless[Int(hit.pattern)] {
            workspace.silenced.append(Int(compiled.patternRule[Int(hit.pattern)]))
        }
        Self.sortUnique(&workspace.silenced)

        workspace.status.clearKeepingStorage()
        workspace.status.reserveCapacity(workspace.hits.count)
        workspace.negators.clearKeepingStorage()
        workspace.matched.clearKeepingStorage()
        // One copy of the stream for all the hits (passing `workspace.stream` copied it onto the stack per call).
        let stream = workspace.stream
        for hit in workspace.hits {
            let pattern = Int(hit.pattern)
            let rule = Int(compiled.patternRule[pattern])
            if compiled.patternIsUnless[pattern] {
                workspace.status.append(.unless)
            } else if Self.negatable(stream.kinds[Int(hit.start)]),
                let negator = negation(before: Int(hit.start), in: stream)
            {
                workspace.status.append(.negated)
                workspace.negators.append(negator.start..<negator.end)
            } else if workspace.silenced.contains(rule) {
                workspace.status.append(.silencedByUnless)
            } else {
                workspace.status.append(.counted)
                workspace.matched.append(rule)
            }
        }
        Self.sortUnique(&workspace.matched)
    }

    /// Whether the gating `when` of rule `index` holds for `comment`; the result is noted in
    /// `workspace.conditions`.
    private func gateHolds(_ index: Int, _ comment: Comment, _ workspace: inout Workspace) -> Bool {
        let result =
            compiled.ruleConditions[index].map { condition in
                FieldLookup.with(comment, label: nil, aliases: pack.fieldAliases) { ConditionEvaluator(fields: $0).evaluate(condition) }
            } ?? false
        workspace.conditions.append((index, result))
        return result
    }

    /// Stage 4, score and decide: the weights of the scoring rules summed per label, and the label
    /// decided from them; unless the rules' label is `question` (a question the rules found stays one),
    /// the lexicon's bias, the weights of its terms found in the comment and its adjustments of the
    /// scoring rules are added, and the label
    /// decided again. A matched rule without `when` scores; one whose `when` does not read `label`
    /// (and an unsilenced condition-only rule of that kind) is a gate, evaluated here, and scores when it
    /// holds; matched rules whose `when` reads `label` are set aside for the conditions stage.
    func decide(_ comment: Comment, in workspace: inout Workspace) {
        let compiled = self.compiled
        // The scores reuse the storage of the previous comment's (no allocation per comment); they are zeroed
        // below, in their buffer.
        var scores = workspace.decision.scores
        workspace.decision.scores = []
        let slotCount = compiled.slots.labels.count
        if scores.count != slotCount { scores = [Double](repeating: 0, count: slotCount) }
        workspace.scoring.clearKeepingStorage()
        workspace.conditional.clearKeepingStorage()
        workspace.conditions.clearKeepingStorage()
        for index in workspace.matched {
            if compiled.ruleHasCondition[index] {
                guard compiled.ruleConditionGates[index] else { workspace.conditional.append(index); continue }
                guard gateHolds(index, comment, &workspace) else { continue }
            }
            workspace.scoring.append(index)
        }
        if !compiled.gatingConditionOnlyRules.isEmpty {
            for index in compiled.gatingConditionOnlyRules
            where !workspace.silenced.contains(index) && gateHolds(index, comment, &workspace) {
                workspace.scoring.append(index)
            }
            workspace.scoring.sort()
            workspace.conditions.sort { $0.rule < $1.rule }
        }
        workspace.lexiconTerms.clearKeepingStorage()
        workspace.lexiconApplied = false
        // The stream's columns, read before the closure (passing `workspace.stream` along with
        // `&workspace.lexiconTerms` copied the stream, retaining its storage, for the call).
        let ids = workspace.stream.ids, kinds = workspace.stream.kinds
        // The sums in the scores' buffer (one uniqueness check, not one per addition), in the same order.
        scores.withUnsafeMutableBufferPointer { scores in
            scores.update(repeating: 0)
            addRuleWeights(workspace.scoring, to: scores)
            if let lexicon = compiled.lexicon {
                // Without scoring rules the scores are all zero: nothing to round, and no label to win.
                if !workspace.scoring.isEmpty { LabelDecision.round(scores) }
                if workspace.scoring.isEmpty
                    || LabelDecision.winningSlot(of: scores, threshold: pack.settings.threshold, slots: compiled.slots)
                        != ScoreSlots.question
                {
                    lexicon.terms(ids: ids, kinds: kinds, into: &workspace.lexiconTerms)
                    lexicon.add(workspace.lexiconTerms, to: scores)
                    lexicon.addRules(workspace.scoring, to: scores)
                    workspace.lexiconApplied = true
                }
            }
            LabelDecision.round(scores)
        }
        workspace.decision = LabelDecision(
            roundedScores: consume scores, threshold: pack.settings.threshold, slots: compiled.slots)
    }

    /// Adds the weight of each rule of `scoring` to the score of its label's slot (rules with a label
    /// that has none add nothing), in the order of `scoring`.
    private func addRuleWeights(_ scoring: [Int], to scores: UnsafeMutableBufferPointer<Double>) {
        compiled.ruleScoreSlot.withUnsafeBufferPointer { slots in
            compiled.ruleWeight.withUnsafeBufferPointer { weights in
                for index in scoring {
                    let slot = Int(slots[index])
                    if slot >= 0 { scores[slot] += weights[index] }
                }
            }
        }
    }

    /// Stage 5, conditions: the matched `when` rules that read `label` and the unsilenced condition-only
    /// rules of that kind evaluated, in pack order, against the decided label and the comment's fields
    /// (appended after the gates' outcomes); `fired` becomes the scoring rules and those whose condition
    /// holds, ascending.
    ///
    /// A condition that requires a label (``CompiledPack/ruleRequiredLabels``, `label == complaint and …`)
    /// is false without being evaluated when the decided label is another; the evaluator (a lookup of the
    /// comment's fields) is made only for a condition that is evaluated.
    func evaluateConditions(of comment: Comment, in workspace: inout Workspace) {
        workspace.fired.clearKeepingStorage()
        // A comment without scoring rules (at least one in six real ones) does not call the generic append.
        if !workspace.scoring.isEmpty { workspace.fired.append(contentsOf: workspace.scoring) }
        let conditional = workspace.conditional
        let only = compiled.conditionOnlyRules
        if conditional.isEmpty && only.isEmpty { return }
        let label = workspace.decision.label
        let requiredLabels = compiled.ruleRequiredLabels
        // `scoring` is ascending: `fired` needs sorting only when a rule was added after it.
        var added = false
        // Both lists are ascending and a rule is in at most one of them. The comment is read in place
        // (no `Comment` copied into the lookup).
        withUnsafePointer(to: comment) { comment in
            var evaluator: ConditionEvaluator?
            var a = 0, b = 0
            while a < conditional.count || b < only.count {
                let index: Int
                if b == only.count || (a < conditional.count && conditional[a] < only[b]) {
                    index = conditional[a]
                    a += 1
                } else {
                    index = only[b]
                    b += 1
                    if workspace.silenced.contains(index) { continue }
                }
                // Only a rule with a condition has a required label.
                if let required = requiredLabels[index], !ConditionEvaluator.equalIgnoringCase(label.rawValue, required) {
                    workspace.conditions.append((index, false))
                    continue
                }
                guard let condition = compiled.ruleConditions[index] else { continue }
                if evaluator == nil {
                    evaluator = ConditionEvaluator(fields: FieldLookup(comment: comment, label: label, aliases: pack.fieldAliases))
                }
                let result = evaluator!.evaluate(condition)
                workspace.conditions.append((index, result))
                if result {
                    workspace.fired.append(index)
                    added = true
                }
            }
        }
        if added { workspace.fired.sort() }
    }

    /// Stage 6, escalate: the escalations of the fired rules merged (highest level and its route, every
    /// reason); when no fired rule escalates, the pack's escalation model's, if it has one and the
    /// comment reaches its threshold; else nil. A comment the model reads from its caution probability
    /// up to its threshold gets the model's route as `cautionRoute` (its caution replies come first).
    func escalate(_ workspace: inout Workspace) {
        workspace.escalation = nil
        workspace.cautionRoute = nil
        workspace.escalationHeldForPraise = nil
        let compiled = self.compiled
        // On a praise verdict, only the routes of the pack's `praise_escalates` (when it sets them) stand.
        let kept = workspace.decision.label == .praise ? compiled.praiseEscalationRoutes : nil
        guard let first = workspace.fired.firstIndex(where: { compiled.ruleEscalates[$0] }) else {
            if let model = compiled.escalationModel {
                switch model.read(workspace.stream, terms: &workspace.escalationTerms) {
                case .nothing: break
                case .caution(let route): workspace.cautionRoute = route
                case .escalation(let escalation): workspace.escalation = escalation
                }
            }
            if let kept, let escalation = workspace.escalation, !kept.contains(escalation.route) {
                (workspace.escalation, workspace.escalationHeldForPraise) = (nil, escalation)
            }
            return
        }
        // One escalating rule (the usual case): its summary, made when the pack was compiled (no arrays
        // built, sorted and freed per comment).
        let rule = workspace.fired[first]
        if !workspace.fired[(first + 1)...].contains(where: { compiled.ruleEscalates[$0] }) {
            let summary = compiled.ruleEscalationSummaries[rule]
            if let kept, let summary, !kept.contains(summary.route) {
                workspace.escalationHeldForPraise = summary
            } else {
                workspace.escalation = summary
            }
            return
        }
        var escalations: [Escalation] = []
        for index in workspace.fired {
            if let escalation = compiled.ruleEscalations[index] { escalations.append(escalation) }
        }
        if let kept {
            let standing = escalations.filter { kept.contains($0.route) }
            if standing.count < escalations.count {
                workspace.escalationHeldForPraise = EscalationMerge.merge(escalations.filter { !kept.contains($0.route) })
                escalations = standing
            }
        }
        workspace.escalation = EscalationMerge.merge(escalations)
    }

    /// The negator entry (token range) that ends within the three tokens before `start`, in the
    /// same clause, if any. Inlined into `settle`, which calls it for most hits.
    @inline(__always)
    func negation(before start: Int, in stream: TokenStream) -> (start: Int, end: Int)? {
        guard let list = compiled.negatorList, start > 0 else { return nil }
        let clause = stream.clauses[start]
        let lowest = max(0, start - 3 - max(0, compiled.negatorMaxLength - 1))
        let ids = stream.ids, variantIds = stream.variantIds
        var position = start - 1
        while position >= lowest, stream.clauses[position] == clause {
            if mayStartNegator(ids[position]) || mayStartNegator(variantIds[position]) {
                let found = compiled.matcher.firstListMatch(list: list, at: position, stream) { length in
                    let last = position + length - 1
                    return last <= start - 1 && last >= start - 3
                }
                if let length = found { return (position, position + length) }
            }
            position -= 1
        }
        return nil
    }

    /// Whether the word `id` (-1: none) starts an entry of the negator list (only then is the list looked up).
    @inline(__always)
    private func mayStartNegator(_ id: Int32) -> Bool {
        id >= 0 && compiled.negatorStarts[Int(id)]
    }

    /// Whether a hit that starts with a token of this kind can be negated: words, numbers and
    /// hashtags can ("not happy", "no #refund"); punctuation, emoji and emoticons cannot, so the
    /// `?` of "isn't it?" or the 😡 of "not ok 😡" still count.
    static func negatable(_ kind: UInt8) -> Bool {
        kind == KindCode.word || kind == KindCode.number || kind == KindCode.hashtag
    }

    /// Sorts `values` ascending and removes repeats, in place. The short lists of one comment (its lexicon
    /// terms, matched and silenced rules) are sorted by insertion in one pass that drops repeats as it goes,
    /// which costs less than the general `sort()` on a handful of values.
    static func sortUnique<Value: Comparable>(_ values: inout [Value]) {
        let count = values.count
        if count < 2 { return }
        let unique = values.withUnsafeMutableBufferPointer { buffer in
            count > insertionSortLimit ? sortedUnique(buffer) : insertionSortUnique(buffer)
        }
        if unique < count { values.removeLastKeepingStorage(count - unique) }
    }

    /// Up to this many values are sorted by insertion.
    static let insertionSortLimit = 24

    /// Sorts `buffer` (at least one value) by insertion, keeping one of each value at its front; returns
    /// how many there are.
    @inline(__always)
    static func insertionSortUnique<Value: Comparable>(_ buffer: UnsafeMutableBufferPointer<Value>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        // Wrapping arithmetic: every index stays within `0..<buffer.count` (no overflow checks in the loops).
        var unique = 1
        for index in 1..<buffer.count {
            let value = base[index]
            var last = base[unique &- 1]
            if value > last {
                // Already in order: no search.
                base[unique] = value
                unique &+= 1
                continue
            }
            if value == last { continue }
            // Shift the larger values up while looking for the place; a repeat found on the way is put back.
            var slot = unique &- 1
            while true {
                base[slot &+ 1] = last
                if slot == 0 { break }
                last = base[slot &- 1]
                if !(value < last) { break }
                slot &-= 1
            }
            if slot > 0, last == value {
                var move = slot
                while move < unique {
                    base[move] = base[move &+ 1]
                    move &+= 1
                }
                continue
            }
            base[slot] = value
            unique &+= 1
        }
        return unique
    }

    /// Sorts `buffer` (at least one value) and moves one of each value to its front; returns how many
    /// there are.
    @inline(__always)
    static func sortedUnique<Value: Comparable>(_ buffer: UnsafeMutableBufferPointer<Value>) -> Int {
        var sorted = buffer  // the same memory
        sorted.sort()
        var unique = 1
        for index in 1..<buffer.count where buffer[index] != buffer[unique - 1] {
            buffer[unique] = buffer[index]
            unique += 1
        }
        return unique
    }
}
