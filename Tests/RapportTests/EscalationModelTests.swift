import Foundation
import Testing
@testable import Rapport

/// The `escalation_model:` section: decoding and its diagnostics, the escalate stage, layers, export, and
/// fitting one with `EscalationModelTrainer`.
@Suite("Escalation model")
struct EscalationModelTests {
    static let rules = """
        rapport: 1
        lists:
          negators: [not, never]
        rules:
          - id: complaint.broken
            label: complaint
            match: [broken]
          - id: escalate.lawyer
            label: complaint
            match: [lawyer]
            escalate: {level: critical, route: legal, reason: Legal threat}
        """

    /// A model that escalates on "swerved" (safety) and "hacked" (security) and holds back on "joke".
    static let model = """
        rapport: 1
        escalation_model:
          at: 0.8
          routes: [safety, security]
          levels: {safety: critical}
          bias: {escalate: -3, safety: 0, security: 0}
          terms: |
            # term      escalate   safety   security
            swerved          5.0      2.0       -1.0
            hacked           5.0     -1.0        2.0
            joke            -4.0        0          0
            the driver       0.5      1.0          0
        """

    static func load(_ files: [String: String]) throws -> RulePack { try LexiconTests.load(files) }

    static func errors(_ files: [String: String]) -> [Diagnostic] { LexiconTests.errors(files) }

    @Test func theSectionDecodesWithItsLocations() throws {
        let model = try #require(try Self.load(["a.yaml": Self.rules, "model.yaml": Self.model]).escalationModel)
        #expect(model.threshold == 0.8)
        #expect(model.routes == ["safety", "security"])
        #expect(model.level(of: "safety") == .critical)
        #expect(model.level(of: "security") == .high)
        #expect(model.bias == [-3, 0, 0])
        #expect(model.terms.map(\.words) == [["swerved"], ["hacked"], ["joke"], ["the", "driver"]])
        #expect(model.terms[3].weights == [0.5, 1, 0])
        #expect(model.terms[0].location.line == 9)
    }

    @Test func theModelEscalatesOnlyWhatNoRuleEscalatesAndOnlyAboveItsThreshold() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules, "model.yaml": Self.model]))
        // -3 + 5 = 2: p 0.88 ≥ 0.8, on the route whose column sums highest.
        let swerved = try #require(engine.classify(Comment(text: "the driver swerved at me")).escalation)
        #expect(swerved.route == "safety")
        #expect(swerved.level == .critical)
        #expect(swerved.reasons.count == 1)
        #expect(swerved.reasons[0].hasPrefix("Learned: reads like a safety case (0.92: 'swerved', 'the driver')"))
        let hacked = try #require(engine.classify(Comment(text: "my account got hacked")).escalation)
        #expect(hacked.route == "security")
        #expect(hacked.level == .high)
        // Below the threshold: -3 + 5 - 4.
        #expect(engine.classify(Comment(text: "hacked, joke")).escalation == nil)
        #expect(engine.classify(Comment(text: "it is broken")).escalation == nil)
        // A rule's escalation stands alone: the model adds nothing to it.
        let both = try #require(engine.classify(Comment(text: "hacked, calling my lawyer")).escalation)
        #expect(both.route == "legal")
        #expect(both.reasons == ["Legal threat"])
    }

    /// A rule on the security route with a reply, that fires on none of the tests' comments (appended to ``rules``).
    static let takeover = """

          - id: escalate.takeover
            label: complaint
            match: ["someone changed my password"]
            escalate: {level: high, route: security, reason: Takeover}
            reply: ["Let's lock your account first: DM us and we'll walk you through it."]
        """

    @Test func aLearnedEscalationGetsTheRepliesOfARuleOnItsRoute() throws {
        let rules =
            Self.rules + Self.takeover + """

                replies:
                  complaint: ["Sorry about this, DM us the details."]
                """
        let engine = try Engine(pack: try Self.load(["a.yaml": rules, "model.yaml": Self.model]))
        // The model escalates on "hacked" (security); no rule fired, so the security rule's reply comes first.
        let hacked = engine.classify(Comment(text: "my account got hacked and it is broken"))
        #expect(hacked.escalation?.route == "security")
        #expect(hacked.suggestions.first == "Let's lock your account first: DM us and we'll walk you through it.")
        #expect(hacked.suggestions.contains("Sorry about this, DM us the details."))
        // Without an escalation the route's reply is not offered.
        let broken = engine.classify(Comment(text: "it is broken"))
        #expect(broken.escalation == nil)
        #expect(broken.suggestions == ["Sorry about this, DM us the details."])
        // Another route's rule lends nothing: a learned safety case (critical, so the handoff path) never gets
        // the security rule's reply.
        let swerved = engine.classify(Comment(text: "the driver swerved, it is broken"))
        #expect(swerved.escalation?.route == "safety")
        #expect(!swerved.suggestions.contains("Let's lock your account first: DM us and we'll walk you through it."))
    }

    @Test func aBrandLayersFiredRuleStaysBeforeTheBorrowedRouteReply() throws {
        let rules =
            Self.rules + Self.takeover + """

                  - id: escalate.takeover-quoted
                    label: complaint
                    match: ["my login was changed"]
                    escalate: {level: high, route: security, reason: Takeover}
                    reply: ["About {match}: DM us."]
                """
        let base = try LayeredPackTests.layer(["a.yaml": rules, "model.yaml": Self.model])
        let brand = try LayeredPackTests.layer([
            "brand.yaml": """
            rapport: 1
            rules:
              - id: brand.broken
                label: complaint
                match: [broken]
                reply: ["Our brand team is on it."]
              - id: brand.takeover
                label: complaint
                match: ["my profile was changed"]
                escalate: {level: high, route: security, reason: Takeover}
                reply: ["Ah, {match}? DM us."]
            """
        ])
        let engine = try Engine(pack: try RulePack.load(paths: [base, brand], overDefault: false))
        let hacked = engine.classify(Comment(text: "my account got hacked and it is broken"))
        #expect(hacked.escalation?.route == "security")
        // The brand layer's fired rule first; its security rule only shows {match}, so the borrowed reply is
        // the default layer's rule that has a plain one, in the default layer's turn.
        #expect(
            hacked.suggestions.prefix(2) == ["Our brand team is on it.", "Let's lock your account first: DM us and we'll walk you through it."])
    }

    @Test func extremeWeightsAndAThresholdOfOneNeitherCrashNorEscalateWrongly() throws {
        // Every route column overflows to -infinity: the first route is taken, nothing traps.
        let overflow = """
            rapport: 1
            escalation_model:
              at: 0.5
              routes: [safety, churn]
              bias: {escalate: 1, safety: -1e308, churn: -1e308}
              terms: |
                swerved  0  -1e308  -1e308
            """
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules, "model.yaml": overflow]))
        #expect(engine.classify(Comment(text: "the driver swerved")).escalation?.route == "safety")
        // At 1 no finite sum escalates.
        let certain = "rapport: 1\nescalation_model:\n  at: 1\n  routes: [churn]\n  bias: {escalate: 800, churn: 0}\n"
        let strict = try Engine(pack: try Self.load(["a.yaml": Self.rules, "model.yaml": certain]))
        #expect(strict.classify(Comment(text: "anything at all")).escalation == nil)
        // A model built in code without routes escalates nothing.
        var pack = try Self.load(["a.yaml": Self.rules])
        pack.escalationModel = EscalationModel(
            threshold: 0.5, routes: [], bias: [5], location: SourceLocation(file: "code", line: 1, column: 1))
        #expect(try Engine(pack: pack).classify(Comment(text: "anything")).escalation == nil)
    }

    @Test func aHigherLayersModelReplacesTheOneBelowAndExportRoundTrips() throws {
        let base = try LayeredPackTests.layer(["a.yaml": Self.rules, "model.yaml": Self.model])
        let top = try LayeredPackTests.layer([
            "model.yaml": "rapport: 1\nescalation_model:\n  routes: [churn]\n  bias: {escalate: 3, churn: 0}\n"
        ])
        let pack = try RulePack.load(paths: [base, top], overDefault: false)
        let model = try #require(pack.escalationModel)
        #expect(model.routes == ["churn"])
        #expect(model.threshold == 0.9)
        #expect(try Engine(pack: pack).classify(Comment(text: "anything")).escalation?.route == "churn")
        let lower = try Self.load(["a.yaml": Self.rules, "model.yaml": Self.model])
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(lower)])
        #expect(exported.escalationModel?.terms.map(\.weights) == lower.escalationModel?.terms.map(\.weights))
        #expect(exported.escalationModel?.levels == lower.escalationModel?.levels)
        #expect(exported.escalationModel?.threshold == 0.8)
    }

    @Test func badSectionsAreReportedWhereTheyAreWritten() {
        let errors = Self.errors([
            "a.yaml": Self.rules,
            "model.yaml": """
            rapport: 1
            escalation_model:
              at: 1.5
              routes: [safety, safety]
              levels: {safty: high}
              bias: {escalation: 1}
              terms: |
                swerved 1
                @brand 1 2
            """,
        ])
        let messages = errors.map { "\($0.location.line): \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("3: 'at'") && $0.contains("at most 1") })
        #expect(messages.contains { $0.hasPrefix("4: route 'safety' is given twice") })
        #expect(messages.contains { $0.hasPrefix("5: 'levels'") && $0.contains("'safty'") })
        #expect(errors.contains { $0.location.line == 5 && $0.hint?.contains("safety") == true })
        #expect(messages.contains { $0.hasPrefix("6: 'bias'") && $0.contains("'escalation'") })
        #expect(messages.contains { $0.hasPrefix("8: escalation model line 'swerved 1' must be a term and 2 weights") })
        #expect(messages.contains { $0.hasPrefix("9: escalation model term '@brand'") })
        #expect(Self.errors(["model.yaml": "rapport: 1\nescalation_model:\n  at: 0.5\n"]).contains { $0.message.contains("needs 'routes'") })
    }

    /// ``model`` with `caution: 0.5`: "hacked" with "joke" (-3 + 5 - 4: p 0.12) stays below it, "hacked"
    /// with "maybe" (-3 + 5 - 1.5: p 0.62) lies between it and `at`, "hacked" alone (p 0.88) escalates.
    static let cautiousModel =
        model.replacingOccurrences(of: "  at: 0.8\n", with: "  at: 0.8\n  caution: 0.5\n")
        + "\n    maybe           -1.5        0          0\n"

    static let cautionReplies = """

        replies:
          complaint: ["Sorry about this, DM us the details."]
          question: ["Happy to help, we'll reply here."]
          praise: ["Thank you!"]
          caution:
            security: ["If anyone else may have been in your account, reset your password and DM us."]
        """

    /// A question rule on "?" (appended to ``rules``).
    static let questionMark = """

          - id: question.mark
            label: question
            match: ["?"]
        """

    @Test func aCommentBetweenCautionAndThresholdGetsItsRoutesCautionRepliesFirst() throws {
        let pack = try Self.load(["a.yaml": Self.rules + Self.takeover + Self.questionMark + Self.cautionReplies, "model.yaml": Self.cautiousModel])
        #expect(pack.escalationModel?.caution == 0.5)
        let engine = try Engine(pack: pack)
        let caution = "If anyone else may have been in your account, reset your password and DM us."
        // Between caution and `at`: not escalated, the caution reply first, then the label's.
        let between = engine.classify(Comment(text: "maybe hacked? it is broken"))
        #expect(between.escalation == nil)
        #expect(between.suggestions == [caution, "Sorry about this, DM us the details."])
        // A comment decided `other` gets it too (`other` has no replies of its own here); a question keeps
        // its own replies (a routine "how do I change my email?" is answered, not warned).
        #expect(engine.classify(Comment(text: "maybe hacked")).suggestions == [caution])
        #expect(engine.classify(Comment(text: "maybe hacked?")).suggestions == ["Happy to help, we'll reply here."])
        // At `at` the model escalates: the route rule's reply, not the caution one.
        let escalated = engine.classify(Comment(text: "hacked, it is broken"))
        #expect(escalated.escalation?.route == "security")
        #expect(!escalated.suggestions.contains(caution))
        // Below caution, nothing changes.
        #expect(engine.classify(Comment(text: "hacked joke, it is broken")).suggestions == ["Sorry about this, DM us the details."])
        // A rule's escalation stands alone: no caution reply beside it.
        #expect(!engine.classify(Comment(text: "maybe hacked, calling my lawyer")).suggestions.contains(caution))
        // `explain` says why: the route, the probability (-3 + 5 - 1.5 = 0.5: 0.62) and the terms.
        let explained = engine.explain(Comment(text: "maybe hacked? it is broken"))
        #expect(explained.caution?.hasPrefix("reads like a security case (0.62: 'hacked'), from caution 0.5 and below 'at' 0.8") == true)
        #expect(explained.replyOrigins.first?.item == "caution.security replies")
        #expect(engine.explain(Comment(text: "it is broken")).caution == nil)
        // Without caution replies for the model's route (or without `caution:`), the replies are as before.
        let plain = try Engine(
            pack: try Self.load([
                "a.yaml": Self.rules + Self.takeover + Self.cautionReplies,
                "model.yaml": Self.cautiousModel.replacingOccurrences(of: "  caution: 0.5\n", with: ""),
            ]))
        #expect(plain.classify(Comment(text: "maybe hacked? it is broken")).suggestions == ["Sorry about this, DM us the details."])
    }

    @Test func aQuestionReadAsACriticalRoutesCaseGetsItsCautionReplies() throws {
        // `safety` is critical in ``model``, `security` is not: "maybe swerved?" (-3 + 5 - 1.5: p 0.62, safety
        // 2 against security -1) is a question read as a safety case, "maybe hacked?" one read as security.
        let replies = Self.cautionReplies + "\n    safety: [\"Is everyone safe? DM us where and when.\"]\n"
        let engine = try Engine(
            pack: try Self.load(["a.yaml": Self.rules + Self.takeover + Self.questionMark + replies, "model.yaml": Self.cautiousModel]))
        let swerved = engine.classify(Comment(text: "maybe swerved?"))
        #expect(swerved.label == .question)
        #expect(swerved.escalation == nil)
        #expect(swerved.suggestions == ["Is everyone safe? DM us where and when.", "Happy to help, we'll reply here."])
        #expect(engine.classify(Comment(text: "maybe hacked?")).suggestions == ["Happy to help, we'll reply here."])
    }

    @Test func anEscalationLeansToAPreferredRouteWithinItsMargin() throws {
        func model(prefer: String) -> String {
            Self.cautiousModel.replacingOccurrences(of: "  levels: {safety: critical}\n", with: "  levels: {safety: critical}\n  prefer: \(prefer)\n")
        }
        let pack = try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": model(prefer: "{safety: 3.5}")])
        #expect(pack.escalationModel?.prefer == ["safety": 3.5])
        let engine = try Engine(pack: pack)
        // "hacked" escalates (p 0.88) with security summing 2 and safety -1: within 3.5 of the best, safety.
        let hacked = engine.classify(Comment(text: "hacked, it is broken"))
        #expect(hacked.escalation?.route == "safety")
        #expect(hacked.escalation?.level == .critical)
        #expect(hacked.escalation?.reasons == ["Learned: reads like a safety case (0.88: 'hacked'; preferred over security)"])
        #expect(engine.classify(Comment(text: "the driver swerved")).escalation?.route == "safety")
        // Caution replies keep the highest route: "maybe hacked" (p 0.62) still gets security's.
        #expect(
            engine.classify(Comment(text: "maybe hacked")).suggestions == ["If anyone else may have been in your account, reset your password and DM us."])
        // Outside the margin the highest route stands.
        let narrow = try Engine(pack: try Self.load(["a.yaml": Self.rules, "model.yaml": model(prefer: "{safety: 2.5}")]))
        #expect(narrow.classify(Comment(text: "hacked, it is broken")).escalation?.route == "security")
        // Exported and read back, the margins stay.
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.escalationModel?.prefer == ["safety": 3.5])
        // A route that is not in 'routes', or a margin below 0, is reported where it is written.
        let messages = Self.errors(["a.yaml": Self.rules, "model.yaml": model(prefer: "{safty: 1, security: -1}")]).map {
            "\($0.location.line):\($0.location.column): \($0.message)"
        }
        #expect(messages.contains("7:12: 'prefer' in 'escalation_model' names route 'safty', which is not in its 'routes'"))
        #expect(
            messages.contains(
                "7:32: the margin of route 'security' in 'prefer' of 'escalation_model' must be a number of at least 0, not -1"))
    }

    /// A learned reason names first the terms that chose its route (by their weight in the route's column),
    /// then those that added most to `escalate`; never a term with a word of punctuation only: "." weighs
    /// most in both columns and is not shown; an emoji is.
    @Test func aLearnedReasonNamesTheRoutesTermsFirstAndLeavesPunctuationOut() throws {
        let model = Self.model + "\n    .                6.0        3.0        0\n    🙃               5.5        0          0\n"
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules, "model.yaml": model]))
        let reason = try #require(engine.classify(Comment(text: "the driver swerved 🙃.")).escalation?.reasons.first)
        // 'swerved' (safety 2.0) and 'the driver' (1.0) chose the route; '🙃' adds most to escalate after them.
        #expect(reason == "Learned: reads like a safety case (0.99: 'swerved', 'the driver', '🙃')")
        #expect(CompiledEscalationModel.hasPunctuationWord("know ."))
        #expect(!CompiledEscalationModel.hasPunctuationWord("🙃"))
        #expect(!CompiledEscalationModel.hasPunctuationWord("n't make"))
    }

    @Test func aRouteWithItsOwnThresholdEscalatesFromIt() throws {
        func model(_ extra: String) -> String {
            Self.cautiousModel.replacingOccurrences(of: "  levels: {safety: critical}\n", with: "  levels: {safety: critical}\n" + extra)
        }
        let pack = try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": model("  route_at: {security: 0.6}\n")])
        #expect(pack.escalationModel?.routeThresholds == ["security": 0.6])
        #expect(pack.escalationModel?.threshold(of: "security") == 0.6)
        #expect(pack.escalationModel?.threshold(of: "safety") == 0.8)
        let engine = try Engine(pack: pack)
        // "maybe hacked" (p 0.62, security summing highest) reaches security's 0.6: escalated, not cautioned.
        let hacked = try #require(engine.classify(Comment(text: "maybe hacked, it is broken")).escalation)
        #expect(hacked.route == "security")
        #expect(hacked.reasons == ["Learned: reads like a security case (0.62: 'hacked')"])
        // "maybe swerved" (p 0.62, safety highest) is held to `at` 0.8.
        #expect(engine.classify(Comment(text: "maybe swerved, it is broken")).escalation == nil)
        // `prefer:` leans an escalation but never lowers its threshold: safety highest, security within the
        // margin, still held to safety's 0.8.
        let leaning = try Engine(
            pack: try Self.load([
                "a.yaml": Self.rules, "model.yaml": model("  route_at: {security: 0.6}\n  prefer: {security: 3.5}\n"),
            ]))
        #expect(leaning.classify(Comment(text: "maybe swerved, it is broken")).escalation == nil)
        #expect(leaning.classify(Comment(text: "swerved, it is broken")).escalation?.route == "security")
        // Above `caution` and below the route's own threshold: its caution replies, and `explain` names the
        // threshold it did not reach.
        let higher = try Engine(
            pack: try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": model("  route_at: {security: 0.7}\n")]))
        #expect(higher.classify(Comment(text: "maybe hacked")).escalation == nil)
        #expect(
            higher.classify(Comment(text: "maybe hacked")).suggestions == ["If anyone else may have been in your account, reset your password and DM us."])
        #expect(higher.explain(Comment(text: "maybe hacked")).caution?.contains("from caution 0.5 and below its 'route_at' 0.7: not escalated") == true)
        // Exported and read back, the thresholds stay.
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.escalationModel?.routeThresholds == ["security": 0.6])
        // A route's threshold at or below `caution` leaves its caution replies unused: a warning says so.
        let unused = try Engine.load(
            paths: [try LayeredPackTests.layer(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": model("  route_at: {security: 0.5}\n")])],
            overDefault: false
        ).diagnostics.filter { $0.code == .cautionNeverOffered }.map(\.message)
        #expect(
            unused == [
                "the caution replies of route 'security' are never offered: its threshold in 'route_at' (0.5) is not above the model's 'caution' (0.5)"
            ])
        // A route that is not in 'routes', or a threshold that is not a probability, is reported where it is written.
        let messages = Self.errors(["a.yaml": Self.rules, "model.yaml": model("  route_at: {safty: 0.5, security: 1.5}\n")]).map {
            "\($0.location.line):\($0.location.column): \($0.message)"
        }
        #expect(messages.contains("7:14: 'route_at' in 'escalation_model' names route 'safty', which is not in its 'routes'"))
        #expect(
            messages.contains(
                "7:36: the threshold of route 'security' in 'route_at' of 'escalation_model' must be a probability above 0 and at most 1, not 1.5"))
    }

    @Test func aRoutesCautionRepliesNeedItsLeadOverTheNextRoute() throws {
        let lead = Self.cautiousModel.replacingOccurrences(
            of: "  levels: {safety: critical}\n", with: "  levels: {safety: critical}\n  caution_lead: {security: 2.5}\n")
        let pack = try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": lead])
        #expect(pack.escalationModel?.cautionLeads == ["security": 2.5])
        let engine = try Engine(pack: pack)
        let caution = "If anyone else may have been in your account, reset your password and DM us."
        // "maybe hacked" (p 0.62): security sums 2, safety -1, a lead of 3: the caution reply.
        #expect(engine.classify(Comment(text: "maybe hacked")).suggestions == [caution])
        // "maybe hacked by the driver" (p 0.73): security 2, safety 0, a lead of 2 under 2.5: no caution
        // reply, and `explain` says why.
        let close = engine.classify(Comment(text: "maybe hacked by the driver, it is broken"))
        #expect(close.escalation == nil)
        #expect(close.suggestions == ["Sorry about this, DM us the details."])
        #expect(
            engine.explain(Comment(text: "maybe hacked by the driver, it is broken")).caution
                == "reads like a security case (0.73: 'hacked', 'the driver'), from caution 0.5 and below 'at' 0.8, but leads safety by only 2.00, under its 'caution_lead' 2.5: no caution replies"
        )
        // Without the lead the same comment gets the caution reply; the lead never holds back an escalation.
        let plain = try Engine(pack: try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": Self.cautiousModel]))
        #expect(plain.classify(Comment(text: "maybe hacked by the driver, it is broken")).suggestions.first == caution)
        #expect(plain.explain(Comment(text: "it is broken")).caution == nil)
        #expect(engine.classify(Comment(text: "hacked by the driver, it is broken")).escalation?.route == "security")
        #expect(engine.explain(Comment(text: "it is broken")).caution == nil)
        // Exported and read back, the leads stay.
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.escalationModel?.cautionLeads == ["security": 2.5])
        // A route that is not in 'routes', or a lead below 0, is reported where it is written.
        let bad = Self.cautiousModel.replacingOccurrences(
            of: "  levels: {safety: critical}\n", with: "  levels: {safety: critical}\n  caution_lead: {safty: 1, security: -1}\n")
        let messages = Self.errors(["a.yaml": Self.rules, "model.yaml": bad]).map { "\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(messages.contains("7:18: 'caution_lead' in 'escalation_model' names route 'safty', which is not in its 'routes'"))
        #expect(
            messages.contains(
                "7:38: the lead of route 'security' in 'caution_lead' of 'escalation_model' must be a number of at least 0, not -1"))
    }

    @Test func praiseNeverGetsACautionReply() throws {
        let rules =
            Self.rules + """

                  - id: praise.thanks
                    label: praise
                    weight: 3
                    match: [thanks]
                """ + Self.cautionReplies
        let engine = try Engine(pack: try Self.load(["a.yaml": rules, "model.yaml": Self.cautiousModel]))
        let thanks = engine.classify(Comment(text: "thanks for catching that, maybe hacked"))
        #expect(thanks.label == .praise)
        #expect(thanks.suggestions == ["Thank you!"])
    }

    @Test func cautionIsCheckedWhereItIsWrittenAndRoundTrips() throws {
        let errors = Self.errors([
            "a.yaml": Self.rules,
            "model.yaml": "rapport: 1\nescalation_model:\n  at: 0.8\n  caution: 0.9\n  routes: [security]\n",
            "replies.yaml": "rapport: 1\nreplies:\n  caution: [\"not per route\"]\n",
        ])
        let messages = errors.map { "\($0.location.file.split(separator: "/").last ?? ""):\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(
            messages.contains { $0.hasPrefix("model.yaml:4:12: 'caution' in 'escalation_model' must be a probability above 0 and below 'at' (0.8), not 0.9") })
        #expect(messages.contains { $0.hasPrefix("replies.yaml:3:12: 'caution' in 'replies' (its replies per route) must be a mapping") })
        #expect(Self.errors(["a.yaml": "rapport: 1\nlabels: [caution]\n"]).contains { $0.message.contains("the key of the caution replies") })
        // Caution replies that no comment can get are reported where they are written, with the reason.
        let unused = try Engine.load(
            paths: [try LayeredPackTests.layer(["a.yaml": Self.rules + Self.cautionReplies + "\n    safty: [\"Are you safe?\"]\n", "model.yaml": Self.model])],
            overDefault: false
        ).diagnostics.filter { $0.code == .cautionNeverOffered }.map { "\($0.location.line): \($0.message)" }
        #expect(unused.contains { $0.hasPrefix("18: the caution replies of route 'safty' are never offered: its escalation model has no 'caution'") })
        #expect(unused.contains { $0.hasPrefix("17: the caution replies of route 'security' are never offered: its escalation model has no 'caution'") })
        let pack = try Self.load(["a.yaml": Self.rules + Self.cautionReplies, "model.yaml": Self.cautiousModel])
        let noRoute = try Engine.load(
            paths: [
                try LayeredPackTests.layer([
                    "a.yaml": Self.rules + Self.cautionReplies + "\n    safty: [\"Are you safe?\"]\n", "model.yaml": Self.cautiousModel,
                ])
            ],
            overDefault: false
        ).diagnostics.filter { $0.code == .cautionNeverOffered }
        #expect(noRoute.map(\.message) == ["the caution replies of route 'safty' are never offered: the escalation model has no route 'safty'"])
        #expect(noRoute.first?.hint == "did you mean 'safety'?")
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.escalationModel?.caution == 0.5)
        #expect(exported.replies.cautionByRoute["security"]?.map(\.source) == pack.replies.cautionByRoute["security"]?.map(\.source))
    }

    /// Escalated comments about a driver or a hacked account among ordinary ones, in three sets; a fourth
    /// set without escalations, one of whose comments the rules escalate.
    static func examples() -> [EscalationExample] {
        var examples: [EscalationExample] = []
        for source in 0..<3 {
            for n in 0..<8 {
                let filler = ["today", "again", "this week", "last night"][n % 4]
                examples.append(
                    EscalationExample(
                        comment: Comment(text: "the driver swerved into me \(filler)"), route: "safety", level: .critical, labelled: true, source: source))
                examples.append(
                    EscalationExample(
                        comment: Comment(text: "someone hacked my account \(filler)"), route: "security", level: .high, labelled: true, source: source))
                examples.append(EscalationExample(comment: Comment(text: "my order came \(filler)"), route: nil, labelled: true, source: source))
                examples.append(EscalationExample(comment: Comment(text: "where is the menu \(filler)"), route: nil, labelled: true, source: source))
            }
        }
        for n in 0..<20 {
            examples.append(EscalationExample(comment: Comment(text: "nice song number \(n % 5) today"), route: nil, labelled: false, source: 3))
        }
        examples.append(EscalationExample(comment: Comment(text: "my lawyer hears about it today"), route: nil, labelled: false, source: 3))
        return examples
    }

    @Test func fittingLearnsTheRoutesAndLevelsAndIsDeterministic() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        var options = EscalationModelOptions()
        options.minCount = 3
        // The toy sets are small: their words are in far more than the default share of the comments.
        options.maxShare = 0.5
        options.threshold = 0.6
        let fit = EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options)
        #expect(fit.model == EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options).model)
        #expect(fit.leftOut == 1)
        #expect(fit.escalated == 48)
        #expect(fit.model.routes == ["safety", "security"])
        #expect(fit.model.levels == ["safety": .critical, "security": .high])
        var pack = engine.pack
        pack.escalationModel = fit.model
        let fitted = try Engine(pack: pack)
        #expect(fit.model.threshold == 0.6)
        #expect(fitted.classify(Comment(text: "the driver swerved into me")).escalation?.route == "safety")
        #expect(fitted.classify(Comment(text: "someone hacked my account")).escalation?.route == "security")
        // One word of it is not enough; ordinary comments stay quiet.
        #expect(fitted.classify(Comment(text: "a driver")).escalation == nil)
        #expect(fitted.classify(Comment(text: "where is my order")).escalation == nil)
        // What it writes loads back as the same model.
        let file = PackPrinter.escalationModelFile(fit.model, header: ["fitted in a test"])
        let loaded = try Self.load(["a.yaml": Self.rules, "model.yaml": file])
        #expect(loaded.escalationModel?.terms.map(\.text) == fit.model.terms.map(\.text))
        #expect(loaded.escalationModel?.bias == fit.model.bias)
    }

    /// With `converged`, whether to escalate is solved, not fitted online: the `escalate` column and its bias
    /// do not depend on the order comments are visited in (the seed) nor on the passes of the route columns.
    @Test func aConvergedEscalateColumnDoesNotDependOnTheSeedOrThePasses() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        var options = EscalationModelOptions()
        options.minCount = 3
        options.maxShare = 0.5
        // Online, the seed moves it.
        var online = options
        online.seed = 7
        #expect(
            EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options).model.bias[0]
                != EscalationModelTrainer.fit(Self.examples(), engine: engine, options: online).model.bias[0])
        options.converged = true
        let first = EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options).model
        options.seed = 7
        options.epochs = 3
        let second = EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options).model
        #expect(first.bias[0] == second.bias[0])
        #expect(first.terms.map(\.text) == second.terms.map(\.text))
        #expect(first.terms.map { $0.weights[0] } == second.terms.map { $0.weights[0] })
        // The route columns are fitted online, and do depend on them.
        #expect(first.terms.map { Array($0.weights.dropFirst()) } != second.terms.map { Array($0.weights.dropFirst()) })
        // A stronger L2 shrinks the escalate column.
        options.escalateL2 = 50
        let shrunk = EscalationModelTrainer.fit(Self.examples(), engine: engine, options: options).model
        let largest = { (model: EscalationModel) in model.terms.map { abs($0.weights[0]) }.max() ?? 0 }
        #expect(largest(shrunk) < largest(first))
    }

    /// With `routeMaxShare`, a word in more than that share of the comments keeps its `escalate` weight but
    /// gets no route weights; the routes still come from the rarer words. Here "urgent" opens every
    /// swerving driver and every other question about the menu: three in ten of the comments.
    @Test func commonWordsGetNoRouteWeightsUnderRouteMaxShare() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        var menu = 0
        let examples = Self.examples().map { example in
            var example = example
            if example.comment.text.hasPrefix("where is") { menu += 1 }
            if example.route == "safety" || (example.comment.text.hasPrefix("where is") && menu % 2 == 0) {
                example.comment = Comment(text: "urgent " + example.comment.text)
            }
            return example
        }
        var options = EscalationModelOptions()
        options.minCount = 3
        options.maxShare = 1
        options.threshold = 0.6
        options.converged = true
        func urgent(_ model: EscalationModel) -> [Double]? { model.terms.first { $0.text == "urgent" }?.weights }
        let open = EscalationModelTrainer.fit(examples, engine: engine, options: options).model
        #expect(urgent(open)?.dropFirst().contains { $0 != 0 } == true)
        options.routeMaxShare = 0.25
        let limited = EscalationModelTrainer.fit(examples, engine: engine, options: options).model
        #expect(urgent(limited)?.first.map { $0 != 0 } == true)
        #expect(urgent(limited)?.dropFirst().allSatisfy { $0 == 0 } == true)
        var pack = engine.pack
        pack.escalationModel = limited
        let fitted = try Engine(pack: pack)
        #expect(fitted.classify(Comment(text: "urgent the driver swerved into me")).escalation?.route == "safety")
        #expect(fitted.classify(Comment(text: "someone hacked my account")).escalation?.route == "security")
    }

    /// People escalated the hacked accounts but named no route: they teach whether to escalate, and the
    /// route columns, fitted on the comments with a route only, learn nothing from them.
    @Test func escalatedCommentsWithoutARouteTeachWhetherButNotWhere() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        var options = EscalationModelOptions()
        options.minCount = 3
        options.maxShare = 0.5
        options.threshold = 0.6
        // The hacked accounts of `examples()` without their route and level, escalated or not.
        func securityWithoutRoute(escalated: Bool) -> [EscalationExample] {
            Self.examples().map { example in
                var example = example
                if example.route == "security" {
                    example.route = nil
                    example.level = nil
                    example.escalated = escalated
                }
                return example
            }
        }
        let fit = EscalationModelTrainer.fit(securityWithoutRoute(escalated: true), engine: engine, options: options)
        #expect(fit.escalated == 48)
        // Only one route is left: safety. The hacked accounts still escalate, on it.
        #expect(fit.model.routes == ["safety"])
        #expect(fit.model.levels == ["safety": .critical])
        let hacked = try #require(fit.model.terms.first { $0.text == "hacked" })
        #expect(hacked.weights[0] > 0)
        #expect(hacked.weights.dropFirst().allSatisfy { $0 == 0 })
        var pack = engine.pack
        pack.escalationModel = fit.model
        #expect(try Engine(pack: pack).classify(Comment(text: "someone hacked my account")).escalation != nil)
        // Taken as not escalated instead, they teach the opposite.
        let quietFit = EscalationModelTrainer.fit(securityWithoutRoute(escalated: false), engine: engine, options: options)
        #expect(quietFit.escalated == 24)
        #expect((quietFit.model.terms.first { $0.text == "hacked" }?.weights[0] ?? 0) <= 0)
    }
}
