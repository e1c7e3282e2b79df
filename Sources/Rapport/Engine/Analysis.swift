/// Why a pattern hit did or did not count.
enum HitStatus: Sendable, Hashable {
    /// A `match` hit that counts.
    case counted
    /// A `match` hit preceded by a negator: tokens `start..<end` of the negator entry.
    case negated(start: Int, end: Int)
    /// A `match` hit of a rule that an `unless` pattern silenced.
    case silencedByUnless
    /// An `unless` hit (it silences its rule).
    case unless
}

/// Everything the engine works out about one comment, before it is shaped into a `Verdict` or
/// an `Explanation`.
struct Analysis {
    /// The classified text: the comment's text, or its first `maxScalars` scalars.
    var text: String
    /// Whether the text was cut to `maxScalars`, or matching stopped at `maxMatchSteps`.
    var truncated: Bool
    /// The comment's `Token` values, when they were asked for (explanations); empty otherwise.
    var tokens: [Token]
    var stream: TokenStream
    var hits: [RawHit]
    var status: [HitStatus]
    /// Rules silenced by an `unless` hit, ascending.
    var silenced: [Int]
    /// Rules with a counted `match` hit (and not silenced), ascending.
    var matched: [Int]
    /// Rules whose weight counts: fired rules without `when`, and those whose `when` (not reading
    /// `label`) held before the decision; ascending.
    var scoring: [Int]
    var decision: LabelDecision
    /// `when` rules considered, with their outcome: those evaluated before the decision (in pack
    /// order), then those evaluated after it (in pack order).
    var conditions: [(rule: Int, result: Bool)]
    /// All fired rules, ascending (pack order).
    var fired: [Int]
    var escalation: EscalationSummary?
}

extension Engine {
    /// Works out everything about `comment`. With `keepTokens` the `Token` values are made too (for
    /// explanations); without, the tokenizer feeds the matcher's stream directly.
    func analyze(_ comment: Comment, keepTokens: Bool = false) -> Analysis {
        var buffers = AnalysisBuffers.Taken()
        return analyze(comment, keepTokens: keepTokens, buffers: &buffers)
    }

    /// `analyze(_:keepTokens:)` filling arrays taken from `buffers` (left empty but for the matcher's
    /// context, which the caller may recycle).
    func analyze(_ comment: Comment, keepTokens: Bool, buffers: inout AnalysisBuffers.Taken) -> Analysis {
        let compiled = self.compiled
        let pack = self.pack
        var text = comment.text
        var truncated = false
        if text.utf8.count > options.maxScalars, text.unicodeScalars.count > options.maxScalars {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.prefix(options.maxScalars))
            text = String(scalars)
            truncated = true
        }
        let tokens = keepTokens ? Tokenizer.tokenize(text) : []
        var stream: TokenStream
        if keepTokens {
            stream = TokenStream(tokens: tokens, vocabulary: compiled.matcher.vocabulary)
        } else if var reused = buffers.stream.take() {
            reused.fill(text: text, vocabulary: compiled.matcher.vocabulary)
            stream = reused
        } else {
            stream = TokenStream(text: text, vocabulary: compiled.matcher.vocabulary)
        }
        var hits = Self.emptied(&buffers.hits)
        compiled.matcher.hits(in: stream, into: &hits, context: &buffers.context, maxSteps: options.maxMatchSteps)
        if buffers.context.exhausted { truncated = true }

        var silenced = Self.emptied(&buffers.silenced)
        for hit in hits where compiled.patternIsUnless[Int(hit.pattern)] {
            silenced.append(Int(compiled.patternRule[Int(hit.pattern)]))
        }
        Self.sortUnique(&silenced)

        var status = Self.emptied(&buffers.status)
        status.reserveCapacity(hits.count)
        var matched = Self.emptied(&buffers.matched)
        for hit in hits {
            let pattern = Int(hit.pattern)
            let rule = Int(compiled.patternRule[pattern])
            if compiled.patternIsUnless[pattern] {
                status.append(.unless)
            } else if Self.negatable(stream.kinds[Int(hit.start)]), let negator = negation(before: Int(hit.start), in: stream) {
                status.append(.negated(start: negator.start, end: negator.end))
            } else if silenced.contains(rule) {
                status.append(.silencedByUnless)
            } else {
                status.append(.counted)
                matched.append(rule)
            }
        }
        Self.sortUnique(&matched)

        var scores = [Double](repeating: 0, count: Label.scored.count)
        var scoring = Self.emptied(&buffers.scoring)
        var conditions = Self.emptied(&buffers.conditions)
        var conditional: [Int] = []
        // A `when` that does not read `label` gates the rule's weight: evaluated before the decision.
        var gate: ConditionEvaluator?
        func gateHolds(_ index: Int) -> Bool {
            if gate == nil { gate = ConditionEvaluator(fields: FieldLookup(comment: comment, label: nil, aliases: pack.fieldAliases)) }
            let result = pack.rules[index].when.map { gate!.evaluate($0.expression) } ?? false
            conditions.append((index, result))
            return result
        }
        for index in matched {
            if compiled.ruleHasCondition[index] {
                guard compiled.ruleConditionGates[index] else { conditional.append(index); continue }
                guard gateHolds(index) else { continue }
            }
            scoring.append(index)
        }
        if !compiled.gatingConditionOnlyRules.isEmpty {
            for index in compiled.gatingConditionOnlyRules where !silenced.contains(index) && gateHolds(index) {
                scoring.append(index)
            }
            scoring.sort()
            conditions.sort { $0.rule < $1.rule }
        }
        for index in scoring {
            let slot = Int(compiled.ruleScoreSlot[index])
            if slot >= 0 { scores[slot] += pack.rules[index].weight }
        }
        let decision = LabelDecision(scores: scores, threshold: pack.settings.threshold, precedence: pack.settings.precedence)

        var fired = Self.emptied(&buffers.fired)
        fired.append(contentsOf: scoring)
        if !conditional.isEmpty || !compiled.conditionOnlyRules.isEmpty {
            // The matched `when` rules and the unsilenced condition-only rules, merged in pack order (both
            // lists are ascending and a rule is in at most one of them).
            let evaluator = ConditionEvaluator(fields: FieldLookup(comment: comment, label: decision.label, aliases: pack.fieldAliases))
            let only = compiled.conditionOnlyRules
            var a = 0, b = 0
            while a < conditional.count || b < only.count {
                let index: Int
                if b == only.count || (a < conditional.count && conditional[a] < only[b]) {
                    index = conditional[a]
                    a += 1
                } else {
                    index = only[b]
                    b += 1
                    if silenced.contains(index) { continue }
                }
                guard let condition = pack.rules[index].when else { continue }
                let result = evaluator.evaluate(condition.expression)
                conditions.append((index, result))
                if result { fired.append(index) }
            }
            fired.sort()
        }
        var escalation: EscalationSummary?
        if fired.contains(where: { compiled.ruleEscalates[$0] }) {
            var escalations: [Escalation] = []
            for index in fired { if let escalation = pack.rules[index].escalate { escalations.append(escalation) } }
            escalation = EscalationMerge.merge(escalations)
        }
        return Analysis(text: text, truncated: truncated, tokens: tokens, stream: stream, hits: hits, status: status,
                        silenced: silenced, matched: matched, scoring: scoring, decision: decision, conditions: conditions,
                        fired: fired, escalation: escalation)
    }

    /// The contents of `buffer`, emptied with its storage kept, leaving `buffer` itself empty.
    @inline(__always)
    static func emptied<Element>(_ buffer: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &buffer)
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    /// The negator entry (token range) that ends within the three tokens before `start`, in the
    /// same clause, if any.
    func negation(before start: Int, in stream: TokenStream) -> (start: Int, end: Int)? {
        guard let list = compiled.negatorList, start > 0 else { return nil }
        let clause = stream.clauses[start]
        let lowest = max(0, start - 3 - max(0, compiled.negatorMaxLength - 1))
        var position = start - 1
        while position >= lowest, stream.clauses[position] == clause {
            let found = compiled.matcher.firstListMatch(list: list, at: position, stream) { length in
                let last = position + length - 1
                return last <= start - 1 && last >= start - 3
            }
            if let length = found { return (position, position + length) }
            position -= 1
        }
        return nil
    }

    /// Whether a hit that starts with a token of this kind can be negated: words, numbers and
    /// hashtags can ("not happy", "no #refund"); punctuation, emoji and emoticons cannot, so the
    /// `?` of "isn't it?" or the 😡 of "not ok 😡" still count.
    static func negatable(_ kind: UInt8) -> Bool {
        kind == KindCode.word || kind == KindCode.number || kind == KindCode.hashtag
    }

    /// Sorts `values` ascending and removes repeats, in place.
    static func sortUnique(_ values: inout [Int]) {
        if values.count < 2 { return }
        values.sort()
        var unique = 1
        for index in 1..<values.count where values[index] != values[unique - 1] {
            values[unique] = values[index]
            unique += 1
        }
        values.removeLast(values.count - unique)
    }
}
