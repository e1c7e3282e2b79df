extension Engine {
    /// Up to three suggestions: handoff replies for a critical escalation; else, layer by layer from the
    /// highest (a brand layer's replies before the default pack's), the replies of the layer's fired
    /// rules that escalate (highest level first: a hacked account gets security steps, not the label's
    /// generic reply), then those of its fired care rules (neither a label nor an escalation: "sorry for
    /// your loss" to a bereavement, whatever the label and also for praise that shows a problem; before the
    /// borrowed replies of the learned model's escalation, below), then those of its fired rules carrying
    /// the decided label (highest weight first);
    /// an escalation that no fired rule raised (the learned escalation model's) first gets the replies of
    /// the pack's rule on its route (``VerdictPlan/routeReplyRules``); a comment the escalation model read
    /// from its caution probability up to its threshold (``Workspace/cautionRoute``), not decided praise, and
    /// not decided question unless the route's level is critical, first gets the caution replies of the
    /// model's route, when the pack has them;
    /// then the label's default replies. Among rules that do not escalate only those carrying the decided
    /// label give replies, so a complaint never gets a praise reply; a comment decided `other` gets
    /// only the replies of fired rules labelled `other` (reply-only rules: "thanks, we have your order
    /// number"), since `other` has no default replies in most packs. When praise wins although a
    /// complaint rule fired ("love how you lost my bag"), the replies of the complaint rules and the
    /// complaint's defaults are offered instead: a cheerful reply to a problem is worse than a neutral
    /// one. Likewise, when praise wins over a question rule and no complaint rule fired ("any help
    /// getting my funds back? thanks!"), the question's replies are offered. Praise that shows any other
    /// complaint evidence (see ``praiseReplyChoice(in:)``: a complaint cue of weight 0, a courtesy rule, a
    /// complaint score within the pack's `praise_reply_margin`) gets the pack's `mixed` replies, when it has
    /// them, instead of the praise rules' and praise's defaults. A reply that renders longer than the pack's `reply_max` for the comment's
    /// platform is rendered again with its variables' fallbacks in place of the comment's values (`{author|Hi there}`
    /// as "Hi there": a long display name must not push a reply past 280 characters); when that is still too
    /// long, it is dropped like one with a missing value, and the next variant is tried.
    /// `spanText(i)` is the text of `workspace.spanRanges[i]` (asked for only by a `{match}` rendered);
    /// `record`, when given, is told the reply list (of ``CompiledReplies``), the template's index in it and
    /// what became of every reply tried (for explanations).
    func suggestions(
        for comment: Comment, in workspace: Workspace, spanText: (Int) -> String,
        record: ((Int, Int, ReplyOutcome) -> Void)? = nil
    ) -> [String] {
        let lists = plan.replies.lists
        // The comment is read through a pointer: the closures below copy no `Comment` (four retains and
        // releases of its strings and fields each).
        return withUnsafePointer(to: comment) { comment in
            withReplyGroups(for: comment, in: workspace, none: []) { groups, renderer, limit, platform in
                var memo: TemplateRenderer.FieldMemo?
                return ReplyPicker.pick(groups, lists: lists, hash: { StableHash.of(comment.pointee) }) { template, variant, group in
                    let match = group.match < 0 ? nil : spanText(group.match)
                    guard var text = renderer.render(template, match: match, memo: &memo) else {
                        record?(group.list, variant, .missingValue(renderer.missingVariable(template, match: match) ?? ""))
                        return nil
                    }
                    if let limit {
                        let length = text.unicodeScalars.count
                        if length > limit {
                            // Too long with the comment's values (a long author name): the fallbacks, if that fits.
                            guard let shorter = renderer.render(template, match: match, memo: &memo, preferFallbacks: true),
                                shorter.unicodeScalars.count <= limit
                            else {
                                record?(group.list, variant, .tooLong(length: length, limit: limit, platform: platform))
                                return nil
                            }
                            text = shorter
                        }
                    }
                    record?(group.list, variant, .offered(text))
                    return text
                }
            }
        }
    }

    /// ``suggestions(for:in:spanText:record:)`` rendered as UTF-8 into `replies` (emptied first), one
    /// reply after another: the same replies, with no `String` made for any (but a `{match}`'s).
    func suggestions(for comment: Comment, in workspace: Workspace, spanText: (Int) -> String, into replies: inout ReplyBytes) {
        replies.removeAll()
        let code = plan.replies.code
        withUnsafePointer(to: comment) { comment in
            withReplyGroups(for: comment, in: workspace, none: ()) { groups, renderer, limit, _ in
                var renderer = ReplyCodeRenderer(code: code, fields: renderer.fields)
                ReplyPicker.pick(groups, code: code, hash: { StableHash.of(comment.pointee) }, into: &replies) {
                    template, group, bytes, plain in
                    let start = bytes.count
                    // The matched text is cut out only for a template that shows it.
                    guard renderer.render(template, match: { group.match < 0 ? nil : spanText(group.match) }, into: &bytes, plain: &plain)
                    else { return false }
                    // A reply of at most `limit` bytes has at most `limit` scalars: most are not counted.
                    if let limit, bytes.count - start > limit, ReplyBytes.scalarCount(bytes, from: start) > limit {
                        // Too long with the comment's values (a long author name): the fallbacks, if that fits.
                        bytes.removeLast(bytes.count - start)
                        guard
                            renderer.render(
                                template, match: { group.match < 0 ? nil : spanText(group.match) }, into: &bytes, plain: &plain,
                                preferFallbacks: true)
                        else { return false }
                        if ReplyBytes.scalarCount(bytes, from: start) > limit {
                            bytes.removeLast(bytes.count - start)
                            return false
                        }
                    }
                    return true
                }
            }
        }
    }

    /// Calls `body` with the reply groups of the comment analysed in `workspace`, most specific first,
    /// the renderer of its templates, the pack's `reply_max` for its platform and the platform; gives
    /// `none` when there are no groups. The choice of groups is described at
    /// ``suggestions(for:in:spanText:record:)``. `comment` points to the comment, valid during the call.
    private func withReplyGroups<Result>(
        for comment: UnsafePointer<Comment>, in workspace: Workspace, none: Result,
        _ body: (UnsafeMutableBufferPointer<ReplyGroup>, TemplateRenderer, Int?, String?) -> Result
    ) -> Result {
        let label = workspace.decision.label
        let fired = workspace.fired
        let found = workspace.spanRanges
        let plan = self.plan
        let replies = plan.replies
        /// The index of the first span of `rule`, or -1.
        func firstMatch(_ rule: Int) -> Int {
            for index in found.indices where found[index].rule == rule { return index }
            return -1
        }
        // The escalation's fields are read in place: binding `workspace.escalation` to a local copied the
        // summary (a retain and a release of its route, routes and reasons) on every comment.
        let escalated = workspace.escalation != nil
        let routeCount = escalated ? workspace.escalation?.routes?.count ?? 1 : 0
        return withUnsafeTemporaryAllocation(of: ReplyGroup.self, capacity: 2 * fired.count + routeCount + 2) { storage in
            var groups = ReplyGroups(storage: storage, lists: replies.lists)
            if workspace.escalation?.level == .critical, let escalation = workspace.escalation {
                var match = -1
                if let best = fired.first(where: { plan.ruleIsCritical[$0] }) { match = firstMatch(best) }
                if let routes = escalation.routes {
                    for route in routes { groups.add(replies.handoffByRoute[route], match: match) }
                } else {
                    groups.add(replies.handoffByRoute[escalation.route], match: match)
                }
                if !groups.offered { groups.add(replies.handoff, match: match) }
            } else {
                var best = -1
                // Labels are compared by their slot in the replies' labels, not by name.
                var slot = replies.slot(of: label)
                var mixed = false
                if slot == CompiledReplies.praise {
                    switch praiseReplyChoice(in: workspace) {
                    case .praise, .resolved: break
                    case .redirected(let other, _): slot = other
                    case .mixed: mixed = replies.mixed != nil
                    }
                }
                // A comment the escalation model read as a route's case short of escalating (from its caution
                // probability) gets the route's caution replies first, unless it is praise or a question (a
                // routine "how do I change my email?" keeps its answer): security steps rather than a
                // generic reply to an unescalated takeover. A question read as a critical route's case is
                // not routine ("does the insurance still pay my family if I won't be here next month?"):
                // it gets the caution replies too, not "thanks for asking!".
                if let route = workspace.cautionRoute, label != .praise,
                    label != .question || compiled.escalationModel?.level(of: route) == .critical
                {
                    groups.add(replies.cautionByRoute[route], match: -1)
                }
                // An escalation no fired rule raised (the learned model's) gets the replies of a rule on its
                // route, in that rule's layer before its escalations: a churn case hears "we'd hate to lose
                // you", not the label's generic reply, and a brand layer's fired rules still come first.
                // (The fired rules are tested first: most escalations are a fired rule's, and then the
                // route's rule is not looked up by name.)
                var routeRule = -1
                if escalated, !fired.contains(where: { plan.ruleEscalation[$0] != nil }),
                    let route = workspace.escalation?.route, let rule = plan.routeReplyRules[route]
                {
                    routeRule = rule
                }
                // The highest layer's fired rules first; within a layer, escalations (highest level
                // first), then care rules (pack order), then the rules carrying the label (highest weight first).
                var top = routeRule < 0 ? 0 : plan.ruleLayers[routeRule]
                for rule in fired where plan.ruleLayers[rule] > top { top = plan.ruleLayers[rule] }
                // Care rules (no label, no escalation: a bereavement, hardship) speak before the
                // label's rules, and for praise with a problem too: "sorry for your loss" whatever the label.
                // A rule's escalation speaks before them; the learned model's (borrowing a route's reply) after.
                // (`groups` is passed, not captured: a nested function that captures a variable it changes
                // costs a dynamic exclusivity check per comment.)
                func addCareReplies(of layer: Int, to groups: inout ReplyGroups) {
                    for rule in fired where plan.ruleIsCare[rule] && plan.ruleLayers[rule] == layer && !replies.lists[rule].isEmpty {
                        groups.add(rule, match: firstMatch(rule))
                    }
                }
                for layer in stride(from: top, through: 0, by: -1) {
                    if routeRule >= 0 { addCareReplies(of: layer, to: &groups) }
                    if routeRule >= 0, plan.ruleLayers[routeRule] == layer { groups.add(routeRule, match: -1) }
                    if escalated {
                        for level in [EscalationLevel.high, .medium, .low] {
                            for rule in fired where plan.ruleEscalation[rule] == level && plan.ruleLayers[rule] == layer && !replies.lists[rule].isEmpty {
                                groups.add(rule, match: firstMatch(rule))
                            }
                        }
                    }
                    if routeRule < 0 { addCareReplies(of: layer, to: &groups) }
                    if !mixed {
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: fired.count) { carrying in
                            // Stable insertion by weight, highest first (pack order among equal weights).
                            let weights = plan.ruleWeights
                            var carried = 0
                            for rule in fired where plan.ruleLabelSlots[rule] == slot && plan.ruleLayers[rule] == layer {
                                var at = carried
                                while at > 0, weights[carrying[at - 1]] < weights[rule] {
                                    carrying[at] = carrying[at - 1]
                                    at -= 1
                                }
                                carrying[at] = rule
                                carried += 1
                            }
                            for rule in carrying[..<carried]
                            where !replies.lists[rule].isEmpty && !(escalated && plan.ruleEscalation[rule] != nil) {
                                groups.add(rule, match: firstMatch(rule))
                            }
                            if carried > 0, best < 0 { best = carrying[0] }
                        }
                    }
                }
                groups.add(mixed ? replies.mixed : replies.labelDefaults[slot], match: best < 0 ? -1 : firstMatch(best))
            }
            if groups.count == 0 { return none }
            let renderer = TemplateRenderer(fields: FieldLookup(comment: comment, label: label, aliases: pack.fieldAliases), brand: replies.brand)
            var platform: String?
            var limit: Int?
            if replies.limitDependsOnPlatform {
                platform = renderer.fields.value(Self.platformKey)?.text
                limit = PackSettings.replyLimit(in: replies.replyMax, platform: platform)
            } else {
                // Only a `default` entry (or none): every comment's limit, whatever its platform.
                limit = replies.everyLimit
            }
            return body(groups.collected, renderer, limit, platform)
        }
    }
}

/// How the replies of a comment labelled praise are chosen, and why (``Engine/praiseReplyChoice(in:)``).
enum PraiseReplyChoice: Equatable {
    /// No complaint evidence: praise's own replies.
    case praise
    /// A fired praise rule that `resolves` (the first in pack order) says the problem was put right:
    /// praise's own replies, whatever complaint evidence there is.
    case resolved(rule: Int)
    /// A rule of the label in `slot` (complaint, else question) with a positive weight fired, the first
    /// such `rule` in pack order: that label's replies. A complaint rule redirects only while praise leads
    /// complaint by less than `complaint_reply_margin` thresholds.
    case redirected(slot: Int, rule: Int)
    /// Complaint evidence short of a complaint rule that scores: the pack's `mixed` replies.
    case mixed(MixedPraise)
}

/// Why praise gets the `mixed` replies.
enum MixedPraise: Equatable {
    /// A complaint rule of weight 0 or less fired (a complaint cue): the rule.
    case complaintCue(Int)
    /// A praise rule of negative weight fired (thanks as a courtesy): the rule.
    case courtesy(Int)
    /// Complaint's score is positive and praise leads it by less than `praise_reply_margin` thresholds.
    case margin(lead: Double, needed: Double)
    /// No praise rule of positive weight fired: the label is the lexicon's alone, too little to celebrate.
    case noPraiseRule
    /// A complaint rule of positive weight fired (the first in pack order), but praise leads complaint by
    /// `lead`, at least `complaint_reply_margin` thresholds (`needed`): praise that mentions a problem.
    case outweighedComplaint(rule: Int, lead: Double, needed: Double)
}

extension Engine {
    /// Whether a comment the engine labelled praise may get praise's own replies. A problem, then an open
    /// request, outranks the praise: when a complaint rule with a positive weight fired and praise leads
    /// complaint by less than `complaint_reply_margin` thresholds (``PackSettings/complaintReplyMargin``,
    /// default 1; at any lead when the pack has no `mixed` replies) the complaint replies come instead, else when such a question rule fired the question
    /// replies. Then any other complaint evidence asks for the pack's `mixed` replies, which thank without
    /// celebrating: a complaint rule of positive weight that praise clearly outweighs, a complaint
    /// rule of weight 0 or less fired (a cue: "but", a negation, a problem word), a praise rule of negative
    /// weight fired (thanks as a courtesy), or complaint's score is positive and praise leads it by less
    /// than `praise_reply_margin` thresholds (``PackSettings/praiseReplyMargin``, default 2: one threshold
    /// decides the label, a cheerful reply asks for a clear margin), or no praise rule of positive weight
    /// fired (the lexicon alone made it praise). The first of these, in that order, is
    /// the one given; pack order among rules. Before all of them, a fired praise rule that `resolves`
    /// ("thought it was lost but it turned up, all good") keeps praise's own replies: the problem the
    /// comment tells of is over, and "sorry it hasn't turned up" would answer the wrong story.
    func praiseReplyChoice(in workspace: Workspace) -> PraiseReplyChoice {
        let plan = self.plan
        let fired = workspace.fired
        if let rule = fired.first(where: { plan.ruleResolves[$0] }) { return .resolved(rule: rule) }
        let scores = workspace.decision.scores
        let complaint = scores[ScoreSlots.complaint]
        let lead = scores[ScoreSlots.praise] - complaint
        let outweighed = fired.first(where: { plan.ruleLabelSlots[$0] == CompiledReplies.complaint && plan.ruleWeights[$0] > 0 })
        let redirectBelow = pack.settings.complaintReplyMargin * workspace.decision.threshold
        // Without `mixed` replies there is nothing neutral to offer, and the complaint's replies stay.
        if let rule = outweighed, lead < redirectBelow || plan.replies.mixed == nil { return .redirected(slot: CompiledReplies.complaint, rule: rule) }
        if let rule = fired.first(where: { plan.ruleLabelSlots[$0] == CompiledReplies.question && plan.ruleWeights[$0] > 0 }) {
            return .redirected(slot: CompiledReplies.question, rule: rule)
        }
        if let rule = outweighed { return .mixed(.outweighedComplaint(rule: rule, lead: lead, needed: redirectBelow)) }
        if let cue = fired.first(where: { plan.ruleLabelSlots[$0] == CompiledReplies.complaint }) {
            return .mixed(.complaintCue(cue))
        }
        if let courtesy = fired.first(where: { plan.ruleLabelSlots[$0] == CompiledReplies.praise && plan.ruleWeights[$0] < 0 }) {
            return .mixed(.courtesy(courtesy))
        }
        let needed = pack.settings.praiseReplyMargin * workspace.decision.threshold
        if complaint > 0 && lead < needed { return .mixed(.margin(lead: lead, needed: needed)) }
        if !fired.contains(where: { plan.ruleLabelSlots[$0] == CompiledReplies.praise && plan.ruleWeights[$0] > 0 }) {
            return .mixed(.noPraiseRule)
        }
        return .praise
    }
}

/// What became of a reply template the picker tried (for explanations).
enum ReplyOutcome {
    /// Rendered to this text.
    case offered(String)
    /// Dropped: the variable named has no value and no fallback.
    case missingValue(String)
    /// Dropped: longer than the pack's `reply_max` for the comment's platform (nil: the comment has none).
    case tooLong(length: Int, limit: Int, platform: String?)
}

extension Engine {
    /// The field whose value chooses the `reply_max` entry.
    static let platformKey = FieldKey("platform")
}
