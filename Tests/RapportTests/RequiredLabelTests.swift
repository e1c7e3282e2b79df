import Testing
@testable import Rapport

/// Conditions that require a label (``CompiledCondition/requiredLabel``): the conditions stage leaves such a
/// `when` unevaluated, and false, when the decided label is another one.
@Suite struct RequiredLabelTests {
    /// Labels a pack may declare besides the built-in ones (one differs from a built-in label only in case).
    static let declared: [Label] = [Label(rawValue: "Complaint"), Label(rawValue: "refund")]
    static let labels: [Label] = [.complaint, .question, .praise, .other, Label(rawValue: "Complaint"), Label(rawValue: "refund")]

    /// Random `when` sources: label tests (either case, `==` and `!=`, `in`), field tests, `not`, `and`, `or`.
    static func randomCondition(_ random: inout SplitMix64, depth: Int = 0) -> String {
        let leaves = [
            "label == complaint", "label == Complaint", "label == praise", "label == 'question'", "label == other",
            "label == refund", "label != complaint", "label != praise", "label in [complaint, praise]",
            "author.followers >= 100", "platform == x", "likes", "missing == 3", "text == 'hi'",
        ]
        if depth >= 3 || random.next(below: 3) == 0 { return leaves[random.next(below: leaves.count)] }
        switch random.next(below: 4) {
        case 0: return "not (" + randomCondition(&random, depth: depth + 1) + ")"
        case 1:
            return "(" + randomCondition(&random, depth: depth + 1) + " or " + randomCondition(&random, depth: depth + 1) + ")"
        default:
            let count = 2 + random.next(below: 2)
            return "(" + (0..<count).map { _ in randomCondition(&random, depth: depth + 1) }.joined(separator: " and ") + ")"
        }
    }

    /// For 3,000 random conditions, each label and three comments: when the condition requires a label that
    /// the decided one is not (ignoring case), evaluating it gives false. Both sides of the check occur.
    @Test func aConditionIsFalseUnderAnotherLabelThanTheOneItRequires() throws {
        var random = SplitMix64(seed: 27)
        let comments = [
            Rapport.Comment(id: "1", text: "hi", fields: ["author.followers": .number(500), "platform": .string("X"), "likes": .number(2)]),
            Rapport.Comment(id: "2", text: "no", fields: ["author.followers": .number(5)]),
            Rapport.Comment(id: "3", text: "hi", fields: [:]),
        ]
        var required = 0, skipped = 0, holding = 0
        for _ in 0..<3_000 {
            let source = Self.randomCondition(&random)
            let condition = CompiledCondition(try ExpressionParser.parse(source, labels: Self.declared))
            guard let text = condition.requiredLabel else { continue }
            required += 1
            for label in Self.labels {
                for comment in comments {
                    let result = FieldLookup.with(comment, label: label) { ConditionEvaluator(fields: $0).evaluate(condition) }
                    if ConditionEvaluator.equalIgnoringCase(label.rawValue, text) {
                        if result { holding += 1 }
                    } else {
                        skipped += 1
                        #expect(!result, "\(source) under \(label.rawValue)")
                    }
                }
            }
        }
        #expect(required > 300 && skipped > 1_000 && holding > 50)
    }

    @Test func whichConditionsRequireALabel() throws {
        let cases: [(String, String?)] = [
            ("label == complaint", "complaint"), ("label == Complaint and author.followers >= 10", "Complaint"),
            ("author.followers >= 10 and label == praise", "praise"), ("(likes and (platform == x and label == other))", "other"),
            ("label != complaint", nil), ("label == complaint or likes", nil), ("not (label == complaint)", nil),
            ("label in [complaint]", nil), ("likes", nil), ("label != praise and label == question", "question"),
        ]
        for (source, expected) in cases {
            #expect(CompiledCondition(try ExpressionParser.parse(source, labels: Self.declared)).requiredLabel == expected, "\(source)")
        }
    }

    static let pack = """
        rapport: 1
        rules:
          - id: complaint.broken
            label: complaint
            weight: 1
            match: [broken]
            examples: {fire: ["it is broken"]}
          - id: praise.love
            label: praise
            weight: 1
            match: [love]
            examples: {fire: ["i love it"]}
          - id: question.how
            label: question
            weight: 1
            match: [how]
            examples: {fire: ["how do i pay"]}
          - id: escalate.reach
            when: "label == complaint and author.followers >= 100"
            escalate: {level: high, route: social-lead, reason: High reach}
          - id: escalate.reach-later
            when: "author.followers >= 100 and label == complaint"
            escalate: {level: medium, route: care, reason: Reach}
          - id: complaint.broken-again
            label: complaint
            weight: 0.5
            match: [broken]
            when: "label == complaint"
            examples: {fire: ["it is broken"]}
          - id: praise.platform
            when: "label == praise and platform == x"
            escalate: {level: medium, route: care, reason: Praise on x}
          - id: any.question-or-x
            when: "label == question or platform == x"
            escalate: {level: medium, route: care, reason: Question or x}
          - id: not-praise
            when: "not (label == praise) and likes"
            escalate: {level: medium, route: care, reason: Not praise}
          - id: other.quiet
            when: "label == other"
            escalate: {level: medium, route: care, reason: Quiet}
          - id: silenced.when
            label: praise
            weight: 0.2
            match: [love]
            unless: [not]
            when: "label == praise"
            examples: {fire: ["i love it"]}
        """

    /// The conditions stage as it was before required labels: every condition evaluated, in pack order,
    /// after the gates' outcomes of the decision; `fired` sorted.
    static func reference(_ engine: Engine, _ comment: Rapport.Comment, _ w: Engine.Workspace) -> (conditions: [(rule: Int, result: Bool)], fired: [Int]) {
        let compiled = engine.compiled
        var conditions = Array(w.conditions.prefix { compiled.ruleConditionGates[$0.rule] })
        var fired = w.scoring
        FieldLookup.with(comment, label: w.decision.label, aliases: engine.pack.fieldAliases) { lookup in
            let evaluator = ConditionEvaluator(fields: lookup)
            let conditional = w.conditional, only = compiled.conditionOnlyRules
            var a = 0, b = 0
            while a < conditional.count || b < only.count {
                let index: Int
                if b == only.count || (a < conditional.count && conditional[a] < only[b]) {
                    index = conditional[a]
                    a += 1
                } else {
                    index = only[b]
                    b += 1
                    if w.silenced.contains(index) { continue }
                }
                guard let condition = compiled.ruleConditions[index] else { continue }
                let result = evaluator.evaluate(condition)
                conditions.append((index, result))
                if result { fired.append(index) }
            }
        }
        fired.sort()
        return (conditions, fired)
    }

    /// Comments of every label, with and without the fields the conditions read: the outcomes the engine
    /// notes (`conditions`, `fired`) and its verdicts are those of evaluating every condition.
    @Test func theConditionsStageAnswersAsEvaluatingEveryCondition() throws {
        let engine = try Engine(pack: RulePack.load(files: [("pack.yaml", Self.pack)], overDefault: false))
        let texts = ["it is broken", "i love it", "how do i pay", "nothing here", "broken but i love it", "i do not love it", "how is it broken"]
        let fields: [[String: FieldValue]] = [
            [:], ["author.followers": .number(500)], ["author.followers": .number(5), "platform": .string("x")],
            ["platform": .string("X"), "likes": .number(3), "author.followers": .number(1_000)], ["likes": .number(0)],
        ]
        var workspace = Engine.Workspace()
        var skippedSome = false
        for text in texts {
            for values in fields {
                let comment = Rapport.Comment(id: "c", text: text, fields: values)
                engine.analyze(comment, keepTokens: false, in: &workspace)
                let expected = Self.reference(engine, comment, workspace)
                #expect(workspace.conditions.map { $0.rule } == expected.conditions.map { $0.rule }, "\(text) \(values)")
                #expect(workspace.conditions.map { $0.result } == expected.conditions.map { $0.result }, "\(text) \(values)")
                #expect(workspace.fired == expected.fired, "\(text) \(values)")
                for (rule, _) in workspace.conditions {
                    if let required = engine.compiled.ruleRequiredLabels[rule],
                        !ConditionEvaluator.equalIgnoringCase(workspace.decision.label.rawValue, required)
                    {
                        skippedSome = true
                    }
                }
            }
        }
        #expect(skippedSome)
    }
}
