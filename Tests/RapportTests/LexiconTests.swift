import Foundation
import Testing
@testable import Rapport

/// The `lexicon:` section: decoding, scoring in the engine, layers, export, and fitting one.
@Suite("Lexicon")
struct LexiconTests {
    static let rules = """
        rapport: 1
        lists:
          negators: [not, never]
        rules:
          - id: complaint.broken
            label: complaint
            match: [broken]
          - id: question.how
            label: question
            match: [how]
        """

    static func load(_ files: [String: String]) throws -> RulePack {
        try RulePack.load(paths: [try LayeredPackTests.layer(files)], overDefault: false)
    }

    static func errors(_ files: [String: String]) -> [Diagnostic] {
        do {
            _ = try RulePack.load(paths: [try LayeredPackTests.layer(files)], overDefault: false)
            return []
        } catch let error as RulePackError {
            return error.errors
        } catch {
            return []
        }
    }

    @Test func termsAreNormalizedWordsAndPairs() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              bias: {praise: -0.5}
              terms:
                "Still Waiting": {complaint: 1.5}
                "don't": {complaint: 0.25, praise: -0.25}
                "😍": {praise: 2}
            """,
        ])
        let lexicon = try #require(pack.lexicon)
        #expect(lexicon.bias == [.praise: -0.5])
        #expect(lexicon.terms.map(\.words) == [["still", "waiting"], ["do", "n't"], ["😍"]])
        #expect(lexicon.terms[0].location.line == 5)
    }

    /// A term keeps the scored labels' weights inline (session 26b): `weights` gives back what was set,
    /// explicit zeros and other labels included, and a term read from a table row equals one made from the
    /// same weights as a dictionary (labels whose value is 0 left out).
    @Test func termWeightsReadBackAsTheyWereSet() {
        let location = SourceLocation(file: "x.yaml", line: 1, column: 1)
        let weights: [Label: Double] = [.complaint: 1.5, .praise: 0, .other: -2]
        var term = LexiconTerm(words: ["still", "waiting"], weights: weights, location: location)
        #expect(term.weights == weights)
        term.weights = [.question: -0.25]
        #expect(term.weights == [.question: -0.25])
        let row = LexiconTerm(text: "still waiting", words: ["still", "waiting"], values: [0, -0.25, 0], location: location)
        #expect(row == term && row.hashValue == term.hashValue)
        #expect(row != LexiconTerm(words: ["still", "waiting"], weights: [.question: -0.25, .praise: 0], location: location))
    }

    @Test func badTermsAndLabelsAreReportedWhereTheyAreWritten() {
        let errors = Self.errors([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              terms:
                "three words here": {complaint: 1}
                "@brand": {complaint: 1}
                refund: {other: 1}
                late: {complaint: high}
                Late: {complaint: 2}
            """,
        ])
        let found = errors.map { "\($0.location.line):\($0.code.rawValue)" }
        #expect(found == ["4:invalid-value", "5:invalid-value", "6:unknown-label", "7:wrong-type", "8:invalid-value"])
    }

    @Test func twoLexiconsInOneLayerAreAnError() {
        let lexicon = "rapport: 1\nlexicon:\n  terms:\n    late: {complaint: 1}\n"
        let errors = Self.errors(["a.yaml": Self.rules, "b.yaml": lexicon, "c.yaml": lexicon])
        #expect(errors.map(\.code) == [.duplicateSection])
    }

    @Test func aLayersLexiconReplacesTheOneBelow() throws {
        let base = try LayeredPackTests.layer(["a.yaml": Self.rules, "lexicon.yaml": "rapport: 1\nlexicon:\n  terms:\n    late: {complaint: 1}\n"])
        let top = try LayeredPackTests.layer(["lexicon.yaml": "rapport: 1\nlexicon:\n  terms:\n    slow: {complaint: 1}\n"])
        let pack = try RulePack.load(paths: [base, top], overDefault: false)
        #expect(pack.lexicon?.terms.map(\.text) == ["slow"])
    }

    @Test func termWeightsAndBiasAddToTheRuleScoresOncePerTerm() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              bias: {complaint: -0.25}
              terms:
                late: {complaint: 0.5, praise: -0.125}
                "so late": {complaint: 0.75}
            """,
        ])
        let engine = try Engine(pack: pack)
        // No rule fires: bias + "late" (once, though it occurs twice) + "so late".
        let verdict = engine.classify(Comment(text: "so late, late again"))
        #expect(verdict.scores["complaint"] == 1.0)
        #expect(verdict.scores["praise"] == -0.125)
        #expect(verdict.label == .complaint)
        // Words split by a mention are not a pair.
        #expect(engine.classify(Comment(text: "so @x late")).scores["complaint"] == 0.25)
        // Without the lexicon the same comment is other.
        var bare = pack
        bare.lexicon = nil
        #expect(try Engine(pack: bare).classify(Comment(text: "so late, late again")).label == .other)
    }

    @Test func aQuestionTheRulesFoundIsLeftAlone() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              terms:
                late: {complaint: 5, question: -5}
            """,
        ])
        let engine = try Engine(pack: pack)
        let verdict = engine.classify(Comment(text: "how late is it"))
        #expect(verdict.label == .question)
        #expect(verdict.scores["complaint"] == 0)
        #expect(engine.classify(Comment(text: "it is late")).label == .complaint)
        #expect(engine.explain(Comment(text: "how late is it")).contributions.map(\.rule) == ["question.how"])
        #expect(engine.explain(Comment(text: "it is late")).contributions.map(\.rule).contains { $0.hasPrefix("lexicon") })
    }

    @Test func explainNamesTheLexiconsPart() throws {
        let pack = try Self.load(["a.yaml": Self.rules, "lexicon.yaml": "rapport: 1\nlexicon:\n  terms:\n    late: {complaint: 1.5}\n"])
        let explanation = try Engine(pack: pack).explain(Comment(text: "late again"))
        let part = try #require(explanation.contributions.first { $0.rule.hasPrefix("lexicon") })
        #expect(part.label == .complaint)
        #expect(part.weight == 1.5)
        #expect(part.rule.contains("\"late\""))
    }

    @Test func theExportedPackLoadsWithTheSameLexicon() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              bias: {question: -0.5}
              terms:
                "n't work": {complaint: 0.75}
                "?": {question: 1.25, praise: -0.5}
            """,
        ])
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.lexicon?.bias == pack.lexicon?.bias)
        #expect(exported.lexicon?.terms.map(\.text) == pack.lexicon?.terms.map(\.text))
        #expect(exported.lexicon?.terms.map(\.weights) == pack.lexicon?.terms.map(\.weights))
    }

    @Test func theDefaultPacksLexiconHasNoMentionsLinksOrNumbers() throws {
        let lexicon = try #require(RulePack.default.lexicon)
        #expect(lexicon.terms.count > 100)
        for term in lexicon.terms {
            #expect(PackFileDecoder.lexiconWords(term.text) == term.words, "\(term.text)")
        }
    }

    /// Synthetic sets: "refund" marks complaints in both sets, "lovely" marks praise in one set that
    /// compares complaint only (so it can only say "not complaint") and one that compares all labels.
    static func examples() -> [LexiconExample] {
        var examples: [LexiconExample] = []
        let fillers = ["today", "again", "this week", "at home", "for me"]
        for index in 0..<60 {
            let filler = fillers[index % fillers.count]
            for source in 0..<3 {
                let complaintOnly = source == 0
                examples.append(LexiconExample(comment: Comment(text: "the refund \(filler)"), allowed: [.complaint], source: source))
                examples.append(
                    LexiconExample(
                        comment: Comment(text: "lovely day \(filler)"),
                        allowed: complaintOnly ? [.question, .praise, .other] : [.praise], source: source))
                examples.append(
                    LexiconExample(
                        comment: Comment(text: "a table \(filler)"),
                        allowed: complaintOnly ? [.question, .praise, .other] : [.other], source: source))
            }
        }
        return examples
    }

    @Test func fittingLearnsTheSignalAndIsDeterministic() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        let fit = LexiconTrainer.fit(Self.examples(), engine: engine)
        let again = LexiconTrainer.fit(Self.examples(), engine: engine)
        #expect(fit.lexicon == again.lexicon)
        let weights = Dictionary(uniqueKeysWithValues: fit.lexicon.terms.map { ($0.text, $0.weights) })
        #expect((weights["refund"]?[.complaint] ?? 0) > 0.5)
        #expect((weights["lovely"]?[.praise] ?? 0) > 0.5)
        var pack = engine.pack
        pack.lexicon = fit.lexicon
        let fitted = try Engine(pack: pack)
        #expect(fitted.classify(Comment(text: "my refund")).label == .complaint)
        #expect(fitted.classify(Comment(text: "lovely")).label == .praise)
        #expect(fitted.classify(Comment(text: "a table")).label == .other)
    }

    @Test func ruleAdjustmentsAddOnlyWhenTheRuleScores() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              terms:
                late: {complaint: 0.25}
              rules:
                complaint.broken: {complaint: -0.5, praise: 0.25}
            """,
        ])
        let lexicon = try #require(pack.lexicon)
        #expect(lexicon.rules.map(\.ruleID) == ["complaint.broken"])
        #expect(lexicon.rules[0].location.line == 6)
        let engine = try Engine(pack: pack)
        // The rule's own weight 1, minus its learned 0.5: below the threshold.
        let broken = engine.classify(Comment(text: "it is broken"))
        #expect(broken.scores["complaint"] == 0.5)
        #expect(broken.scores["praise"] == 0.25)
        #expect(broken.label == .other)
        // Without the rule the adjustment adds nothing.
        #expect(engine.classify(Comment(text: "it is late")).scores["praise"] == 0)
        let part = try #require(engine.explain(Comment(text: "it is broken")).contributions.first { $0.rule.hasPrefix("lexicon") && $0.label == .complaint })
        #expect(part.weight == -0.5)
        #expect(part.rule.contains("rule:complaint.broken"))
        // The export writes them back.
        let exported = try Self.load(["pack.yaml": PackPrinter.yaml(pack)])
        #expect(exported.lexicon?.rules.map(\.weights) == lexicon.rules.map(\.weights))
    }

    @Test func aLexiconWeighingAnUnknownRuleLoadsWithAWarningAtTheEntry() throws {
        let pack = try Self.load([
            "a.yaml": Self.rules,
            "lexicon.yaml": "rapport: 1\nlexicon:\n  rules:\n    complaint.brokn: {complaint: 1}\n",
        ])
        let warning = try #require(pack.warnings.first { $0.code == .unknownRule })
        #expect(warning.location.file.hasSuffix("lexicon.yaml"))
        #expect(warning.location.line == 4)
        #expect(warning.hint?.contains("complaint.broken") == true)
        #expect(try Engine(pack: pack).classify(Comment(text: "it is broken")).scores["complaint"] == 1)
        let twice = Self.errors([
            "a.yaml": Self.rules,
            "lexicon.yaml": "rapport: 1\nlexicon:\n  rules:\n    complaint.broken: {complaint: 1}\n    complaint.broken: {praise: 1}\n",
        ])
        #expect(!twice.isEmpty)
    }

    @Test func withRuleFeaturesTheFitLearnsARulesMisleadingWeight() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        // In every set, "broken" (which complaint.broken scores) is in comments people call other.
        var examples = Self.examples()
        let fillers = ["record", "promise", "english", "news", "chain"]
        for index in 0..<60 {
            for source in 0..<3 {
                examples.append(
                    LexiconExample(
                        comment: Comment(text: "broken \(fillers[index % fillers.count])"),
                        allowed: source == 0 ? [.question, .praise, .other] : [.other], source: source))
            }
        }
        let plain = LexiconTrainer.fit(examples, engine: engine)
        #expect(plain.lexicon.rules.isEmpty)
        var options = LexiconTrainingOptions()
        options.ruleFeatures = true
        let fit = LexiconTrainer.fit(examples, engine: engine, options: options)
        #expect(fit.lexicon == LexiconTrainer.fit(examples, engine: engine, options: options).lexicon)
        let broken = try #require(fit.lexicon.rules.first { $0.ruleID == "complaint.broken" })
        #expect((broken.weights[.complaint] ?? 0) < -0.1)
        #expect(!fit.lexicon.terms.contains { $0.text.hasPrefix("rule") })
        var pack = engine.pack
        pack.lexicon = fit.lexicon
        let fitted = try Engine(pack: pack)
        #expect(fitted.classify(Comment(text: "broken record")).label == .other)
        #expect(fitted.classify(Comment(text: "the refund today")).label == .complaint)
    }

    @Test func aTermInFewerSetsThanAskedIsNeverLearnt() throws {
        let engine = try Engine(pack: try Self.load(["a.yaml": Self.rules]))
        var examples = Self.examples()
        for index in 0..<40 { examples.append(LexiconExample(comment: Comment(text: "brandname \(index)"), allowed: [.complaint], source: 0)) }
        let fit = LexiconTrainer.fit(examples, engine: engine)
        #expect(!fit.lexicon.terms.contains { $0.words.contains("brandname") })
        #expect(fit.lexicon.terms.contains { $0.text == "refund" })
    }
}

/// The table form of `terms` that `rapport lexicon` writes.
@Suite("Lexicon table")
struct LexiconTableTests {
    @Test func tableLinesAreTermsAndThreeWeightsWithErrorsAtTheirLine() throws {
        let errors = LexiconTests.errors([
            "a.yaml": LexiconTests.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              terms: |
                # term        complaint  question  praise
                still waiting      1.5         0    -0.5
                refund             0.25
                three words here   1           0     0
                still   waiting    2           0     0
            """,
        ])
        #expect(errors.map { "\($0.location.line):\($0.location.column)" } == ["6:5", "7:5", "8:5"])
        #expect(
            errors.map(\.message) == [
                "lexicon line 'refund             0.25' must be a term and 3 weights",
                "lexicon term 'three words here' must be one or two words",
                "lexicon term 'still waiting' is given twice (first at \(errors[0].location.file):5:5)",
            ])
        let pack = try LexiconTests.load([
            "a.yaml": LexiconTests.rules,
            "lexicon.yaml": """
            rapport: 1
            lexicon:
              terms: |
                still waiting      1.5         0    -0.5
                😍                   0         0       2
            """,
        ])
        #expect(pack.lexicon?.terms.map(\.text) == ["still waiting", "😍"])
        #expect(pack.lexicon?.terms.map(\.weights) == [[.complaint: 1.5, .praise: -0.5], [.praise: 2]])
    }

    @Test func theWrittenTableLoadsBackTheSameTerms() throws {
        let engine = try Engine(pack: try LexiconTests.load(["a.yaml": LexiconTests.rules]))
        let fit = LexiconTrainer.fit(LexiconTests.examples(), engine: engine)
        let file = PackPrinter.lexiconFile(fit.lexicon, header: ["fitted in a test"])
        #expect(file.contains("  terms: |\n    # term"))
        let loaded = try LexiconTests.load(["a.yaml": LexiconTests.rules, "lexicon.yaml": file])
        #expect(loaded.lexicon?.terms.map(\.text) == fit.lexicon.terms.map(\.text))
        #expect(loaded.lexicon?.terms.map(\.weights) == fit.lexicon.terms.map(\.weights))
        #expect(loaded.lexicon?.bias == fit.lexicon.bias)
    }
}
