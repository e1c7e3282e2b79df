import RapportSupport
/// A structured trace of how the engine classified one comment: its tokens, every pattern hit
/// (including the ones that did not count, and why), score contributions, the decision, the
/// `when` conditions, escalations and suggestions. `Codable`, for `rapport explain`.
public struct Explanation: Sendable, Hashable, Codable {
    /// One token of the classified text.
    public struct TokenInfo: Sendable, Hashable, Codable {
        public var text: String
        public var kind: Token.Kind
        /// Unicode-scalar offsets in the original text.
        public var start: Int
        public var end: Int
        public var clause: Int
    }

    /// What happened to a pattern hit: what the engine's settle stage decides for each hit, before
    /// the label is decided.
    public enum HitStatus: String, Sendable, Hashable, Codable {
        /// The hit counts: its rule matched.
        case counted
        /// A negator precedes the hit in the same clause, so it does not count.
        case negated
        /// An `unless` pattern of the same rule matched, so the hit does not count.
        case silencedByUnless = "silenced-by-unless"
        /// The hit is of an `unless` pattern: it silences its rule.
        case unless
    }

    /// One pattern hit.
    public struct Hit: Sendable, Hashable, Codable {
        public var rule: String
        /// The pattern as written.
        public var pattern: String
        /// `match` or `unless`.
        public var role: String
        /// Unicode-scalar offsets of the matched text in the original text.
        public var start: Int
        public var end: Int
        public var text: String
        public var status: HitStatus
        /// Why the hit does not count, when it does not.
        public var note: String?
    }

    /// A fired rule's weight added to a label's score.
    public struct Contribution: Sendable, Hashable, Codable {
        public var rule: String
        public var label: Label
        public var weight: Double
    }

    /// The outcome of a rule's `when` condition.
    public struct ConditionResult: Sendable, Hashable, Codable {
        public var rule: String
        public var condition: String
        public var result: Bool
        /// Before the decision (gating the rule's weight) or after it (reading `label`).
        public var stage: ConditionStage = .afterDecision
        /// The fields the condition reads (`label` aside), with their values.
        public var fields: [FieldReading] = []
    }

    /// How the label was decided.
    public struct Decision: Sendable, Hashable, Codable {
        public var label: Label
        public var threshold: Double
        public var precedence: [Label]
        /// Other labels that reached the threshold, highest score first.
        public var secondary: [Label]
        public var reason: String
    }

    public var id: String
    public var truncated: Bool
    public var tokens: [TokenInfo]
    public var hits: [Hit]
    public var contributions: [Contribution]
    public var decision: Decision
    public var conditions: [ConditionResult]
    /// The verdict `classify` returns for the same comment (rules, escalation, suggestions, spans).
    public var verdict: Verdict
    /// Where each fired rule comes from, in the order of the verdict's `rules`.
    public var origins: [Origin] = []
    /// Where each suggestion comes from, in the order of the verdict's `suggestions`.
    public var replyOrigins: [Origin] = []
    /// The replies tried and dropped, in the order they were tried; nil (left out of the JSON) when none was.
    public var droppedReplies: [DroppedReply]?
    /// When the comment is labelled praise (and no critical escalation took over the replies): whose
    /// replies it got and why, in words: praise's own, or the complaint's, the question's or the pack's
    /// `mixed` replies because of the complaint evidence named ("mixed replies: rule complaint.cue-contrast
    /// (complaint, weight 0) fired"; see `praise_reply_margin` in the pack settings). Nil otherwise.
    public var praiseReply: String?
    /// When the escalation model read the comment from its caution probability up to its threshold and no
    /// rule escalated it: the route, the probability and the terms, and that the route's caution replies
    /// come first (see ``EscalationModel/caution``), or that they were held back because the route did not
    /// lead the next by its caution lead (``EscalationModel/cautionLeads``). Nil otherwise.
    public var caution: String?
    /// When the comment is labelled praise and the pack's `praise_escalates` does not list the route of
    /// the escalation its rules or the escalation model raised: that escalation, its reasons, and why it
    /// was not raised (see ``PackSettings/praiseEscalates``). Nil otherwise.
    public var praiseEscalation: String?

    /// A reply the engine tried and left out of the suggestions.
    public struct DroppedReply: Sendable, Hashable, Codable {
        /// Why a reply was dropped.
        public enum Reason: String, Sendable, Hashable, Codable {
            /// A variable has no value for this comment and the template gives no fallback.
            case missingValue = "missing-value"
            /// The reply is longer than the pack's `reply_max` for the comment's platform.
            case tooLong = "too-long"
        }

        /// The template as written (without the pack's sign-off).
        public var template: String
        public var reason: Reason
        /// The reason in words: "{author} has no value and no fallback", "291 characters, over reply_max 280 for platform x".
        public var detail: String
        /// The variable without a value (``Reason/missingValue``).
        public var variable: String?
        /// The rendered length in Unicode scalars, sign-off included (``Reason/tooLong``).
        public var length: Int?
        /// The `reply_max` the length was over (``Reason/tooLong``).
        public var limit: Int?
        /// The comment's platform the limit was read for (nil: the comment has none, so `default` applied).
        public var platform: String?
        /// Where the reply is written.
        public var origin: Origin
    }

    /// Where a fired rule or a reply comes from: the layer and the file of the pack.
    public struct Origin: Sendable, Hashable, Codable {
        /// What it is: `rule complaint.late`, `replies of rule complaint.late`, `complaint replies`,
        /// `handoff.legal replies`.
        public var item: String
        /// The layer's name: `default` for the embedded pack, else the path given.
        public var layer: String
        /// Where it is defined (`file:line:column`).
        public var location: String
        /// Where patches of the layers above changed it, in order.
        public var patchedAt: [String]
    }
}

extension Engine {
    /// Classifies `comment` and returns the full trace of how the verdict came about.
    public func explain(_ comment: Comment) -> Explanation {
        var analysis = analyze(comment, keepTokens: true)
        let verdict = render(comment, from: &analysis)
        let tokens = analysis.tokens.map {
            Explanation.TokenInfo(text: $0.text, kind: $0.kind, start: $0.start, end: $0.end, clause: $0.clause)
        }
        let ranges = analysis.hits.map { (analysis.tokens[Int($0.start)].start, analysis.tokens[Int($0.end) - 1].end) }
        let negatorRanges = analysis.negators.map { (analysis.tokens[$0.lowerBound].start, analysis.tokens[$0.upperBound - 1].end) }
        let texts = ScalarSlicer.slices(of: analysis.text, ranges: ranges)
        let negatorTexts = ScalarSlicer.slices(of: analysis.text, ranges: negatorRanges)
        var negatorIndex = 0
        var hits: [Explanation.Hit] = []
        for (index, hit) in analysis.hits.enumerated() {
            let pattern = Int(hit.pattern)
            let rule = pack.rules[Int(compiled.patternRule[pattern])]
            let isUnless = compiled.patternIsUnless[pattern]
            let source = (isUnless ? rule.unless : rule.match)[Int(compiled.patternOrdinal[pattern])].source
            let status = analysis.status[index]
            var note: String?
            switch status {
            case .counted: break
            case .negated:
                note = "negated by '\(negatorTexts[negatorIndex])' within three tokens before, in the same clause"
                negatorIndex += 1
            case .silencedByUnless:
                note = "an 'unless' pattern of '\(rule.id)' matched"
            case .unless:
                note = "silences rule '\(rule.id)'"
            }
            hits.append(
                Explanation.Hit(
                    rule: rule.id, pattern: source, role: isUnless ? "unless" : "match",
                    start: ranges[index].0, end: ranges[index].1, text: texts[index], status: status, note: note))
        }
        hits.sort { ($0.start, $0.end, $0.rule, $0.pattern) < ($1.start, $1.end, $1.rule, $1.pattern) }
        let contributions =
            analysis.scoring.compactMap { index -> Explanation.Contribution? in
                let rule = pack.rules[index]
                guard let label = rule.label, label != .other else { return nil }
                return Explanation.Contribution(rule: rule.id, label: label, weight: rule.weight)
            } + lexiconContributions(analysis)
        let conditions = analysis.conditions.compactMap {
            conditionReport(rule: $0.rule, comment: comment, analysis: analysis, result: $0.result)
        }
        let decision = Explanation.Decision(
            label: analysis.decision.label, threshold: pack.settings.threshold,
            precedence: compiled.slots.tieOrder, secondary: analysis.decision.secondary,
            reason: analysis.decision.reason(labels: compiled.slots.labels))
        var explanation = Explanation(
            id: comment.id, truncated: analysis.truncated, tokens: tokens, hits: hits, contributions: contributions,
            decision: decision, conditions: conditions, verdict: verdict)
        explanation.origins = analysis.fired.map { origin(ofRule: $0, item: "rule \(pack.rules[$0].id)") }
        var rendered: [(list: Int, text: String)] = []
        var dropped: [Explanation.DroppedReply] = []
        _ = suggestions(for: comment, in: analysis, spanText: { verdict.spans[$0].text }) { list, variant, outcome in
            var drop = Explanation.DroppedReply(
                template: plan.replies.sources[list][variant], reason: .missingValue, detail: "", origin: origin(ofReplyList: list))
            switch outcome {
            case .offered(let text):
                rendered.append((list, text))
                return
            case .missingValue(let name):
                drop.variable = name
                drop.detail = "{\(name)} has no value and no fallback"
            case .tooLong(let length, let limit, let platform):
                drop.reason = .tooLong
                (drop.length, drop.limit, drop.platform) = (length, limit, platform)
                var which = platform.map { "platform \($0)" } ?? "a comment without a platform"
                if !pack.settings.replyLimitDependsOnPlatform {
                    which = "every platform (the default entry)"
                } else if platform.map({ pack.settings.replyMax[$0.lowercased()] == nil }) ?? true {
                    which += " (the default entry)"
                }
                drop.detail = "\(length) characters, over reply_max \(limit) for \(which)"
            }
            dropped.append(drop)
        }
        explanation.replyOrigins = verdict.suggestions.compactMap { text in
            rendered.first { $0.text == text }.map { origin(ofReplyList: $0.list) }
        }
        explanation.droppedReplies = dropped.isEmpty ? nil : dropped
        if analysis.decision.label == .praise, analysis.escalation?.level != .critical {
            explanation.praiseReply = praiseReplyNote(praiseReplyChoice(in: analysis))
        }
        if let route = analysis.cautionRoute, let model = compiled.escalationModel {
            explanation.caution = model.cautionNote(route: route, terms: analysis.escalationTerms)
        } else if analysis.escalation == nil, analysis.escalationHeldForPraise == nil,
            !analysis.fired.contains(where: { compiled.ruleEscalates[$0] }), let model = compiled.escalationModel
        {
            // The model was read (no rule escalates) and found no escalation: say when a caution lead held back
            // the route's caution replies.
            explanation.caution = model.withheldCautionNote(terms: analysis.escalationTerms)
        }
        if let held = analysis.escalationHeldForPraise {
            let listed = pack.settings.praiseEscalates ?? []
            let routes = listed.isEmpty ? "no route" : "only " + listed.joined(separator: ", ")
            explanation.praiseEscalation =
                "not escalated (\(held.level.rawValue) → \(held.route): \(held.reasons.joined(separator: "; "))): "
                + "the comment is labelled praise and praise_escalates lists \(routes)"
        }
        return explanation
    }

    /// ``Explanation/praiseReply`` in words.
    func praiseReplyNote(_ choice: PraiseReplyChoice) -> String {
        func named(_ rule: Int) -> String {
            let rule = pack.rules[rule]
            return "rule \(rule.id) (\(rule.label?.rawValue ?? "no label"), weight \(NumberText.compact(rule.weight))) fired"
        }
        let evidence: String
        switch choice {
        case .praise:
            let margin = NumberText.compact(pack.settings.praiseReplyMargin)
            return "praise's own replies: no complaint rule and no courtesy rule fired, and complaint's score is not positive "
                + "or praise leads it by at least praise_reply_margin \(margin) × threshold \(NumberText.compact(pack.settings.threshold))"
        case .resolved(let rule):
            return "praise's own replies: \(named(rule)), saying the problem was put right, so complaint evidence does not count"
        case .redirected(let slot, let rule):
            return "\(slot == CompiledReplies.complaint ? "complaint" : "question") replies instead of praise's: \(named(rule))"
        case .mixed(.complaintCue(let rule)):
            evidence = named(rule) + ", a complaint cue"
        case .mixed(.courtesy(let rule)):
            evidence = named(rule) + ": thanks as a courtesy"
        case .mixed(.noPraiseRule):
            evidence = "no praise rule fired, so praise is the lexicon's reading alone"
        case .mixed(.outweighedComplaint(let rule, let lead, let needed)):
            evidence =
                named(rule) + ", but praise leads complaint by \(NumberText.compact((lead * 1e6).rounded() / 1e6)), at least "
                + "complaint_reply_margin \(NumberText.compact(pack.settings.complaintReplyMargin)) × threshold \(NumberText.compact(pack.settings.threshold)) = \(NumberText.compact(needed))"
        case .mixed(.margin(let lead, let needed)):
            evidence =
                "praise leads a positive complaint score by \(NumberText.compact((lead * 1e6).rounded() / 1e6)), "
                + "under praise_reply_margin \(NumberText.compact(pack.settings.praiseReplyMargin)) × threshold \(NumberText.compact(pack.settings.threshold)) = \(NumberText.compact(needed))"
        }
        if plan.replies.mixed == nil { return "praise's own replies, since the pack has no mixed replies (complaint evidence: \(evidence))" }
        return "mixed replies instead of praise's: \(evidence)"
    }

    /// What the lexicon added to each label, as one contribution per label: the bias plus the weights
    /// of the terms found and its adjustments of the scoring rules (named `rule:ID`), named by the
    /// strongest for that label.
    func lexiconContributions(_ analysis: Workspace) -> [Explanation.Contribution] {
        guard let lexicon = pack.lexicon, analysis.lexiconApplied else { return [] }
        var ruleWeights: [String: [Label: Double]] = [:]
        for entry in lexicon.rules { ruleWeights[entry.ruleID] = entry.weights }
        return Label.scored.enumerated().compactMap { slot, label in
            var terms: [(text: String, weight: Double)] = []
            for index in analysis.lexiconTerms {
                let term = lexicon.terms[Int(index)]
                if let weight = term.scored[slot], weight != 0 { terms.append((term.text, weight)) }
            }
            if !ruleWeights.isEmpty {
                for index in analysis.scoring {
                    let id = pack.rules[index].id
                    if let weight = ruleWeights[id]?[label], weight != 0 { terms.append(("rule:" + id, weight)) }
                }
            }
            terms.sort { abs($0.weight) > abs($1.weight) }
            var total = lexicon.bias[label] ?? 0
            for term in terms { total += term.weight }
            guard total != 0 else { return nil }
            let named = terms.prefix(3).map { "\"\($0.text)\" \(NumberText.compact($0.weight))" }
            let more = terms.count > 3 ? " and \(terms.count - 3) more" : ""
            let what = terms.isEmpty ? "bias" : "bias and \(terms.count) terms: " + named.joined(separator: ", ") + more
            return Explanation.Contribution(rule: "lexicon (\(what))", label: label, weight: (total * 1e6).rounded() / 1e6)
        }
    }
}
