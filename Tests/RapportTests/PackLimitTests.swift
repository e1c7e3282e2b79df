import Foundation
import Testing
@testable import Rapport

/// Every rule-pack limit ends a hostile pack with one clear diagnostic, quickly, and can be changed.
@Suite struct PackLimitTests {
    func diagnostics(_ text: String, limits: PackLimits = .default) -> [Diagnostic] {
        do throws(RulePackError) {
            _ = try RulePack.load(files: [(name: "hostile.yaml", text: text)], limits: limits)
            return []
        } catch {
            return error.errors
        }
    }

    func rule(_ id: String, match: String) -> String {
        "  - id: \(id)\n    label: complaint\n    match: [\"\(match)\"]\n"
    }

    /// Times a closure; every hostile case must be refused in well under the CI's patience.
    func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        body()
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func oneKilobyteAliasBombIsRefusedByTheAliasBudget() {
        var lines = ["rapport: 1", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<10 {
            lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("rules: *l9")
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count <= 1024)
        var found: [Diagnostic] = []
        #expect(seconds { found = diagnostics(text) } < 5)
        #expect(found.map(\.code) == [DiagnosticCode.yamlLimit])
        #expect(found.first?.message == "aliases expand to more than 100000 nodes; is this an alias bomb?")
        #expect(found.first?.hint == "the limit can be raised with --limit alias-nodes=N")
        // The budget is a setting: a bigger one lets an honest file with many aliases load.
        let honest = "rapport: 1\nlists:\n  x: &x [a, b]\nrules:\n" + (0..<40).map { rule("r\($0)", match: "<x> \($0)") }.joined()
        #expect(diagnostics(honest, limits: PackLimits(maxAliasNodes: 10)).isEmpty)
    }

    @Test func tenThousandLevelsOfNestingAreRefused() {
        let flow = "rapport: 1\nrules: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        var found: [Diagnostic] = []
        #expect(seconds { found = diagnostics(flow) } < 5)
        #expect(found.map(\.code) == [DiagnosticCode.yamlLimit])
        #expect(found.first?.message == "nesting is deeper than the limit of 64 levels")
        #expect(found.first?.hint == "the limit can be raised with --limit yaml-depth=N")
        #expect(
            diagnostics("rapport: 1\nrules: [[[[x]]]]\n", limits: PackLimits(maxDepth: 3)).first?.message
                == "nesting is deeper than the limit of 3 levels")
    }

    @Test func hundredThousandTokenPatternIsRefusedByLengthThenByTokens() {
        let words = (0..<100_000).map { "w\($0 % 10)" }.joined(separator: " ")
        let text = "rapport: 1\nrules:\n" + rule("long", match: words)
        var found: [Diagnostic] = []
        #expect(seconds { found = diagnostics(text) } < 5)
        #expect(found.map(\.code) == [DiagnosticCode.patternLimit])
        #expect(found.first?.message == "the pattern of rule 'long' is \(words.unicodeScalars.count) characters long, more than the limit of 2000")
        #expect(found.first?.location == SourceLocation(file: "hostile.yaml", line: 5, column: 14))
        // With the length limit lifted, the token limit still stops it before the matcher is built.
        var lifted: [Diagnostic] = []
        #expect(seconds { lifted = diagnostics(text, limits: PackLimits(maxPatternScalars: 1 << 20)) } < 10)
        #expect(lifted.map(\.message) == ["the pattern of rule 'long' has 100000 tokens, more than the limit of 500"])
    }

    @Test func tokensOfAlternativesAndListsCount() throws {
        let alternatives = "[" + (0..<30).map { "a\($0) b\($0)" }.joined(separator: "|") + "] <x>"
        let text = "rapport: 1\nlists:\n  x: [y]\nrules:\n" + rule("alts", match: alternatives)
        #expect(diagnostics(text, limits: PackLimits(maxPatternTokens: 61)).isEmpty)
        #expect(
            diagnostics(text, limits: PackLimits(maxPatternTokens: 60)).map(\.message)
                == ["the pattern of rule 'alts' has 61 tokens, more than the limit of 60"])
    }

    @Test func numberOfRules() {
        let text = "rapport: 1\nrules:\n" + (0..<5).map { rule("r\($0)", match: "word\($0)") }.joined()
        #expect(diagnostics(text, limits: PackLimits(maxRules: 5)).isEmpty)
        let found = diagnostics(text, limits: PackLimits(maxRules: 4))
        #expect(found.map(\.code) == [DiagnosticCode.tooManyRules])
        #expect(found.first?.message == "the pack has 5 rules, more than the limit of 4")
        #expect(found.first?.line == 15)  // the first rule past the limit
    }

    @Test func scalarSize() {
        let text = "rapport: 1\nrules:\n" + rule("r", match: "hello") + "    description: " + String(repeating: "x", count: 300) + "\n"
        let found = diagnostics(text, limits: PackLimits(maxScalarBytes: 256))
        #expect(found.map(\.code) == [DiagnosticCode.yamlLimit])
        #expect(found.first?.message == "scalar of 300 bytes is longer than the limit of 256")
        #expect(found.first?.hint == "the limit can be raised with --limit scalar-bytes=N")
    }

    @Test func ruleFileSizeIsCheckedBeforeReading() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.yaml").path
        let text = "rapport: 1\nrules:\n" + rule("r", match: "hello")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: Never.self) { try RulePack.load(from: path) }
        do throws(RulePackError) {
            _ = try RulePack.load(from: path, limits: PackLimits(maxFileBytes: 20))
            Issue.record("a file over the limit loaded")
        } catch {
            #expect(error.errors.map(\.message) == ["the file is \(text.utf8.count) bytes, more than the limit of 20"])
            #expect(error.errors.first?.hint == "the limit can be raised with --limit rule-file-bytes=N")
        }
    }

    @Test func longCommentsAreClassifiedOnTheirStartAndFlagged() throws {
        let pack = try RulePack.load(files: [(name: "p.yaml", text: "rapport: 1\nrules:\n" + rule("late", match: "late"))])
        let engine = try Engine(pack: pack, options: Engine.Options(maxScalars: 20))
        let early = engine.classify(Comment(id: "1", text: "so late " + String(repeating: "é", count: 50)))
        #expect(early.truncated == true)
        #expect(early.rules == ["late"])
        let tooFar = engine.classify(Comment(id: "2", text: String(repeating: "a ", count: 20) + "late"))
        #expect(tooFar.truncated == true)
        #expect(tooFar.rules.isEmpty)
        let short = engine.classify(Comment(id: "3", text: "late"))
        #expect(short.truncated == nil)
    }

    // MARK: Round 2 (issue 15)

    /// `a and a and ...` with `count` terms as the `when` of one rule.
    func chain(_ count: Int, _ word: String = "and") -> String {
        "rapport: 1\nrules:\n  - id: chain\n    label: complaint\n    when: \"" + Array(repeating: "likes > 1", count: count).joined(separator: " \(word) ")
            + "\"\n"
    }

    @Test func whenChainOverTheTermLimitIsRefusedAtTheFirstTermPastIt() {
        // 30,000 terms (a 390 KB scalar) overflowed the stack while parsing; now the 1,001st term is refused.
        let found = diagnostics(chain(30_000))
        #expect(found.map(\.code) == [DiagnosticCode.whenLimit])
        #expect(found.first?.message == "the condition has more than 1000 comparisons in 'when' of rule 'chain'")
        #expect(found.first?.location == SourceLocation(file: "hostile.yaml", line: 5, column: 12 + 1_000 * "likes > 1 and ".count))
        #expect(found.first?.hint?.hasSuffix("the limit can be raised with --limit when-terms=N") == true)
        #expect(diagnostics(chain(3, "or"), limits: PackLimits(maxWhenTerms: 3)).isEmpty)
        #expect(diagnostics(chain(4, "or"), limits: PackLimits(maxWhenTerms: 3)).map(\.code) == [DiagnosticCode.whenLimit])
    }

    @Test func whenChainsOfAnyLengthParseAndEvaluateWithoutRecursingPerTerm() throws {
        // With the limit raised, 30,000-term chains load, compile and evaluate (they overflowed the stack).
        let limits = PackLimits(maxWhenTerms: 100_000)
        for word in ["and", "or"] {
            let pack = try RulePack.load(files: [(name: "p.yaml", text: chain(30_000, word))], limits: limits)
            var terms: [Rapport.Expression] = []
            switch pack.rules.first?.when?.expression.kind {
            case .and(let all)? where word == "and": terms = all
            case .or(let all)? where word == "or": terms = all
            default: Issue.record("expected one flat '\(word)' node")
            }
            #expect(terms.count == 30_000)
            let engine = try Engine(pack: pack)
            #expect(engine.classify(Comment(id: "1", text: "hi", fields: ["likes": .number(5)])).rules == ["chain"])
            #expect(engine.classify(Comment(id: "2", text: "hi", fields: ["likes": .number(0)])).rules == [])
        }
        let mixed = Array(repeating: "likes > 9 or likes > 1 and verified", count: 10_000).joined(separator: " or ")
        let pack = try RulePack.load(
            files: [(name: "p.yaml", text: "rapport: 1\nrules:\n  - id: m\n    label: praise\n    when: \"\(mixed)\"\n")],
            limits: limits)
        let engine = try Engine(pack: pack)
        #expect(engine.classify(Comment(id: "3", text: "hi", fields: ["likes": .number(5), "verified": .bool(true)])).rules == ["m"])
        #expect(engine.classify(Comment(id: "4", text: "hi", fields: ["likes": .number(5)])).rules == [])
    }

    /// Ten patterns whose gaps multiply (up to 58,564 ways from each token), and a comment of `count`
    /// tokens where every word they need is everywhere: each start runs into the per-attempt budget.
    func gapBomb() throws -> RulePack {
        let words = ["a", "b", "c"]
        let patterns = (0..<10).map { i in
            let (x, y, z) = (words[i % 3], words[(i + 1) % 3], words[(i + 2) % 3])
            return "\"\(x) {0,10} \(y) {0,10} \(z) {0,10} [\(x)|\(y)] {0,10} \(z) {0,\(i % 3 + 1)} \(x) $\""
        }
        let text =
            "rapport: 1\nrules:\n  - id: slow\n    label: complaint\n    match: [" + patterns.joined(separator: ", ") + "]\n"
            + rule("late", match: "so late")
        return try RulePack.load(files: [(name: "p.yaml", text: text)])
    }

    @Test func matchingWorkPerCommentIsBoundedAndTheVerdictFlagged() throws {
        // Before, the step budget was per (pattern, start): this 3,000-token comment cost every pattern
        // 20,000 steps at each start (10 patterns x 100 KB took 115 s). Now the comment stops at match-steps.
        let engine = try Engine(pack: try gapBomb(), options: Engine.Options(maxMatchSteps: 200_000))
        let hostile = "so late " + Array(repeating: "a b c", count: 1_000).joined(separator: " ") + " q"
        let verdict = engine.classify(Comment(id: "1", text: hostile))
        #expect(verdict.truncated == true)
        #expect(verdict.rules == ["late"])  // the hit found before the budget ran out is kept
        let normal = engine.classify(Comment(id: "2", text: "so late, a b c q"))
        #expect(normal.truncated == nil)
        #expect(normal.rules == ["late"])
    }

    @Test func theStepBudgetCountsEveryAttemptOfTheComment() throws {
        let pack = try gapBomb()
        let engine = try Engine(pack: pack)
        let stream = TokenStream(
            text: Array(repeating: "a b c", count: 200).joined(separator: " ") + " q",
            vocabulary: engine.compiled.matcher.vocabulary)
        var hits: [RawHit] = []
        var context = MatchContext()
        // Unbounded, the comment costs far more than 1,000,000 steps; bounded, it stops at the budget.
        engine.compiled.matcher.hits(in: stream, into: &hits, context: &context, maxSteps: 100_000_000)
        let needed = context.steps
        #expect(!context.exhausted)
        #expect(needed > 1_000_000)
        engine.compiled.matcher.hits(in: stream, into: &hits, context: &context, maxSteps: 1_000_000)
        #expect(context.exhausted)
        // The attempt that crossed it stopped a few steps past the budget (each open gap tries its next length
        // once), and so did the attempts left in its block of positions (one step each).
        #expect(context.steps > 1_000_000 && context.steps < 1_000_000 + 100 + CompiledMatcher.positionsPerBudgetCheck * 8)
        engine.compiled.matcher.hits(in: stream, into: &hits, context: &context, maxSteps: needed)
        #expect(!context.exhausted)
    }

    @Test func pathCountMultipliesGapsAndTakesTheCostliestAlternative() throws {
        #expect(PackLimits.pathCount(try PatternParser.parseElements("a {0,10} b {0,10} c")) == 121)
        #expect(PackLimits.pathCount(try PatternParser.parseElements("a [b {0,3} c|d {1,2} e] {0,10} f")) == 44)
        #expect(PackLimits.pathCount(try PatternParser.parseElements("where is my <parcel>")) == 1)
    }
}
