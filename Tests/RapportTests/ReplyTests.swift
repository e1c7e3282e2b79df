import Testing
@testable import Rapport

@Suite struct ReplyTests {
    private let handoff = DefaultReplies(
        byLabel: [
            .complaint: [template("Sorry to hear that, {author|there}.")],
            .praise: [
                template("Thanks {author|friend}!"), template("Glad you like it, {author|friend}!"),
                template("You made our day, {author|friend}."), template("{brand} loves you too!"),
            ],
        ],
        handoff: [template("A member of our team will contact you directly today, {author|there}.")],
        handoffByRoute: ["safety": [template("Please stay safe; our safety team is on it.")]])

    private func replyEngine() throws -> Engine {
        try engine(
            [
                rule("c.late", .complaint, weight: 2, match: ["late"], reply: ["Sorry it is {match}, {author}. DM us?"]),
                rule("c.broken", .complaint, weight: 3, match: ["broken"], reply: ["A broken {field.product|item}? Let's fix it."]),
                rule("q.how", .question, match: ["how"], reply: ["Question reply"]),
                rule("p.love", .praise, match: ["love"]),
                rule("e.legal", match: ["lawyer"], escalate: Escalation(level: .critical, route: "legal", reason: "Legal")),
                rule("e.fire", match: ["fire"], escalate: Escalation(level: .critical, route: "safety", reason: "Safety")),
                rule("e.churn", match: ["cancel"], escalate: Escalation(level: .high, route: "retention", reason: "Churn")),
            ], replies: handoff)
    }

    @Test func ruleRepliesComeHighestWeightFirstThenLabelDefaults() throws {
        let verdict = try replyEngine().classify(Comment(id: "1", text: "so late and broken", author: "@ana", fields: ["product": .string("kettle")]))
        #expect(verdict.label == .complaint)
        #expect(verdict.suggestions == ["A broken kettle? Let's fix it.", "Sorry it is late, @ana. DM us?", "Sorry to hear that, @ana."])
    }

    /// A rule labelled `other` (a customer sending the order number asked for) offers its replies only
    /// when the engine decides `other`, and never moves a score.
    @Test func repliesOfRulesLabelledOtherAreOfferedOnlyWhenTheDecisionIsOther() throws {
        let rules = [
            rule("o.reference", .other, weight: 0, match: ["order number is"], reply: ["Thanks, we've got that."]),
            rule("c.late", .complaint, weight: 2, match: ["late"]),
        ]
        let withReplies = try engine(rules, replies: handoff)
        let answer = withReplies.classify(Comment(id: "1", text: "order number is 5521"))
        #expect(answer.label == .other)
        #expect(answer.rules == ["o.reference"])
        #expect(answer.suggestions == ["Thanks, we've got that."])
        let late = withReplies.classify(Comment(id: "2", text: "order number is 5521 and it is late"))
        #expect(late.label == .complaint)
        #expect(late.suggestions == ["Sorry to hear that, there."])
        // The scores are those of the pack without the rule.
        let without = try engine([rules[1]], replies: handoff)
        for text in ["order number is 5521", "order number is 5521 and it is late"] {
            #expect(withReplies.classify(Comment(id: "3", text: text)).scores == without.classify(Comment(id: "3", text: text)).scores)
        }
        #expect(without.classify(Comment(id: "4", text: "order number is 5521")).suggestions.isEmpty)
    }

    @Test func repliesOfRulesWithAnotherLabelAreNotUsed() throws {
        let verdict = try replyEngine().classify(Comment(id: "1", text: "broken, how?", author: "@ana"))
        #expect(verdict.label == .complaint)
        #expect(!verdict.suggestions.contains("Question reply"))
    }

    @Test func praiseWithComplaintEvidenceGetsComplaintReplies() throws {
        // "love" outweighs "late" here, but a praise reply to a problem would be embarrassing.
        let engine = try engine(
            [
                rule("c.late", .complaint, weight: 1, match: ["late"], reply: ["Sorry it is {match}. DM us?"]),
                rule("p.love", .praise, weight: 3, match: ["love"], reply: ["That made our day!"]),
            ], replies: handoff)
        let mixed = engine.classify(Comment(id: "1", text: "love you but so late"))
        #expect(mixed.label == .praise)
        #expect(mixed.suggestions == ["Sorry it is late. DM us?", "Sorry to hear that, there."])
        let pure = engine.classify(Comment(id: "2", text: "love you"))
        #expect(pure.suggestions.first == "That made our day!")
    }

    @Test func praiseWithAnOpenQuestionGetsQuestionReplies() throws {
        // Thanks outweigh the question here, but "that made our day!" would leave the question unanswered.
        let engine = try engine(
            [
                rule("c.late", .complaint, weight: 1, match: ["late"], reply: ["Sorry it is late."]),
                rule("q.any", .question, weight: 1, match: ["any help"], reply: ["Happy to help: what do you need?"]),
                rule("p.thanks", .praise, weight: 2, match: ["thanks"], reply: ["That made our day!"]),
            ], replies: handoff)
        let asking = engine.classify(Comment(id: "1", text: "any help with my refund? thanks"))
        #expect(asking.label == .praise)
        #expect(asking.suggestions == ["Happy to help: what do you need?"])
        // A problem outranks the question: complaint replies come first.
        let late = engine.classify(Comment(id: "2", text: "any help? it is late, thanks"))
        #expect(late.label == .praise)
        #expect(late.suggestions == ["Sorry it is late.", "Sorry to hear that, there."])
        let thanks = engine.classify(Comment(id: "3", text: "thanks"))
        #expect(thanks.suggestions.first == "That made our day!")
    }

    @Test func praiseThatDoesNotClearlyOutweighAProblemGetsTheMixedReplies() throws {
        // The lexicon gives "still" and "waiting" to complaint and "worth" against it; no complaint rule
        // fires, so only the scores tell how close the problem came (threshold 1: a clear margin is 2).
        let pack = try LexiconTests.load([
            "a.yaml": """
            rapport: 1
            lists:
              negators: [not]
            rules:
              - id: praise.thanks
                label: praise
                weight: 2
                match: [thanks]
                reply: ["That made our day!"]
            replies:
              praise: ["So glad to hear it!"]
              mixed: ["Thanks for letting us know. Anything still not right? DM us."]
            lexicon:
              terms:
                still: {complaint: 1.5}
                waiting: {complaint: 0.5}
                worth: {complaint: -0.75}
                great: {praise: 1.5}
            """
        ])
        let engine = try Engine(pack: pack)
        // praise 2 against complaint 1.5.
        let close = engine.classify(Comment(id: "1", text: "thanks, still no bag"))
        #expect(close.label == .praise)
        #expect(close.suggestions == ["Thanks for letting us know. Anything still not right? DM us."])
        // praise 2 against complaint 0.5: praise leads by more than the threshold, less than twice it.
        let near = engine.classify(Comment(id: "2", text: "thanks, so much waiting"))
        #expect(near.label == .praise)
        #expect(near.suggestions == ["Thanks for letting us know. Anything still not right? DM us."])
        // praise 2 + 1.5 against complaint 0.5: a lead of twice the threshold or more, the praise replies.
        let ahead = engine.classify(Comment(id: "4", text: "thanks, great, so much waiting"))
        #expect(ahead.suggestions.first == "That made our day!")
        // praise 2 against complaint 0.5 - 0.75: no sign of a problem, the praise replies.
        let clear = engine.classify(Comment(id: "3", text: "thanks, worth waiting for"))
        #expect(clear.label == .praise)
        #expect(clear.suggestions == ["That made our day!", "So glad to hear it!"])
        // Without `mixed` replies the close one keeps the praise replies.
        var plain = pack
        plain.replies.mixed = []
        #expect(try Engine(pack: plain).classify(Comment(id: "1", text: "thanks, still no bag")).suggestions.first == "That made our day!")
        // `pack show` prints them, and what it prints loads back the same.
        let printed = PackPrinter.yaml(pack)
        #expect(printed.contains("  mixed:"))
        #expect(try LexiconTests.load(["pack.yaml": printed]).replies.mixed.map(\.source) == pack.replies.mixed.map(\.source))
    }

    /// A pack with a complaint cue (weight 0), a courtesy rule (negative weight), a scoring complaint
    /// rule and a lexicon word for complaint, beside a strong praise rule.
    static let evidencePack = """
        rapport: 1
        pack: {name: t, praise_reply_margin: 3}
        rules:
          - id: p.love
            label: praise
            weight: 3
            match: ["love"]
            reply: ["That made our day!"]
          - id: p.courtesy
            label: praise
            weight: -1
            match: ["sent"]
          - id: c.cue
            label: complaint
            weight: 0
            match: ["but"]
          - id: c.late
            label: complaint
            weight: 1
            match: ["late"]
            reply: ["Sorry it is late."]
        replies:
          praise: ["So glad to hear it!"]
          mixed: ["Thanks for letting us know. DM us if anything isn't right."]
        lexicon:
          terms:
            still: {complaint: 1.5}
            yay: {praise: 2}
        """

    @Test func praiseRepliesNeedPraiseWithoutComplaintEvidence() throws {
        let pack = try LexiconTests.load(["a.yaml": Self.evidencePack])
        #expect(pack.settings.praiseReplyMargin == 3)
        let engine = try Engine(pack: pack)
        let mixedReply = "Thanks for letting us know. DM us if anything isn't right."
        // No evidence: praise's own replies.
        let clean = engine.classify(Comment(id: "1", text: "love you"))
        #expect(clean.label == .praise)
        #expect(clean.suggestions == ["That made our day!", "So glad to hear it!"])
        // A complaint cue of weight 0 leaves the label and the scores alone, and takes the celebration away.
        let cue = engine.classify(Comment(id: "2", text: "love you but"))
        #expect(cue.label == .praise && cue.rules == ["p.love", "c.cue"] && cue.scores["complaint"] == 0)
        #expect(cue.suggestions == [mixedReply])
        // Thanks as a courtesy (a praise rule of negative weight) does too, though praise still wins.
        let courtesy = engine.classify(Comment(id: "3", text: "sent, love it"))
        #expect(courtesy.label == .praise)
        #expect(courtesy.suggestions == [mixedReply])
        // A complaint rule that scores, clearly outweighed (praise 3 leads complaint 1 by 2 thresholds, the
        // default complaint_reply_margin is 1), asks for the mixed replies, not "sorry it is late".
        let late = engine.classify(Comment(id: "4", text: "love you but late"))
        #expect(late.label == .praise)
        #expect(late.suggestions == [mixedReply])
        // A lexicon score for complaint: praise 3 leads 1.5 by 1.5, under the pack's margin of 3 thresholds.
        let close = engine.classify(Comment(id: "5", text: "love you, still"))
        #expect(close.label == .praise)
        #expect(close.suggestions == [mixedReply])
        // Praise from the lexicon alone (no praise rule fired) is too little to celebrate.
        let lexiconOnly = engine.classify(Comment(id: "6", text: "yay"))
        #expect(lexiconOnly.label == .praise && lexiconOnly.rules.isEmpty)
        #expect(lexiconOnly.suggestions == [mixedReply])
        // The margin is the pack's: at 1 threshold the same lead is enough; at 0 only the rules count.
        for margin in [1.0, 0.0] {
            var wide = pack
            wide.settings.praiseReplyMargin = margin
            #expect(try Engine(pack: wide).classify(Comment(id: "5", text: "love you, still")).suggestions.first == "That made our day!")
        }
        // Without a margin in `pack:` the default of 2 thresholds applies.
        let plain = try LexiconTests.load(["a.yaml": Self.evidencePack.replacing(", praise_reply_margin: 3", with: "")])
        #expect(plain.settings.praiseReplyMargin == PackSettings.defaultPraiseReplyMargin)
        #expect(PackSettings.defaultPraiseReplyMargin == 2)
    }

    @Test func explainSaysWhosePraiseRepliesAndWhy() throws {
        let engine = try Engine(pack: try LexiconTests.load(["a.yaml": Self.evidencePack]))
        func note(_ text: String) -> String? { engine.explain(Comment(id: "1", text: text)).praiseReply }
        #expect(
            note("love you")
                == "praise's own replies: no complaint rule and no courtesy rule fired, and complaint's score is not positive or praise leads it by at least praise_reply_margin 3 × threshold 1"
        )
        #expect(note("love you but") == "mixed replies instead of praise's: rule c.cue (complaint, weight 0) fired, a complaint cue")
        #expect(note("sent, love it") == "mixed replies instead of praise's: rule p.courtesy (praise, weight -1) fired: thanks as a courtesy")
        #expect(
            note("love you, late")
                == "mixed replies instead of praise's: rule c.late (complaint, weight 1) fired, but praise leads complaint by 2, at least complaint_reply_margin 1 × threshold 1 = 1"
        )
        #expect(
            note("love you, still")
                == "mixed replies instead of praise's: praise leads a positive complaint score by 1.5, under praise_reply_margin 3 × threshold 1 = 3")
        #expect(note("yay") == "mixed replies instead of praise's: no praise rule fired, so praise is the lexicon's reading alone")
        // Not praise: no note.
        #expect(note("late") == nil)
    }

    /// Praise that a complaint rule nearly matches (sarcasm, a close call) gets the complaint's replies;
    /// praise that clearly outweighs it gets the mixed replies; the margin is the pack's, and a pack without
    /// mixed replies keeps the complaint's at any lead.
    @Test func aComplaintRuleRedirectsPraiseRepliesOnlyOnAClosePraiseVerdict() throws {
        let text = """
            rapport: 1
            pack: {name: t}
            rules:
              - {id: p.love, label: praise, weight: 3, match: ["love"]}
              - {id: p.thanks, label: praise, weight: 1, match: ["thanks"]}
              - {id: c.lost, label: complaint, weight: 2.5, match: ["lost"], reply: ["Sorry about your bag."]}
            replies:
              praise: ["So glad to hear it!"]
              mixed: ["Thanks for letting us know. DM us if anything isn't right."]
            """
        let pack = try LexiconTests.load(["a.yaml": text])
        #expect(pack.settings.complaintReplyMargin == PackSettings.defaultComplaintReplyMargin)
        #expect(PackSettings.defaultComplaintReplyMargin == 1)
        let engine = try Engine(pack: pack)
        // praise 3 against complaint 2.5: a close call ("love how you lost my bag"): the complaint's replies.
        let close = engine.classify(Comment(id: "1", text: "love how you lost my bag"))
        #expect(close.label == .praise)
        #expect(close.suggestions.first == "Sorry about your bag.")
        // praise 4 against 2.5: a lead of 1.5 thresholds, praise that mentions a problem: the mixed replies.
        let clear = engine.classify(Comment(id: "2", text: "thanks, love that you found the bag I lost"))
        #expect(clear.label == .praise)
        #expect(clear.suggestions == ["Thanks for letting us know. DM us if anything isn't right."])
        // A wider margin in `pack:` redirects that too; 0 never redirects.
        let wide = try LexiconTests.load(["a.yaml": text.replacing("pack: {name: t}", with: "pack: {name: t, complaint_reply_margin: 2}")])
        #expect(wide.settings.complaintReplyMargin == 2)
        #expect(
            try Engine(pack: wide).classify(Comment(id: "2", text: "thanks, love that you found the bag I lost")).suggestions.first == "Sorry about your bag.")
        let never = try LexiconTests.load(["a.yaml": text.replacing("pack: {name: t}", with: "pack: {name: t, complaint_reply_margin: 0}")])
        #expect(try Engine(pack: never).classify(Comment(id: "1", text: "love how you lost my bag")).suggestions.first != "Sorry about your bag.")
        // `pack show` keeps a margin that is not the default.
        #expect(PackPrinter.yaml(wide).contains("complaint_reply_margin: 2"))
        #expect(!PackPrinter.yaml(pack).contains("complaint_reply_margin"))
        // Without mixed replies nothing neutral is left to offer: the complaint's replies at any lead.
        var plain = pack
        plain.replies.mixed = []
        #expect(
            try Engine(pack: plain).classify(Comment(id: "2", text: "thanks, love that you found the bag I lost")).suggestions.first == "Sorry about your bag.")
        // A negative margin is an error at its place.
        let errors = LexiconTests.errors(["a.yaml": text.replacing("pack: {name: t}", with: "pack: {name: t, complaint_reply_margin: -1}")])
        #expect(errors.map(\.message) == ["'complaint_reply_margin' in 'pack' must not be negative"])
        #expect(errors.first.map { ($0.line, $0.column) } ?? (0, 0) == (2, 41))
    }

    @Test func aNegativePraiseReplyMarginIsAnErrorAtItsPlace() throws {
        let errors = LexiconTests.errors([
            "a.yaml": "rapport: 1\npack: {name: t, praise_reply_margin: -1}\nrules:\n  - {id: p.love, label: praise, match: [love]}\n"
        ])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.code == .invalidValue)
        #expect(error.message == "'praise_reply_margin' in 'pack' must not be negative")
        #expect((error.line, error.column) == (2, 38))
        #expect(error.file.hasSuffix("a.yaml"))
    }

    @Test func escalatingRulesRepliesComeFirst() throws {
        let engine = try engine(
            [
                rule("c.late", .complaint, weight: 3, match: ["late"], reply: ["Sorry it is late."]),
                rule(
                    "e.hacked", .complaint, weight: 1, match: ["hacked"],
                    escalate: Escalation(level: .high, route: "security", reason: "Takeover"), reply: ["Let's secure your account."]),
            ], replies: handoff)
        let verdict = engine.classify(Comment(id: "1", text: "hacked and late"))
        #expect(verdict.suggestions.first == "Let's secure your account.")
        #expect(verdict.suggestions.contains("Sorry it is late."))
    }

    @Test func criticalEscalationSwitchesToHandoffRepliesRouteFirst() throws {
        let engine = try replyEngine()
        let legal = engine.classify(Comment(id: "1", text: "late again, calling my lawyer", author: "@bo"))
        #expect(legal.label == .complaint)
        #expect(legal.suggestions == ["A member of our team will contact you directly today, @bo."])
        let fire = engine.classify(Comment(id: "2", text: "it caught fire, lawyer next", author: "@bo"))
        #expect(fire.suggestions == ["Please stay safe; our safety team is on it."])
        let churn = engine.classify(Comment(id: "3", text: "late. cancel", author: "@bo"))
        #expect(churn.suggestions.first == "Sorry it is late, @bo. DM us?")
    }

    @Test func fallbacksAndSkippedTemplates() throws {
        let engine = try replyEngine()
        // `{author}` without fallback: the late reply is skipped; the default uses its fallback.
        let anonymous = engine.classify(Comment(id: "1", text: "late"))
        #expect(anonymous.suggestions == ["Sorry to hear that, there."])
        let broken = engine.classify(Comment(id: "1", text: "broken"))
        #expect(broken.suggestions.first == "A broken item? Let's fix it.")
    }

    @Test func commentTextIsNeverExpandedAsATemplate() throws {
        let engine = try replyEngine()
        let verdict = engine.classify(Comment(id: "1", text: "late {author} {brand}", author: "{brand}"))
        #expect(verdict.suggestions.first == "Sorry it is late, {brand}. DM us?")
        let fieldVerdict = engine.classify(Comment(id: "1", text: "broken", fields: ["product": .string("{author|x}")]))
        #expect(fieldVerdict.suggestions.first == "A broken {author|x}? Let's fix it.")
    }

    @Test func variantsAreStableForACommentAndVaryAcrossComments() throws {
        let engine = try replyEngine()
        let comment = Comment(id: "7", text: "love it", author: "@cy")
        let first = engine.classify(comment).suggestions
        #expect(first.count == 3)
        #expect(Set(first).count == 3)
        for _ in 0..<5 { #expect(engine.classify(comment).suggestions == first) }
        var leads = Set<String>()
        for index in 0..<40 { leads.insert(engine.classify(Comment(id: "\(index)", text: "love it", author: "@cy")).suggestions[0]) }
        #expect(leads.count >= 3)
    }

    @Test func stableHashIsFNV1a() {
        var hash = StableHash()
        hash.combine("a")
        #expect(hash.value == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func templateVariables() throws {
        let comment = Comment(
            id: "42", text: "x", author: "Ana",
            fields: [
                "platform": .string("youtube"), "likes": .number(12), "author.followers": .number(1500), "order.id": .string("A-1"),
            ])
        FieldLookup.with(comment, label: .praise) { lookup in
            let renderer = TemplateRenderer(fields: lookup, brand: "Acme")
            let text = renderer.render(
                template("{author}|{author.name}|{author.followers}|{brand}|{label}|{id}|{platform}|{likes}|{field.order.id}|{match|none}|{nope|fallback}"),
                match: nil)
            #expect(text == "Ana|Ana|1500|Acme|praise|42|youtube|12|A-1|none|fallback")
            #expect(renderer.render(template("Hi {nope}"), match: nil) == nil)
            #expect(renderer.render(template("{match}!"), match: "so late") == "so late!")
        }
    }
}
