import PropertyBased
import Testing
@testable import Rapport

/// A tracer that records nothing but keeps the interpreter on its general path: every top-level run's last
/// word, list or group of alternatives is reached through `interpret`'s calls and continuations, as before
/// the interpreter finished such runs in place (`MatchTracer.finishesRunsInPlace`). The oracle of those
/// shortcuts.
struct GeneralRunTracer: MatchTracer {
    private var unused: UInt8 = 0
    static var isTracing: Bool { false }
    static var finishesRunsInPlace: Bool { false }
    mutating func reached(op: Int, position: Int) {}
}

/// The interpreter's in-place run ends (a gap before a word or a linear group that ends the run, a linear
/// group or a list that ends it) checked against its general path: from every op of every entry and
/// pattern program, at every token and with budgets that run out at every step, the same end and the same
/// steps charged (`context.fuel` afterwards, also when it ran out).
@Suite struct RunEndTests {
    /// Runs ops `op..<end` from `position` with `fuel` steps through both paths and records an issue when
    /// they differ; returns whether the program's last ops are a shape the in-place path finishes.
    @discardableResult
    static func compare(
        _ matcher: CompiledMatcher, _ op: Int, _ end: Int, _ position: Int, _ stream: TokenStream, fuel: Int,
        _ label: @autoclosure () -> String
    ) -> Bool {
        var fast = MatchContext(), general = MatchContext()
        fast.fuel = fuel
        general.fuel = fuel
        var noTracer = NoTracer(), generalTracer = GeneralRunTracer()
        let fastEnd = matcher.run(op, end, position, stream, &fast, &noTracer)
        let generalEnd = matcher.run(op, end, position, stream, &general, &generalTracer)
        #expect(fastEnd == generalEnd, "end: \(label()) from op \(op) at \(position), fuel \(fuel)")
        #expect(fast.fuel == general.fuel, "steps: \(label()) from op \(op) at \(position), fuel \(fuel)")
        #expect(fast.depth == 0 && general.depth == 0)
        return endsInPlace(matcher, end)
    }

    /// Whether the program ending at `end` ends in a shape the interpreter finishes in place: a gap then a
    /// word or a linear group, or a linear group or a list last.
    static func endsInPlace(_ matcher: CompiledMatcher, _ end: Int) -> Bool {
        guard end >= 1 else { return false }
        let last = matcher.ops[end - 1]
        if last.code == .list { return true }
        if last.code == .alternatives && matcher.dispatch.isLinear(group: Int(last.a)) { return true }
        return end >= 2 && matcher.ops[end - 2].code == .gap && last.code == .word
    }

    /// Every top-level program of `matcher`: each pattern's and each entry's.
    static func programs(_ matcher: CompiledMatcher) -> [(start: Int, end: Int)] {
        let patterns = (0..<matcher.patternCount).map { (Int(matcher.patternStart[$0]), Int(matcher.patternEnd[$0])) }
        return patterns + matcher.entries.map { (Int($0.start), Int($0.end)) }
    }

    static let budgets = [CompiledMatcher.stepBudget, 0, 1, 2, 3, 4, 5, 6, 8, 11]

    @Test func runEndsInPlaceAsOnTheGeneralPath() {
        // Each shape the interpreter finishes in place, with gaps running up to the comment's end, groups
        // whose alternatives start with a word or not (`*`, a prefix) and one that is not linear (a list in
        // an alternative), words with variants ("sooo") and lists with entries of two tokens.
        let sources = [
            "order {0,3} late", "so {0,2} [late|here]", "so {0,3} [is not|late]", "so {0,2} [* late|here]",
            "so {0,2} [late|ref*]", "so {0,2} [<thing>|late]", "my {0,3} [late|here] {0,2} so", "is {0,2} <thing>",
            "order [late|so much]", "my <much>", "so {1,2} so", "^ {0,2} so", "so {0,2} [so|soo much] $",
            "so {0,2} [late|here] so", "so [late|here] is $", "order {0,2} [late|is not] {0,1} ?",
            "my [so [late|here] {0,1} ?|<thing> [late|so]]", "[so|my] {0,2} [late|<much>] here",
        ]
        let texts = [
            "my order is so late", "so late", "so so so here", "order order number is late ?", "so is not late ?",
            "so order number late", "so refund", "my so late is here so", "is not 12 late", "order", "so",
            "my sooo soo much", "order soo much late", "is my order number",
        ]
        let patterns = sources.map { MatcherPropertyTests.parse($0) }
        guard let matcher = MatcherPropertyTests.compile(patterns) else { return }
        var shapes = 0
        for text in texts {
            let stream = TokenStream(tokens: Tokenizer.tokenize(text), vocabulary: matcher.vocabulary)
            for (start, end) in Self.programs(matcher) {
                for op in start..<end {
                    for position in 0...stream.count {
                        for fuel in Self.budgets {
                            if Self.compare(matcher, op, end, position, stream, fuel: fuel, "'\(text)'") { shapes += 1 }
                        }
                    }
                }
            }
        }
        // The shapes are there: most programs end in one.
        #expect(shapes > 1000)
        let linear = (0..<matcher.ops.count).filter {
            matcher.ops[$0].code == .alternatives && matcher.dispatch.isLinear(group: Int(matcher.ops[$0].a))
        }
        let notLinear = (0..<matcher.ops.count).filter {
            matcher.ops[$0].code == .alternatives && !matcher.dispatch.isLinear(group: Int(matcher.ops[$0].a))
        }
        #expect(!linear.isEmpty && !notLinear.isEmpty)
    }

    @Test func runEndsOfRandomPacksAsOnTheGeneralPath() async {
        let input = zip(MatcherPropertyTests.choices.array(of: 1...4), MatcherPropertyTests.comments)
        await propertyCheck(count: 300, input: input) { patternChoices, commentIndices in
            let patterns = patternChoices.map { MatcherPropertyTests.parse(PatternSource.write($0)) }
            guard let matcher = MatcherPropertyTests.compile(patterns) else { return }
            for indices in commentIndices {
                let text = indices.map { MatcherPropertyTests.commentWords[$0] }.joined(separator: " ")
                let stream = TokenStream(tokens: Tokenizer.tokenize(text), vocabulary: matcher.vocabulary)
                for (start, end) in Self.programs(matcher) {
                    for op in start..<end {
                        for position in 0...stream.count {
                            for fuel in Self.budgets {
                                Self.compare(matcher, op, end, position, stream, fuel: fuel, "\(patterns.map(\.source)) on '\(text)'")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func linearGroupsHaveOnlyOneTokenOps() {
        // `isLinear` holds exactly when every alternative of the group is made of ops that test one token.
        let sources = ["so [late|here]", "so [late|<thing>]", "so [late {0,1} here|here]", "so [[late|here]|so]", "so [*|ref*] $"]
        guard let matcher = MatcherPropertyTests.compile(sources.map { MatcherPropertyTests.parse($0) }) else { return }
        var seen: [Bool] = []
        for op in matcher.ops where op.code == .alternatives {
            let sequences = Int(op.a)..<Int(op.a + op.b)
            let expected = sequences.allSatisfy { sequence in
                (Int(matcher.sequenceStart[sequence])..<Int(matcher.sequenceEnd[sequence])).allSatisfy { index in
                    [.word, .prefix, .tokenClass, .any, .start, .end].contains(matcher.ops[index].code)
                }
            }
            #expect(matcher.dispatch.isLinear(group: Int(op.a)) == expected)
            seen.append(expected)
        }
        #expect(seen.contains(true) && seen.contains(false))
    }

    /// The tests of ops that test one token or place as the interpreter and `runLinear` each wrote them out
    /// before they shared `RunView.step` (round 14): the oracle of `step`.
    static func writtenOutStep(_ instruction: Op, _ position: Int, _ view: CompiledMatcher.RunView) -> Int {
        let count = view.count
        switch instruction.code {
        case .word:
            guard position < count, view.isWord(position, instruction.a, instruction.b) else { return -1 }
            return position + 1
        case .prefix:
            guard position < count, view.hasPrefix(position, instruction.a) else { return -1 }
            return position + 1
        case .tokenClass:
            guard position < count, (instruction.a >> Int32(view.kinds[position])) & 1 != 0 else { return -1 }
            return position + 1
        case .any:
            guard position < count else { return -1 }
            return position + 1
        case .start:
            guard position == view.first else { return -1 }
            return position
        case .end:
            guard position == count else { return -1 }
            return position
        case .gap, .alternatives, .list:
            return -2
        }
    }

    /// `RunView.step` gives, for every op of written and random packs at every token (and past the last),
    /// what the interpreter's own cases gave: the next position, -1 (`failed`), or -2 for a gap, group or
    /// list (`choice`, the position unchanged).
    @Test func oneTokenStepIsTheInterpretersWrittenOutTests() async {
        let sources = [
            "my order is so late", "^ so {0,2} [late|here] $", "so [* late|ref*] <thing>", "<number> ? #sale", "[is not|late] *",
        ]
        let texts = ["my order is so late", "so refund", "is not 12 late ?", "@brand so late #sale", "", "so"]
        var tested = 0
        func check(_ matcher: CompiledMatcher, _ text: String) {
            let stream = TokenStream(tokens: Tokenizer.tokenize(text), vocabulary: matcher.vocabulary)
            matcher.withView(stream) { view in
                for instruction in matcher.ops {
                    for position in 0...stream.count + 1 {
                        var next = position
                        let step = view.step(instruction, &next)
                        let result = step == .matched ? next : step == .failed ? -1 : next == position ? -2 : -3
                        #expect(result == Self.writtenOutStep(instruction, position, view), "\(instruction) at \(position) of '\(text)'")
                        tested += 1
                    }
                }
            }
        }
        if let matcher = MatcherPropertyTests.compile(sources.map { MatcherPropertyTests.parse($0) }) {
            for text in texts { check(matcher, text) }
            let codes = Set(matcher.ops.map(\.code))
            #expect(codes.isSuperset(of: [.word, .prefix, .tokenClass, .any, .start, .end, .gap, .alternatives, .list]))
        }
        let input = zip(MatcherPropertyTests.choices.array(of: 1...4), MatcherPropertyTests.comments)
        await propertyCheck(count: 100, input: input) { patternChoices, commentIndices in
            let patterns = patternChoices.map { MatcherPropertyTests.parse(PatternSource.write($0)) }
            guard let matcher = MatcherPropertyTests.compile(patterns) else { return }
            for indices in commentIndices { check(matcher, indices.map { MatcherPropertyTests.commentWords[$0] }.joined(separator: " ")) }
        }
        #expect(tested > 1_000)
    }
}
