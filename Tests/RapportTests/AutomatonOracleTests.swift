import PropertyBased
import Testing
@testable import Rapport

/// The matcher's automaton over token ids (`TokenAutomaton`) against the keyed entry index it replaced,
/// kept as the oracle (`CompiledMatcher.referenceHits`): on random packs and random comments both must give
/// the same hits, and verdicts built on either set of hits must be the same.
@Suite struct AutomatonOracleTests {
    /// The matcher of `patterns` with the keyed index built too (see `MatcherPropertyTests.compile`).
    static func compile(_ patterns: [Pattern]) -> CompiledMatcher? {
        MatcherPropertyTests.compile(patterns, keyedIndex: true)
    }

    @Test func randomPacksHitWhatTheKeyedIndexHits() async throws {
        let input = zip(MatcherPropertyTests.choices.array(of: 1...8), MatcherPropertyTests.comments)
        var hitCount = 0, rootChildren = 0, masked = 0
        await propertyCheck(count: 1000, input: input) { patternChoices, commentIndices in
            let sources = patternChoices.map { PatternSource.write($0) }
            guard let matcher = Self.compile(sources.map { MatcherPropertyTests.parse($0) }) else { return }
            // One context for every comment, as a worker reuses it.
            var context = MatchContext(), oracleContext = MatchContext()
            var found: [RawHit] = [], expected: [RawHit] = []
            for indices in commentIndices {
                let text = indices.map { MatcherPropertyTests.commentWords[$0] }.joined(separator: " ")
                let stream = TokenStream(tokens: Tokenizer.tokenize(text), vocabulary: matcher.vocabulary)
                matcher.hits(in: stream, into: &found, context: &context)
                matcher.referenceHits(in: stream, into: &expected, context: &oracleContext)
                #expect(found == expected, "patterns \(sources) on '\(text)'")
                hitCount += found.count
                rootChildren += Self.compareRootSuccessors(matcher, stream, "patterns \(sources) on '\(text)'")
                masked += Self.checkMaskedNodes(matcher, stream, "patterns \(sources) on '\(text)'")
            }
        }
        #expect(hitCount > 0, "the random packs hit something")
        #expect(rootChildren > 0, "the random packs' roots have children")
        #expect(masked > 0, "the random packs' masks skip some nodes")
    }

    @Test func randomPacksGiveTheOraclesVerdicts() async throws {
        let input = zip(MatcherPropertyTests.choices.array(of: 1...8), MatcherPropertyTests.comments)
        await propertyCheck(count: 300, input: input) { patternChoices, commentIndices in
            let sources = patternChoices.map { PatternSource.write($0) }
            let labels = ["complaint", "question", "praise"]
            var yaml = "rapport: 1\nlists:\n"
            for (name, entries) in MatcherPropertyTests.lists.sorted(by: { $0.key < $1.key }) {
                yaml += "  \(name): [\(entries.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
            }
            yaml += "rules:\n"
            for (index, source) in sources.enumerated() {
                let unless = index % 4 == 3 ? "    unless: [\"\(sources[0])\"]\n" : ""
                yaml += "  - id: r\(index)\n    label: \(labels[index % 3])\n    match: [\"\(source)\"]\n\(unless)"
            }
            let engine: Engine
            do {
                engine = try Engine(
                    pack: RulePack.load(files: [(name: "random.yaml", text: yaml)]), options: Engine.Options(),
                    prefilter: true, keyedIndex: true)
            } catch {
                Issue.record("the random pack does not load: \(error)\n\(yaml)")
                return
            }
            for indices in commentIndices {
                let text = indices.map { MatcherPropertyTests.commentWords[$0] }.joined(separator: " ")
                let comment = Comment(id: "c", text: text)
                #expect(engine.classify(comment) == Self.oracleVerdict(engine, comment), "\(sources) on '\(text)'")
            }
        }
    }

    /// Engine built once for the default pack, with the keyed index.
    static let defaultEngine = try! Engine(pack: .default, options: Engine.Options(), prefilter: true, keyedIndex: true)

    @Test func theDefaultPackHitsWhatTheKeyedIndexHits() async {
        await propertyCheck(count: 500, input: RequiredWordsTests.comments) { text in
            let matcher = Self.defaultEngine.compiled.matcher
            let stream = TokenStream(text: text, vocabulary: matcher.vocabulary)
            #expect(matcher.hits(in: stream) == matcher.referenceHits(in: stream), "\(text)")
        }
    }

    @Test func theDefaultPackGivesTheOraclesVerdicts() async {
        await propertyCheck(count: 300, input: RequiredWordsTests.comments) { text in
            let comment = Comment(id: "p", text: text)
            #expect(Self.defaultEngine.classify(comment) == Self.oracleVerdict(Self.defaultEngine, comment), "\(text)")
        }
    }

    /// The verdict `engine` gives `comment` when its hits come from the keyed index: the engine's stages,
    /// with the match stage's hits found by `referenceHits`.
    static func oracleVerdict(_ engine: Engine, _ comment: Rapport.Comment) -> Verdict {
        var workspace = Engine.Workspace()
        engine.tokenize(comment, keepTokens: false, into: &workspace)
        engine.compiled.matcher.referenceHits(
            in: workspace.stream, into: &workspace.hits, context: &workspace.matching,
            maxSteps: engine.options.maxMatchSteps)
        if workspace.matching.exhausted { workspace.truncated = true }
        engine.settle(&workspace)
        engine.decide(comment, in: &workspace)
        engine.evaluateConditions(of: comment, in: &workspace)
        engine.escalate(&workspace)
        return engine.render(comment, from: &workspace)
    }

    @Test func spinesAndDirectEntries() throws {
        // A spine runs up to the first op that is not a token test; an entry is direct when its spine is all
        // of it and every path has one length.
        func entries(_ source: String) throws -> [MatcherEntry] {
            let matcher = try #require(Self.compile([MatcherPropertyTests.parse(source)]))
            return matcher.entries
        }
        #expect(try entries("late [delivery|parcel]").map(\.direct) == [true])
        #expect(try entries("[late|missing] <thing>").map(\.direct) == [false, false])  // "order number" is longer
        #expect(try entries("late {0,2} parcel").map(\.direct) == [false])
        #expect(try entries("so late $").map(\.direct) == [false])
        #expect(try entries("^ so late").map(\.direct) == [true])
        let matcher = try #require(Self.compile([MatcherPropertyTests.parse("late [delivery|parcel]")]))
        let stream = TokenStream(text: "so late parcel, late delivery", vocabulary: matcher.vocabulary)
        var context = MatchContext()
        var hits: [RawHit] = []
        matcher.hits(in: stream, into: &hits, context: &context)
        #expect(hits == [RawHit(pattern: 0, start: 1, end: 3), RawHit(pattern: 0, start: 4, end: 6)])
        // Decided without a run, each hit is charged the steps of a run that does not backtrack.
        #expect(context.steps == 2 * 3)
    }

    @Test func runsStartAfterTheSpinesFixedLeadingOps() throws {
        // The leading ops of a spine that each match a fixed number of tokens are not run again: a run starts
        // after them (all of the spine when every path has one length; none when the first op's length varies).
        func skips(_ source: String) throws -> [[Int16]] {
            let matcher = try #require(Self.compile([MatcherPropertyTests.parse(source)]))
            return matcher.entries.map { [$0.spineOps, $0.spineTokens] }
        }
        #expect(try skips("late [delivery|parcel] {0,2} now") == [[2, 2]])
        #expect(try skips("so late <thing> {0,2} now") == [[2, 2]])  // <thing> has entries of two lengths
        #expect(try skips("<thing> {0,2} late") == [[0, 0]])
        #expect(try skips("[so much|late] {0,1} refund") == [[2, 2], [1, 1]])  // leading alternatives expanded
        let sources = ["so late <thing> {0,2} [now|refund]", "late [my|so] {0,3} <thing> $", "is {0,2} <much> order"]
        let matcher = try #require(Self.compile(sources.map { MatcherPropertyTests.parse($0) }))
        for text in [
            "so late order number now", "so late order now", "so late refund so so refund", "late my a b order number",
            "late so order", "is soo much order", "is a late order", "is a b c late order",
        ] {
            let stream = TokenStream(text: text, vocabulary: matcher.vocabulary)
            #expect(matcher.hits(in: stream) == matcher.referenceHits(in: stream), "\(text)")
            #expect(!matcher.hits(in: stream).isEmpty || text == "is a b c late order", "\(text)")
        }
    }

    @Test func aSharedWorkspaceGetsScratchOfItsOwn() {
        // Workspaces are values: a copy must not write into the original's automaton scratch.
        let engine = Engine.default
        var first = Engine.Workspace()
        _ = engine.classify(Comment(id: "1", text: "where is my parcel"), in: &first)
        var second = first
        let verdict = engine.classify(Comment(id: "2", text: "thanks so much, great service"), in: &second)
        #expect(verdict == engine.classify(Comment(id: "2", text: "thanks so much, great service")))
        #expect(first.matching.nodes !== second.matching.nodes)
    }

    @Test func wideNodesLookUpTheCommentsParts() throws {
        // 24 entries whose spine is "is", each bucketed by its noun: the node is wide, and the matcher looks
        // up the buckets of the parts the comment has instead of walking all 24.
        let nouns = [
            "order", "parcel", "refund", "invoice", "receipt", "account", "password", "app", "website", "checkout",
            "basket", "voucher", "coupon", "discount", "plan", "bill", "payment", "card", "phone", "laptop",
            "charger", "cable", "screen", "battery",
        ]
        let patterns = nouns.map { MatcherPropertyTests.parse("is {0,2} \($0) [late|broken] ?") }
        let matcher = try #require(Self.compile(patterns))
        let automaton = matcher.automaton
        #expect(
            (0..<automaton.nodeCount).contains { automaton.nodeBuckets[2 * $0 + 1] - automaton.nodeBuckets[2 * $0] >= 16 })
        let comments = [
            "is my order late ?", "is the app so broken ?", "is it late ?", "is my phone and laptop broken ?",
            "is my laptop broken ? is the card late ?", "is is order late ?", "order is late ?",
        ]
        var context = MatchContext()
        var found: [RawHit] = []
        for text in comments {
            let stream = TokenStream(text: text, vocabulary: matcher.vocabulary)
            matcher.hits(in: stream, into: &found, context: &context)
            #expect(found == matcher.referenceHits(in: stream), "\(text)")
        }
        let stream = TokenStream(text: "is my laptop broken ? is the card late ?", vocabulary: matcher.vocabulary)
        matcher.hits(in: stream, into: &found, context: &context)
        #expect(found == [RawHit(pattern: 17, start: 5, end: 10), RawHit(pattern: 19, start: 0, end: 5)])
    }
}

extension AutomatonOracleTests {
    /// The root's children from its tables made once (`TokenAutomaton.rootSuccessors`) are those of the
    /// general `successors(of: 0, …)`, in the same order, at every token of the default pack's comments
    /// (random packs, with words of a kind, prefixes and kinds: `randomPacksHitWhatTheKeyedIndexHits`).
    @Test func rootSuccessorsAreTheGeneralOnes() async {
        var children = 0
        await propertyCheck(count: 300, input: RequiredWordsTests.comments) { text in
            let matcher = Self.defaultEngine.compiled.matcher
            children += Self.compareRootSuccessors(matcher, TokenStream(text: text, vocabulary: matcher.vocabulary), text)
        }
        #expect(children > 0, "the default pack's root has children")
    }

    @Test func maskedNodesHaveNoChildrenOnTheDefaultPack() async {
        var masked = 0
        await propertyCheck(count: 40, input: RequiredWordsTests.comments) { text in
            let matcher = Self.defaultEngine.compiled.matcher
            masked += Self.checkMaskedNodes(matcher, TokenStream(text: text, vocabulary: matcher.vocabulary), text)
        }
        #expect(masked > 0, "the default pack's masks skip some nodes")
    }

    /// Checks at every token of `stream` that every node but the root whose mask the walk would skip it by
    /// (`TokenAutomaton.mayPass`) has no child on the token (`successors` writes none); returns how many
    /// (node, token) pairs were skipped.
    static func checkMaskedNodes(_ matcher: CompiledMatcher, _ stream: TokenStream, _ note: String) -> Int {
        let automaton = matcher.automaton
        return matcher.withView(stream) { view in
            var skipped = 0
            for position in 0..<stream.count {
                let from = Int(view.prefixStart[position]), to = Int(view.prefixStart[position + 1])
                var out = [Int32](repeating: -7, count: TokenAutomaton.maxSuccessors + to - from)
                let bits = TokenAutomaton.tokenBits(view.ids[position], view.variants[position])
                for node in 1..<automaton.nodeCount where !automaton.mayPass(Int32(node), tokenBits: bits) {
                    let written = out.withUnsafeMutableBufferPointer {
                        automaton.successors(of: Int32(node), at: position, view, into: $0.baseAddress!)
                    }
                    #expect(written == 0, "\(note): node \(node) at \(position)")
                    skipped += 1
                }
            }
            return skipped
        }
    }

    /// Compares the root's children both ways at every token of `stream`; returns how many there were.
    static func compareRootSuccessors(_ matcher: CompiledMatcher, _ stream: TokenStream, _ note: String) -> Int {
        let automaton = matcher.automaton
        return matcher.withView(stream) { view in
            var total = 0
            for position in 0..<stream.count {
                let from = Int(view.prefixStart[position]), to = Int(view.prefixStart[position + 1])
                let room = TokenAutomaton.maxSuccessors + to - from
                var general = [Int32](repeating: -7, count: room), root = [Int32](repeating: -7, count: room)
                let generalCount = general.withUnsafeMutableBufferPointer {
                    automaton.successors(of: 0, at: position, view, into: $0.baseAddress!)
                }
                let rootCount = root.withUnsafeMutableBufferPointer {
                    automaton.rootSuccessors(at: position, prefixFrom: from, prefixTo: to, view, into: $0.baseAddress!)
                }
                #expect(Array(general[0..<generalCount]) == Array(root[0..<rootCount]), "\(note) at \(position)")
                total += generalCount
            }
            return total
        }
    }
}
