import Testing
@testable import Rapport

/// Issue 14, fields and `when` gating: field aliases (`fields:`), numbers as people write them, `when`
/// conditions that do not read `label` gating a rule's weight, and what `explain`, `--why-not` and
/// `lint` say about them.
@Suite("Field aliases, numbers and when gating")
struct FieldsAndGatingTests {
    static let pack = """
        rapport: 1
        fields:
          followers: [author.followers, user.public_metrics.followers_count, author.followers_count]
        rules:
          - id: complaint.broken
            label: complaint
            weight: 0.5
            match: [broken]
            examples: {fire: ["it is broken"]}
          - id: complaint.verified-broken
            label: complaint
            weight: 1
            match: [broken]
            when: "author.verified"
            examples: {fire: ["it is broken"]}
          - id: praise.vip
            label: praise
            weight: 1
            when: "tier == gold"
          - id: complaint.after
            label: complaint
            weight: 5
            match: [awful]
            when: "label == complaint"
            examples: {fire: ["awful"]}
          - id: escalate.reach
            when: "label == complaint and followers >= 10000"
            escalate: {level: high, route: social-lead, reason: High reach}
            reply: ["We see you, {field.followers} followers strong."]
        """

    static func engine(_ text: String = pack) throws -> Engine {
        try Engine(pack: RulePack.load(files: [("pack.yaml", text)], overDefault: false))
    }

    @Test(arguments: [
        ("12500", 12500.0), ("12,500", 12500), (" 12,500 ", 12500), ("1,234,567.5", 1234567.5), ("-1,200", -1200),
        ("12.5K", 12500), ("12.5k", 12500), ("1.2M", 1_200_000), ("1.2m", 1_200_000), ("3B", 3_000_000_000), (".5K", 500),
    ])
    func numbersInUsualEnglishForms(text: String, value: Double) {
        #expect(FieldNumber.parse(text) == value)
    }

    @Test(arguments: ["1,2500", "12,50", ",500", "twelve", "12 500", "K", "12.5KK", "1e3k", "nan", "inf", "12,500.5.5", ""])
    func otherTextIsNotANumber(text: String) {
        #expect(FieldNumber.parse(text) == nil)
    }

    @Test func aWhenThatDoesNotReadTheLabelGatesTheRulesWeight() throws {
        let engine = try Self.engine()
        let verified = engine.classify(Comment(text: "my phone is broken", fields: ["author.verified": .bool(true)]))
        #expect(verified.label == .complaint)
        #expect(verified.scores["complaint"] == 1.5)
        #expect(verified.rules.contains("complaint.verified-broken"))
        let plain = engine.classify(Comment(text: "my phone is broken"))
        #expect(plain.label == .other)
        #expect(plain.scores["complaint"] == 0.5)
        #expect(!plain.rules.contains("complaint.verified-broken"))
    }

    @Test func aConditionOnlyRuleWithoutLabelInItsWhenScores() throws {
        let engine = try Self.engine()
        #expect(engine.classify(Comment(text: "hello", fields: ["tier": .string("Gold")])).label == .praise)
        #expect(engine.classify(Comment(text: "hello", fields: ["tier": .string("silver")])).label == .other)
    }

    @Test func aWhenThatReadsTheLabelStaysAfterTheDecisionAndNeverScores() throws {
        let engine = try Self.engine()
        let verdict = engine.classify(Comment(text: "awful"))
        #expect(verdict.label == .other)
        #expect(verdict.scores["complaint"] == 0)
        let explanation = engine.explain(Comment(text: "awful and broken", fields: ["author.verified": .bool(true)]))
        let stages = Dictionary(uniqueKeysWithValues: explanation.conditions.map { ($0.rule, $0.stage) })
        #expect(stages["complaint.verified-broken"] == .beforeDecision)
        #expect(stages["complaint.after"] == .afterDecision)
        #expect(explanation.verdict.scores["complaint"] == 1.5)
    }

    @Test func aliasesAreReadInOrderAndTextNumbersCompare() throws {
        let engine = try Self.engine()
        let viaAlias = engine.classify(
            Comment(
                text: "broken",
                fields: [
                    "author.verified": .bool(true), "user.public_metrics.followers_count": .string("12.5K"),
                ]))
        #expect(viaAlias.escalation?.route == "social-lead")
        #expect(viaAlias.suggestions == ["We see you, 12.5K followers strong."])
        // The alias name itself comes first, then the paths in order.
        let own = engine.classify(
            Comment(
                text: "broken",
                fields: [
                    "author.verified": .bool(true), "followers": .number(50), "author.followers_count": .number(90_000),
                ]))
        #expect(own.escalation == nil)
        let text = engine.classify(Comment(text: "broken", fields: ["author.verified": .bool(true), "followers": .string("lots")]))
        #expect(text.escalation == nil)
    }

    @Test func explainShowsWhereEachFieldCameFromAndWhatItIs() throws {
        let engine = try Self.engine()
        let explanation = engine.explain(
            Comment(
                text: "broken",
                fields: [
                    "author.verified": .bool(true), "author.followers_count": .string("12,500"), "tier": .string("gold star"),
                ]))
        let reach = try #require(explanation.conditions.first { $0.rule == "escalate.reach" })
        #expect(reach.fields == [Explanation.FieldReading(name: "followers", source: "author.followers_count", value: "12,500", kind: .number, number: 12500)])
        #expect(reach.result)
        let vip = try #require(explanation.conditions.first { $0.rule == "praise.vip" })
        #expect(vip.fields == [Explanation.FieldReading(name: "tier", value: "gold star", kind: .text)])
        #expect(!vip.result)
    }

    @Test func whyNotNamesTheMissingField() throws {
        let engine = try Self.engine()
        let report = try #require(engine.whyNot(ruleID: "escalate.reach", comment: Comment(text: "broken", fields: ["author.verified": .bool(true)])))
        #expect(!report.fired)
        #expect(report.summary.contains("the comment has no field 'followers'"))
        #expect(report.condition?.fields.first?.kind == .missing)
        // A rule whose patterns did not match still shows its condition's fields.
        let unmatched = try #require(engine.whyNot(ruleID: "complaint.verified-broken", comment: Comment(text: "hello")))
        #expect(unmatched.condition?.fields == [Explanation.FieldReading(name: "author.verified", value: nil, kind: .missing)])
    }

    @Test func lintSaysWhichConditionsAreCheckedBeforeAndAfterTheDecision() throws {
        let notes = try Self.engine().diagnostics.filter { $0.code == .whenStage }
        #expect(notes.map(\.severity) == [.note, .note, .note])
        #expect(notes.map(\.line) == [14, 19, 24])
        #expect(notes[0].message.contains("'complaint.verified-broken' does not read 'label', so it is checked before the decision"))
        #expect(notes[1].message.contains("'praise.vip' does not read 'label'"))
        #expect(notes[2].message.contains("'complaint.after' reads 'label', so it is checked after the label is decided"))
    }

    @Test func aSampleWithoutAFieldIsWarnedAbout() throws {
        let pack = try Self.engine().pack
        let warnings = pack.fieldsMissing(fromSample: ["text", "author", "user.public_metrics.followers_count"], sample: "s.jsonl")
        #expect(warnings.map(\.code) == [.fieldNotInSample, .fieldNotInSample])
        #expect(warnings.map(\.message).allSatisfy { $0.contains("s.jsonl") })
        #expect(warnings[0].message.contains("'author.verified'") && warnings[0].line == 14 && warnings[0].column == 12)
        #expect(warnings[1].message.contains("'tier'") && warnings[1].line == 19 && warnings[1].column == 12)
        #expect(pack.fieldsMissing(fromSample: ["author.verified", "tier", "author.followers"], sample: "s").isEmpty)
    }

    @Test func theFieldsSectionIsChecked() throws {
        let bad = """
            rapport: 1
            fields:
              label: [x]
              followers: []
              reach: ["user followers", user.reach, user.reach]
            rules:
              - {id: a, label: praise, match: [great], examples: {fire: [great]}}
            """
        #expect(throws: RulePackError.self) { try RulePack.load(files: [("bad.yaml", bad)], overDefault: false) }
        do throws(RulePackError) {
            _ = try RulePack.load(files: [("bad.yaml", bad)], overDefault: false)
        } catch {
            let places = error.diagnostics.filter { $0.severity == .error }.map { "\($0.line):\($0.column) \($0.code)" }
            #expect(places == ["3:3 invalid-value", "4:14 invalid-value", "5:11 invalid-value", "5:41 invalid-value"])
        }
    }

    @Test func referencedFieldsIncludeAliasPaths() throws {
        let fields = try Self.engine().pack.referencedFields()
        #expect(fields.isSuperset(of: ["followers", "author.followers", "user.public_metrics.followers_count", "author.followers_count", "tier"]))
    }
}
