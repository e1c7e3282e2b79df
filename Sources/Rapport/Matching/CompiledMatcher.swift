/// Where a pattern matched: pattern id and the half-open token range `start..<end`.
struct RawHit: Sendable, Hashable, Comparable {
    var pattern: Int32
    var start: Int32
    var end: Int32

    static func < (lhs: RawHit, rhs: RawHit) -> Bool {
        (lhs.pattern, lhs.start, lhs.end) < (rhs.pattern, rhs.start, rhs.end)
    }
}

/// Scratch state of matching one comment: the continuation stack of enclosing sequences, the steps
/// spent and the bounds on them.
struct MatchContext {
    /// The continuations `stack[0..<depth]`: a sequence's end runs the top one with `depth` lowered
    /// while it runs, then puts it back; slots past `depth` are stale.
    var stack: [(op: Int32, end: Int32)] = []
    var depth = 0
    /// Steps the running attempt may still take (every op it visits counts one); it fails below zero.
    var fuel = CompiledMatcher.stepBudget
    /// Steps the whole comment may still take (`match-steps`); below zero once an attempt was cut short
    /// by it, and from then on every attempt fails at its first step.
    var left = Int.max
    /// Steps the whole comment could take when matching started.
    var maxSteps = Int.max
    /// Steps spent on the comment so far.
    var steps: Int { maxSteps &- left }
    /// Whether the comment's step budget ran out, so some attempts were not (fully) run.
    var exhausted: Bool { left < 0 }
    /// The comment's terms and which required parts it has (see `RequiredWords`).
    var presence = RequiredWords.Presence()
    /// The automaton's nodes of the current token and the one before (see `TokenAutomaton`); a context
    /// copied (with its workspace) gets scratch of its own when it next matches.
    var nodes = AutomatonScratch()

    init() {}
}

/// The op programs of a pack's patterns: every pattern's whole program, the alternatives' sub-sequences
/// and the entries' copies, in one flat array.
struct PatternPrograms: Sendable {
    var ops: [Op] = []
    /// Ranges of alternative sub-sequences: `sequenceStart[i]..<sequenceEnd[i]` in `ops`.
    var sequenceStart: [Int32] = []
    var sequenceEnd: [Int32] = []
    /// Whole program of each pattern: `patternStart[p]..<patternEnd[p]`.
    var patternStart: [Int32] = []
    var patternEnd: [Int32] = []
}

/// Compiled lists: list `l` has entries `listFirst[l]..<listFirst[l+1]`, sorted by first atom; entry `e`
/// has atoms `entryAtomStart[e]..<entryAtomStart[e+1]`.
struct CompiledLists: Sendable {
    var listFirst: [Int32] = [0]
    var entryAtomStart: [Int32] = [0]
    var atoms: [Atom] = []
}

/// All patterns of a pack compiled into one matcher: flat op programs, compiled lists, the entries (a
/// pattern, or one expansion of its leading alternatives) and one automaton over token ids for the spines
/// of all entries (`TokenAutomaton`; see docs/ARCHITECTURE.md, "The matcher"). Matching a comment is one
/// pass over its tokens through the automaton; an entry is looked at only where its spine matched in order
/// and its other required parts occur in the comment, and run only when its spine is not all of it, so the
/// cost grows with the comment's length and not with the number of rules.
final class CompiledMatcher: Sendable {
    /// Match attempts that take more steps than this fail (a guard against exponential patterns).
    /// All attempts on one comment together take at most the caller's `maxSteps` (`match-steps`).
    static let stepBudget = 20_000

    let vocabulary: Vocabulary
    let ops: [Op]
    /// Ranges of alternative sub-sequences: `sequenceStart[i]..<sequenceEnd[i]` in `ops`.
    let sequenceStart: [Int32]
    let sequenceEnd: [Int32]
    /// Compiled lists (see `CompiledLists`).
    let listFirst: [Int32]
    let entryAtomStart: [Int32]
    let atoms: [Atom]
    /// Whole program of each pattern: `patternStart[p]..<patternEnd[p]`.
    let patternStart: [Int32]
    let patternEnd: [Int32]
    /// Every entry, in the order compiled.
    let entries: [MatcherEntry]
    /// The automaton over the entries' spines.
    let automaton: TokenAutomaton
    /// Patterns that cannot be entered by a token test (they start with `$`, or consume only gaps): tried at
    /// every position (or once at the start when anchored).
    let unindexed: [(pattern: Int32, anchored: Bool)]
    /// The keyed entry index the matcher used before the automaton, built only for tests
    /// (`MatcherBuilder(keyedIndex: true)`): `referenceHits` reads it, as the oracle of `hits`.
    let keyedIndex: EntryIndex?
    /// Patterns compiled to the same program as an earlier pattern: the hits of pattern `p` are also hits
    /// of `aliasIDs[aliasStart[p]..<aliasStart[p + 1]]`.
    let aliasStart: [Int32]
    let aliasIDs: [Int32]
    /// The required parts of each entry (checked before running it).
    let required: RequiredWords
    /// The first entry of each list for each first word: (list, word id) → entry index.
    let listEntries: PairMap
    /// The alternatives of every `[a|b]` group, indexed by their first word.
    let dispatch: AlternativeDispatch
    /// The programs and lists as the interpreter reads them.
    let flatPrograms: FlatPrograms

    init(
        vocabulary: Vocabulary, programs: PatternPrograms, lists: CompiledLists, entries: [MatcherEntry],
        automaton: TokenAutomaton, unindexed: [(pattern: Int32, anchored: Bool)], keyedIndex: EntryIndex?,
        aliases: [(canonical: Int32, alias: Int32)], required: RequiredWords
    ) {
        self.vocabulary = vocabulary
        self.ops = programs.ops
        self.sequenceStart = programs.sequenceStart
        self.sequenceEnd = programs.sequenceEnd
        self.patternStart = programs.patternStart
        self.patternEnd = programs.patternEnd
        self.listFirst = lists.listFirst
        self.entryAtomStart = lists.entryAtomStart
        self.atoms = lists.atoms
        self.entries = entries
        self.automaton = automaton
        self.unindexed = unindexed
        self.keyedIndex = keyedIndex
        self.required = required
        var starts: [(key: UInt64, value: Int32)] = []
        for list in 0..<(lists.listFirst.count - 1) {
            var previous: Int32 = -1
            for entry in Int(lists.listFirst[list])..<Int(lists.listFirst[list + 1]) {
                let first = lists.atoms[Int(lists.entryAtomStart[entry])].id
                if first != previous { starts.append((PairMap.pack(Int32(list), first), Int32(entry))) }
                previous = first
            }
        }
        self.listEntries = PairMap(starts)
        var perPattern = [[Int32]](repeating: [], count: programs.patternStart.count)
        for (canonical, alias) in aliases { perPattern[Int(canonical)].append(alias) }
        var aliasStart: [Int32] = [0]
        var aliasIDs: [Int32] = []
        for list in perPattern {
            aliasIDs += list
            aliasStart.append(Int32(aliasIDs.count))
        }
        self.aliasStart = aliasIDs.isEmpty ? [] : aliasStart
        self.aliasIDs = aliasIDs
        self.dispatch = AlternativeDispatch(
            ops: programs.ops, sequenceStart: programs.sequenceStart, sequenceEnd: programs.sequenceEnd)
        self.flatPrograms = FlatPrograms(programs: programs, lists: lists)
    }

    var patternCount: Int { patternStart.count }

    /// Every (pattern, start) hit in `stream`, sorted by pattern then start, one per start position.
    func hits(in stream: TokenStream, maxSteps: Int = .max) -> [RawHit] {
        var hits: [RawHit] = []
        var context = MatchContext()
        self.hits(in: stream, into: &hits, context: &context, maxSteps: maxSteps)
        return hits
    }

    /// Replaces the contents of `hits` with every (pattern, start) hit in `stream`, sorted by pattern then
    /// start, one per start position; `hits` and `context` are the caller's buffers, reused across comments.
    ///
    /// All attempts together take at most `maxSteps` steps: once an attempt is cut short by that budget,
    /// every further attempt stops at its first step, the hits found so far are kept and
    /// `context.exhausted` is set. A hit the automaton decides without a run is charged one step per op of
    /// its entry and one for its end, which is less than the interpreter charges when the entry has
    /// alternatives; and entries whose spine never matched cost nothing. So under a small `match-steps`
    /// budget the place where matching stops (and the hits kept) may differ from the keyed matcher before
    /// the automaton; without a budget the hits are the same (`AutomatonOracleTests`).
    func hits(in stream: TokenStream, into hits: inout [RawHit], context: inout MatchContext, maxSteps: Int = .max) {
        begin(stream, &hits, &context, maxSteps: maxSteps)
        let count = stream.count
        // The marks do not change while the comment is matched: read through pointers (a copy of the
        // array reference, so `context` stays free for the attempts).
        let parts = context.presence.parts
        let comment = context.presence.comment, heavy = context.presence.heavy
        if !isKnownUniquelyReferenced(&context.nodes) { context.nodes = AutomatonScratch() }
        let nodes = context.nodes
        let automaton = self.automaton
        let root = automaton.rootEdges
        // The other nodes' tables too (the nodes carried from the token before), and where their buckets
        // and depths are: read from locals, not from the automaton's fields at every node.
        let edges = automaton.nodeEdges
        let nodeBuckets = automaton.nodeBuckets, depths = automaton.depth
        var carriedCount = 0
        // The scratch's room and buffers in locals, read again only after it grew.
        var capacity = nodes.capacity
        var reached = nodes.reached, carried = nodes.carried
        required.withMarks(parts, comment: comment, heavy: heavy) { marks in
            withView(stream) { view in
                // The budget is checked once per block of positions: past it, every attempt stops at its first
                // step, so the rest of a block costs a few instructions per entry and finds nothing.
                var position = 0
                while position < count, !context.exhausted {
                    let blockEnd = min(count, position + Self.positionsPerBudgetCheck)
                    while position < blockEnd {
                        // The nodes reached at this token: from the root, and from each node reached at the one before.
                        // Counts far below the integer range: wrapping arithmetic, no overflow checks.
                        let prefixFrom = Int(view.prefixStart[position]), prefixTo = Int(view.prefixStart[position + 1])
                        let room = (carriedCount &+ 1) &* (TokenAutomaton.maxSuccessors &+ prefixTo &- prefixFrom)
                        if room > capacity {
                            nodes.reserve(room, carriedCount: carriedCount)
                            capacity = nodes.capacity
                            reached = nodes.reached
                            carried = nodes.carried
                        }
                        let id = view.ids[position], variant = view.variants[position]
                        var reachedCount = root.children(
                            id: id, other: variant != id ? variant : -1, kind: view.kinds[position], prefixFrom: prefixFrom,
                            prefixTo: prefixTo, automaton, view, into: reached)
                        var index = 0
                        if carriedCount > 0 {
                            // Carried nodes none of whose edges is on the token's words (about half of them) are
                            // not stepped: `successors` would write nothing for them.
                            let bits = TokenAutomaton.tokenBits(id, variant)
                            let other = variant != id ? variant : -1, kind = view.kinds[position]
                            while index < carriedCount {
                                let node = carried[index]
                                index &+= 1
                                if edges.mayPass(node, tokenBits: bits) {
                                    reachedCount &+= edges.children(
                                        of: node, id: id, other: other, kind: kind, prefixFrom: prefixFrom, prefixTo: prefixTo, view,
                                        into: reached + reachedCount)
                                }
                            }
                        }
                        carriedCount = 0
                        index = 0
                        while index < reachedCount {
                            let node = reached[index]
                            index &+= 1
                            if edges.flags[Int(node)] != 0 {
                                carried[carriedCount] = node
                                carriedCount &+= 1
                            }
                            let firstBucket = Int(nodeBuckets[2 * Int(node)])
                            let lastBucket = Int(nodeBuckets[2 * Int(node) + 1])
                            if firstBucket == lastBucket { continue }
                            let depth = Int(depths[Int(node)])
                            if lastBucket &- firstBucket < TokenAutomaton.wideNode {
                                tryEntries(firstBucket, lastBucket, spineEnd: position &+ 1, depth: depth, marks, view, &context, &hits)
                            } else {
                                tryWideNode(node, firstBucket, spineEnd: position &+ 1, depth: depth, marks, view, &context, &hits)
                            }
                        }
                        position &+= 1
                    }
                }
                matchUnindexed(unindexed, in: stream, view, &context, &hits)
            }
        }
        Self.finish(&hits, aliasStart: aliasStart, aliasIDs: aliasIDs)
    }

    /// Runs each pattern no index or automaton entry reaches (`unindexed`) at every position of the stream,
    /// or only at its first token when the pattern is anchored there, appending its hits; both the automaton
    /// path and the tests' keyed reference path finish with it.
    func matchUnindexed(
        _ unindexed: [(pattern: Int32, anchored: Bool)], in stream: TokenStream, _ view: RunView,
        _ context: inout MatchContext, _ hits: inout [RawHit]
    ) {
        let count = stream.count
        for (pattern, anchored) in unindexed {
            let start = Int(patternStart[Int(pattern)]), end = Int(patternEnd[Int(pattern)])
            let positions = anchored ? stream.first...stream.first : 0...count
            for position in positions {
                if context.exhausted { break }
                let stop = attempt(start, end, position, view, &context)
                if stop > position {
                    hits.append(RawHit(pattern: pattern, start: Int32(position), end: Int32(stop)))
                }
            }
        }
    }

    /// `finish` sorts at most this many hits by insertion.
    static let insertionSortLimit = 32

    /// Adds the hits of aliases (patterns that share a program) and sorts `hits` by pattern, start and end,
    /// keeping the first (shortest) hit of each pattern at each start.
    static func finish(_ hits: inout [RawHit], aliasStart: [Int32], aliasIDs: [Int32]) {
        if !aliasIDs.isEmpty {
            for index in hits.indices {
                let hit = hits[index]
                var alias = Int(aliasStart[Int(hit.pattern)])
                let last = Int(aliasStart[Int(hit.pattern) + 1])
                while alias < last {
                    hits.append(RawHit(pattern: aliasIDs[alias], start: hit.start, end: hit.end))
                    alias += 1
                }
            }
        }
        if hits.count > 1 {
            let unique = hits.withUnsafeMutableBufferPointer { hits in
                // A comment has a few hits, found in token order: an insertion sort, unless there are many.
                if hits.count > Self.insertionSortLimit {
                    hits.sort()
                } else {
                    for index in 1..<hits.count {
                        let hit = hits[index]
                        var slot = index
                        while slot > 0, hit < hits[slot - 1] {
                            hits[slot] = hits[slot - 1]
                            slot -= 1
                        }
                        hits[slot] = hit
                    }
                }
                var unique = 1
                for index in 1..<hits.count where hits[index].pattern != hits[unique - 1].pattern || hits[index].start != hits[unique - 1].start {
                    hits[unique] = hits[index]
                    unique += 1
                }
                return unique
            }
            if unique < hits.count { hits.removeLastKeepingStorage(hits.count - unique) }
        }
    }

    /// The entries of the automaton's buckets `firstBucket..<lastBucket` (those of a node of depth `depth`
    /// reached at the token before `spineEnd`), whose spine matched the tokens `spineEnd - depth..<spineEnd`:
    /// the buckets whose part occurred in the comment, and in them the entries whose other parts occurred
    /// too, are decided (a direct entry) or run.
    @inline(__always)
    private func tryEntries(
        _ firstBucket: Int, _ lastBucket: Int, spineEnd: Int, depth: Int, _ marks: RequiredWords.Marks, _ view: RunView,
        _ context: inout MatchContext, _ hits: inout [RawHit]
    ) {
        let buckets = automaton.buckets, entries = automaton.entries, entryParts = automaton.entryParts
        var bucket = firstBucket
        while bucket < lastBucket {
            let run = buckets[bucket]
            bucket &+= 1
            // The bucket's part is the first part of each of its entries: checked once here.
            var skip = 0
            if run.part >= 0 {
                if !marks.occurred(Int(run.part)) { continue }
                skip = 1
            }
            var next = Int(run.start)
            let last = Int(run.end)
            entries: while next < last {
                let entry = entries + next
                next &+= 1
                var part = Int(entry.pointee.partsStart) &+ skip
                let partsEnd = Int(entry.pointee.partsEnd)
                while part < partsEnd {
                    if !marks.occurred(Int(entryParts[part])) { continue entries }
                    part &+= 1
                }
                tryEntry(entry.pointee, at: spineEnd &- depth, spineEnd: spineEnd, view, &context, &hits)
            }
        }
    }

    /// The entries of a wide node (see `TokenAutomaton.bucketKeys`): those without parts, then the buckets of
    /// the parts the comment has, each looked up, rather than every bucket of the node walked.
    @inline(never)
    private func tryWideNode(
        _ node: Int32, _ firstBucket: Int, spineEnd: Int, depth: Int, _ marks: RequiredWords.Marks, _ view: RunView,
        _ context: inout MatchContext, _ hits: inout [RawHit]
    ) {
        if context.presence.listedComment != context.presence.comment { required.listPresent(&context.presence, for: view) }
        if automaton.buckets[firstBucket].part < 0 {
            tryEntries(firstBucket, firstBucket + 1, spineEnd: spineEnd, depth: depth, marks, view, &context, &hits)
        }
        var index = 0
        while index < context.presence.presentCount {
            let bucket = Int(automaton.bucket(node, part: context.presence.present[index]))
            if bucket >= 0 {
                tryEntries(bucket, bucket + 1, spineEnd: spineEnd, depth: depth, marks, view, &context, &hits)
            }
            index += 1
        }
    }

    /// Runs `entry` with its first op at token `position` (where its spine matched, up to `spineEnd`), or,
    /// for a direct entry, records the hit the spine's match is.
    @inline(__always)
    private func tryEntry(
        _ entry: MatcherEntry, at position: Int, spineEnd: Int, _ view: RunView, _ context: inout MatchContext, _ hits: inout [RawHit]
    ) {
        let leadMin = Int(entry.leadMin)
        let start: Int
        if entry.anchored {
            guard position >= view.first + leadMin, position <= view.first + Int(entry.leadMax) else { return }
            start = view.first
        } else {
            guard position >= leadMin else { return }
            start = position - leadMin
        }
        if entry.direct {
            let steps = Int(entry.end - entry.start) + 1
            if context.left >= steps {
                context.left -= steps
                hits.append(RawHit(pattern: entry.pattern, start: Int32(start), end: Int32(spineEnd)))
                return
            }
        }
        // The spine's leading ops of fixed lengths matched the tokens from `position`: the run goes on after
        // them, charged the step each of them would have taken.
        let skipped = Int(entry.spineOps)
        let stop =
            skipped > 0
            ? attempt(
                Int(entry.start) + skipped, Int(entry.end), position + Int(entry.spineTokens), view, &context, charged: skipped)
            : attempt(Int(entry.start), Int(entry.end), position, view, &context)
        if stop > start {
            hits.append(RawHit(pattern: entry.pattern, start: Int32(start), end: Int32(stop)))
        }
    }

    /// The comment's step budget is checked between blocks of this many positions.
    static let positionsPerBudgetCheck = 64

    /// Readies the caller's buffers for one comment: no hits yet, the whole step budget, and the parts of
    /// the entries' required words that `stream` has marked. Shared by `hits` and the tests' keyed reference.
    @inline(__always)
    func begin(_ stream: TokenStream, _ hits: inout [RawHit], _ context: inout MatchContext, maxSteps: Int) {
        // Not `removeAll(keepingCapacity:)`: its generic range removal costs more than the few hits' removal.
        hits.clearKeepingStorage()
        context.depth = 0
        context.maxSteps = maxSteps
        context.left = maxSteps
        required.prepare(&context.presence, for: stream)
    }

    /// One match attempt, charged to the comment's budget: it may take ``stepBudget`` steps, or what is
    /// left of the comment's budget when that is less. The steps are counted down in `fuel` (one
    /// decrement and sign test per step) and charged to the comment once, when the attempt ends;
    /// `charged` steps (of ops already matched before `op`) are spent before it starts.
    @inline(__always)
    func attempt(_ op: Int, _ end: Int, _ position: Int, _ view: RunView, _ context: inout MatchContext, charged: Int = 0) -> Int {
        let fuel = min(Self.stepBudget, context.left)
        context.fuel = max(fuel - charged, 0)
        var tracer = NoTracer()
        let stop = interpret(op, end, position, view, &context, &tracer)
        context.left -= fuel - context.fuel
        return stop
    }

    /// What the interpreter reads while it matches one comment: the programs and lists (`FlatPrograms`) and
    /// the stream's arrays, as plain pointers (valid while the `withView` that made it runs).
    struct RunView {
        let programs: FlatPrograms.Tables
        let ids: UnsafeBufferPointer<Int32>
        let variants: UnsafeBufferPointer<Int32>
        let kinds: UnsafeBufferPointer<UInt8>
        let prefixStart: UnsafeBufferPointer<Int32>
        let prefixHits: UnsafeBufferPointer<Int32>
        /// The stream's token count and where `^` matches.
        let count: Int
        let first: Int

        /// ``TokenStream/isWord(_:_:_:)`` of the viewed stream.
        @inline(__always)
        func isWord(_ position: Int, _ id: Int32, _ kind: Int32) -> Bool {
            TokenStream.isWord(position, id, kind, ids: ids, variantIds: variants, kinds: kinds)
        }

        /// ``TokenStream/hasPrefix(_:_:)`` of the viewed stream.
        @inline(__always)
        func hasPrefix(_ position: Int, _ prefixID: Int32) -> Bool {
            TokenStream.hasPrefix(position, prefixID, kinds: kinds, prefixStart: prefixStart, prefixHits: prefixHits)
        }

        /// What `step` made of an op.
        enum Step {
            /// The op's test held: the position is past what it tested.
            case matched
            /// The op's test failed.
            case failed
            /// A gap, group or list: an op with a choice in it, not tested by `step`.
            case choice
        }

        /// The test of an op that tests one token or place (`Op.Code.testsOneToken`: a word, prefix, class,
        /// `*`, `^` or `$`) at token `position`: `matched` with `position` moved past it (one token on, the
        /// same for `^` and `$`), or `failed`; a gap, group or list is a `choice`. The one copy of these
        /// tests, shared by the interpreter and `runLinear`.
        @inline(__always)
        func step(_ instruction: Op, _ position: inout Int) -> Step {
            switch instruction.code {
            case .word:
                guard position < count, isWord(position, instruction.a, instruction.b) else { return .failed }
                position &+= 1
            case .prefix:
                guard position < count, hasPrefix(position, instruction.a) else { return .failed }
                position &+= 1
            case .tokenClass:
                guard position < count, (instruction.a >> Int32(kinds[position])) & 1 != 0 else { return .failed }
                position &+= 1
            case .any:
                guard position < count else { return .failed }
                position &+= 1
            case .start:
                guard position == first else { return .failed }
            case .end:
                guard position == count else { return .failed }
            case .gap, .alternatives, .list:
                return .choice
            }
            return .matched
        }
    }

    /// Calls `body` with the view of `stream` (see `RunView`).
    @inline(__always)
    func withView<Result>(_ stream: TokenStream, _ body: (RunView) -> Result) -> Result {
        // The stream's columns are already plain memory (TokenStream.Columns), alive while `stream` is.
        withExtendedLifetime(stream) {
            body(
                RunView(
                    programs: flatPrograms.tables, ids: stream.ids, variants: stream.variantIds, kinds: stream.kinds,
                    prefixStart: stream.prefixStart, prefixHits: stream.prefixHits, count: stream.count, first: stream.first))
        }
    }

    /// Runs ops `op..<end` from token `position`, then the continuations on the context's stack.
    /// Returns the token position where the whole match ends, or -1.
    ///
    /// Ops that test one token (`word`, `prefix`, a class, `*`, `^`, `$`) advance in a loop; only the
    /// choice points (gaps, alternatives, lists) and the end of a sequence recurse. Every op visited
    /// counts one step against `context.fuel`, and is reported to `tracer`.
    func run<Tracer: MatchTracer>(
        _ op: Int, _ end: Int, _ position: Int, _ stream: TokenStream, _ context: inout MatchContext,
        _ tracer: inout Tracer
    ) -> Int {
        withView(stream) { view in interpret(op, end, position, view, &context, &tracer) }
    }

    /// `run` over a view of the stream.
    func interpret<Tracer: MatchTracer>(
        _ op: Int, _ end: Int, _ position: Int, _ view: RunView, _ context: inout MatchContext,
        _ tracer: inout Tracer
    ) -> Int {
        var op = op, position = position
        while true {
            context.fuel &-= 1
            if context.fuel < 0 { return -1 }
            tracer.reached(op: op, position: position)
            if op == end {
                let depth = context.depth
                if depth == 0 { return position }
                let frame = context.stack[depth - 1]
                context.depth = depth - 1
                let result = interpret(Int(frame.op), Int(frame.end), position, view, &context, &tracer)
                // The continuation may have pushed over the frame's slot: put it back.
                context.stack[depth - 1] = frame
                context.depth = depth
                return result
            }
            let instruction = view.programs.ops[op]
            switch view.step(instruction, &position) {
            case .matched:
                op &+= 1
            case .failed:
                return -1
            case .choice:
                switch instruction.code {
                case .gap: return gap(instruction, op, end, position, view, &context, &tracer)
                case .alternatives: return alternatives(instruction, op, end, position, view, &context, &tracer)
                default: return list(instruction, op, end, position, view, &context, &tracer)
                }
            }
        }
    }

    /// A gap of `a...b` tokens, shortest first. When a token test follows the gap (a word, prefix, class,
    /// list or group of alternatives), lengths where it fails at once (`failsAtOnce`) are rejected without a
    /// call (counting the step the call would have taken). The two commonest tests after a gap, a word and a
    /// group of alternatives, are made in the loop itself; whether the group has alternatives that do not
    /// start with a word (so that no token fails it at once) is read once, not per length.
    ///
    /// When the word or group is the last op of a top-level run (no continuation on the stack) and the group
    /// is linear (`AlternativeDispatch.isLinear`), a length that is not rejected is finished in the loop too,
    /// without a call of `interpret`: the word's step and the end's, or the group's step, its candidates
    /// (`endingGroup`) and the end's, each charged and each failing below zero as in the interpreter.
    private func gap<Tracer: MatchTracer>(
        _ instruction: Op, _ op: Int, _ end: Int, _ position: Int, _ view: RunView,
        _ context: inout MatchContext, _ tracer: inout Tracer
    ) -> Int {
        let count = view.count
        var length = Int(instruction.a)
        let longest = min(Int(instruction.b), count - position)
        let next = op + 1 < end ? view.programs.ops[op + 1] : Op(.any)
        var test = next.code
        if Tracer.isTracing || (test == .alternatives && dispatch.hasUnkeyed(group: Int(next.a))) { test = .any }
        // How a length that is not rejected goes on: 0 through `interpret`; 1 a word, then the run's end;
        // 2 a linear group, then the run's end.
        var tail = 0
        if Tracer.finishesRunsInPlace && op + 2 == end && context.depth == 0 {
            if test == .word {
                tail = 1
            } else if next.code == .alternatives && dispatch.isLinear(group: Int(next.a)) {
                tail = 2
            }
        }
        while length <= longest {
            let at = position + length
            let fails: Bool
            switch test {
            case .any, .gap, .start, .end: fails = false
            case .word: fails = at == count || !view.isWord(at, next.a, next.b)
            case .alternatives:
                fails = at == count || !dispatch.hasKeyed(group: Int(next.a), id: view.ids[at], variant: view.variants[at])
            case .prefix, .tokenClass, .list: fails = failsAtOnce(next, at: at, view)
            }
            if fails {
                context.fuel &-= 1
                if context.fuel < 0 { return -1 }
                length += 1
                continue
            }
            switch tail {
            case 1:
                // The word matches (`fails` tested it): its step, then the end's.
                context.fuel &-= 1
                if context.fuel >= 0 {
                    context.fuel &-= 1
                    if context.fuel >= 0 { return at + 1 }
                }
            case 2:
                // The group's step, then its candidates, each followed by the end's step.
                context.fuel &-= 1
                if context.fuel >= 0 {
                    let result = endingGroup(Int(next.a), at, view, &context)
                    if result >= 0 { return result }
                }
            default:
                let result = interpret(op + 1, end, at, view, &context, &tracer)
                if result >= 0 { return result }
            }
            length += 1
        }
        return -1
    }

    /// Whether the token test `op` (a word, prefix, class, list or group of alternatives) fails at token
    /// `position` (at most the stream's count) at its first step: the token is not the word, has not the
    /// prefix or kind, starts no entry of the list, or starts none of the alternatives and the group has none
    /// that starts with something other than a word. False when the op might match there, and for the ops
    /// that test no token (gaps, `*`, `^`, `$`).
    @inline(__always)
    func failsAtOnce(_ op: Op, at position: Int, _ view: RunView) -> Bool {
        if op.code == .alternatives {
            let id = position < view.count ? view.ids[position] : -1
            let variant = position < view.count ? view.variants[position] : -1
            return !dispatch.hasCandidates(group: Int(op.a), id: id, variant: variant)
        }
        guard position < view.count else { return true }
        switch op.code {
        case .word: return !view.isWord(position, op.a, op.b)
        case .prefix: return !view.hasPrefix(position, op.a)
        case .tokenClass: return (op.a >> Int32(view.kinds[position])) & 1 == 0
        case .list:
            let id = view.ids[position], variant = view.variants[position]
            return (id < 0 || listEntries.value(op.a, id) < 0) && (variant < 0 || listEntries.value(op.a, variant) < 0)
        case .any, .gap, .start, .end, .alternatives: return false
        }
    }

    /// Alternatives: the candidates for the token at `position` (see `AlternativeDispatch`), in written order.
    private func alternatives<Tracer: MatchTracer>(
        _ instruction: Op, _ op: Int, _ end: Int, _ position: Int, _ view: RunView,
        _ context: inout MatchContext, _ tracer: inout Tracer
    ) -> Int {
        let depth = context.depth
        if Tracer.finishesRunsInPlace && dispatch.isLinear(group: Int(instruction.a)) {
            if op + 1 == end && depth == 0 { return endingGroup(Int(instruction.a), position, view, &context) }
            return linearGroup(Int(instruction.a), op, end, position, view, &context, &tracer)
        }
        let frame = (op: Int32(op + 1), end: Int32(end))
        if depth < context.stack.count { context.stack[depth] = frame } else { context.stack.append(frame) }
        context.depth = depth + 1
        defer { context.depth = depth }
        var candidates = groupCandidates(of: Int(instruction.a), at: position, view)
        while let sequence = candidates.next(in: dispatch) {
            let result = interpret(
                Int(view.programs.sequenceStart[sequence]), Int(view.programs.sequenceEnd[sequence]), position, view, &context, &tracer)
            if result >= 0 { return result }
        }
        return -1
    }

    /// The candidates of group `group` at token `position` (keyed by its id and variant; none past the end).
    @inline(__always)
    private func groupCandidates(of group: Int, at position: Int, _ view: RunView) -> AlternativeDispatch.Candidates {
        position < view.count
            ? dispatch.candidates(group: group, id: view.ids[position], variant: view.variants[position])
            : dispatch.candidates(group: group, id: -1, variant: -1)
    }

    /// A linear group of alternatives (`AlternativeDispatch.isLinear`) that ends a top-level run, at token
    /// `position`, after its own step was charged: its candidates in written order, each run by `runLinear`,
    /// and a match charged one more step, that of the run's end, which `interpret` would take in the
    /// continuation the group pushes. No frame is pushed: with no choice in a candidate, a continuation that
    /// fails (out of fuel) leaves nothing to go back to in it, so the next candidate is tried, as in `interpret`.
    private func endingGroup(_ group: Int, _ position: Int, _ view: RunView, _ context: inout MatchContext) -> Int {
        var candidates = groupCandidates(of: group, at: position, view)
        while let sequence = candidates.next(in: dispatch) {
            let result = runLinear(
                Int(view.programs.sequenceStart[sequence]), Int(view.programs.sequenceEnd[sequence]), position, view, &context)
            if result >= 0 {
                context.fuel &-= 1
                if context.fuel >= 0 { return result }
            }
        }
        return -1
    }

    /// A linear group of alternatives (`AlternativeDispatch.isLinear`) at op `op`, after its own step was
    /// charged, with ops after it or a continuation on the stack: each candidate in written order run by
    /// `runLinear`, and where one matched, the ops after the group run by `interpret` from its end, with the
    /// stack as it was. `alternatives` pushes a frame for them instead and `interpret` runs them at the
    /// candidate's end, the same steps in the same order; with no choice in a candidate, a continuation that
    /// fails leaves nothing to go back to but the next candidate, as here.
    private func linearGroup<Tracer: MatchTracer>(
        _ group: Int, _ op: Int, _ end: Int, _ position: Int, _ view: RunView, _ context: inout MatchContext,
        _ tracer: inout Tracer
    ) -> Int {
        var candidates = groupCandidates(of: group, at: position, view)
        while let sequence = candidates.next(in: dispatch) {
            let result = runLinear(
                Int(view.programs.sequenceStart[sequence]), Int(view.programs.sequenceEnd[sequence]), position, view, &context)
            if result >= 0 {
                let stop = interpret(op + 1, end, result, view, &context, &tracer)
                if stop >= 0 { return stop }
            }
        }
        return -1
    }

    /// `interpret` of ops `op..<end` that each test one token or place (`Op.Code.testsOneToken`), with no
    /// continuation after them: the same steps charged, the same position returned, no call and no tracer.
    @inline(__always)
    private func runLinear(_ op: Int, _ end: Int, _ position: Int, _ view: RunView, _ context: inout MatchContext) -> Int {
        var op = op, position = position
        while true {
            context.fuel &-= 1
            if context.fuel < 0 { return -1 }
            if op == end { return position }
            // A gap, group or list (a `choice`) is not in a linear sequence: -1 as for a failed test.
            guard view.step(view.programs.ops[op], &position) == .matched else { return -1 }
            op &+= 1
        }
    }

    /// Any entry of a compiled list: entries keyed by the token's own id, then its variant's.
    private func list<Tracer: MatchTracer>(
        _ instruction: Op, _ op: Int, _ end: Int, _ position: Int, _ view: RunView,
        _ context: inout MatchContext, _ tracer: inout Tracer
    ) -> Int {
        guard position < view.count else { return -1 }
        // The list ends a top-level run: an entry that matches is followed by the end's step only, taken here.
        let ending = Tracer.finishesRunsInPlace && op + 1 == end && context.depth == 0
        // The token's own id, then its variant's (no array literal: this is the hot loop).
        var id = view.ids[position]
        for pass in 0..<2 {
            if pass == 1 { id = view.variants[position] }
            if id < 0 { continue }
            var entry = firstEntry(list: Int(instruction.a), id: id, view)
            let last = Int(view.programs.listFirst[Int(instruction.a) + 1])
            while entry < last {
                let atomStart = Int(view.programs.entryAtomStart[entry]), atomEnd = Int(view.programs.entryAtomStart[entry + 1])
                if view.programs.atoms[atomStart].id != id { break }
                let length = entryLength(at: position, view, atomStart: atomStart, atomEnd: atomEnd)
                entry += 1
                if length > 0 {
                    if ending {
                        // `interpret` of the run's end: one step.
                        context.fuel &-= 1
                        if context.fuel >= 0 { return position + length }
                        continue
                    }
                    let result = interpret(op + 1, end, position + length, view, &context, &tracer)
                    if result >= 0 { return result }
                }
            }
        }
        return -1
    }

    /// The first entry of `list` whose first atom has word id `id` (or the list's end when there is none).
    @inline(__always)
    private func firstEntry(list: Int, id: Int32, _ view: RunView) -> Int {
        let entry = listEntries.value(Int32(list), id)
        return entry >= 0 ? Int(entry) : Int(view.programs.listFirst[list + 1])
    }

    /// The number of tokens the list entry with atoms `atomStart..<atomEnd` covers at `position`, or 0 when
    /// it does not match there.
    @inline(__always)
    private func entryLength(at position: Int, _ view: RunView, atomStart: Int, atomEnd: Int) -> Int {
        let length = atomEnd - atomStart
        guard position + length <= view.count else { return 0 }
        for offset in 0..<length {
            let atom = view.programs.atoms[atomStart + offset]
            if !view.isWord(position + offset, atom.id, atom.kind) { return 0 }
        }
        return length
    }

    /// The first length (in the order the entries of `list` are stored) of an entry that matches at
    /// `position` and satisfies `accept`, or nil.
    func firstListMatch(list: Int, at position: Int, _ stream: TokenStream, where accept: (Int) -> Bool) -> Int? {
        guard position >= 0, position < stream.count else { return nil }
        return withView(stream) { view in
            var id = view.ids[position]
            for pass in 0..<2 {
                if pass == 1 { id = view.variants[position] }
                if id < 0 { continue }
                var entry = firstEntry(list: list, id: id, view)
                let last = Int(view.programs.listFirst[list + 1])
                while entry < last {
                    let atomStart = Int(view.programs.entryAtomStart[entry]), atomEnd = Int(view.programs.entryAtomStart[entry + 1])
                    if view.programs.atoms[atomStart].id != id { break }
                    let length = entryLength(at: position, view, atomStart: atomStart, atomEnd: atomEnd)
                    if length > 0, accept(length) { return length }
                    entry += 1
                }
            }
            return nil
        }
    }
}

/// A matcher's op programs and compiled lists as the interpreter reads them: copies of `PatternPrograms`'
/// ops and sequence ranges and of `CompiledLists`, in plain memory allocated once (no bounds checks or
/// array buffer loads per op). Never changed after `init`, so safe to share between threads.
final class FlatPrograms: @unchecked Sendable {
    /// The copies' addresses.
    struct Tables {
        let ops: UnsafeMutablePointer<Op>
        let sequenceStart: UnsafeMutablePointer<Int32>
        let sequenceEnd: UnsafeMutablePointer<Int32>
        let listFirst: UnsafeMutablePointer<Int32>
        let entryAtomStart: UnsafeMutablePointer<Int32>
        let atoms: UnsafeMutablePointer<Atom>
    }

    let tables: Tables

    init(programs: PatternPrograms, lists: CompiledLists) {
        tables = Tables(
            ops: Self.copy(programs.ops), sequenceStart: Self.copy(programs.sequenceStart),
            sequenceEnd: Self.copy(programs.sequenceEnd), listFirst: Self.copy(lists.listFirst),
            entryAtomStart: Self.copy(lists.entryAtomStart), atoms: Self.copy(lists.atoms))
    }

    deinit {
        tables.ops.deallocate()
        tables.sequenceStart.deallocate()
        tables.sequenceEnd.deallocate()
        tables.listFirst.deallocate()
        tables.entryAtomStart.deallocate()
        tables.atoms.deallocate()
    }

    /// A copy of `array` (of a trivial type) in memory of its own, at least one element long.
    private static func copy<Element>(_ array: [Element]) -> UnsafeMutablePointer<Element> {
        let pointer = UnsafeMutablePointer<Element>.allocate(capacity: max(array.count, 1))
        array.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { pointer.initialize(from: base, count: buffer.count) }
        }
        return pointer
    }
}
