/// Spells out an entry's spine (see `EntrySpine`, `TokenAutomaton`): the leading ops of the entry that test
/// one token each, as every path of token tests they can match. A list becomes one path per entry, a group
/// of alternatives one path per way through its sequences, a class one path per kind; the spine grows op by
/// op while the number of paths stays within `maxPaths` (the first op is always taken whole, so every entry
/// has a spine), and stops at the first op that is not a token test (a gap, `*`, `^`, `$`, or alternatives
/// that contain one).
///
/// It reads the builder's programs and lists and is made for one entry at a time (so it does not keep the
/// builder's arrays shared while they grow).
struct SpineExpander {
    /// At most this many paths per spine (beyond the first op's own). 512 since issue 18's session 28
    /// (256 before): a spine of two lists, such as the default pack's `<aux-start> <aux-inverted-not-do>`
    /// (32 by 15 entries), now reaches past the first list, so the entry is run only where both matched,
    /// not at every token of the first. 1,024 ran a little faster per comment but, with that session's
    /// larger pack, made loading 4 % slower and its peak memory 12 MB larger (docs/PERFORMANCE.md,
    /// "Session 28").
    static let maxPaths = 512

    let ops: [Op]
    let sequenceStart: [Int32]
    let sequenceEnd: [Int32]
    let lists: CompiledLists
    /// Whether a list inside alternatives is counted before its paths are spelled out (false: tests, the
    /// plain way, which spells them out and then finds them too many).
    var listsCountedFirst = true
    /// Where `measure` (at `maxPaths`) and `hasPath` keep what they work out for a group or sequence, shared
    /// by the expanders of every entry of a builder (nil: worked out at each call).
    var memo: SpineMemo? = nil

    /// The spine of the entry running `sequence[index...]`. `appendingAtoms: false` (tests) expands word
    /// and prefix ops as every other op, the plain path the in-place one must agree with.
    func spine(of sequence: [Op], from index: Int, appendingAtoms: Bool = true) -> EntrySpine {
        var paths: [[SpineAtom]] = [[]]
        var covered = 0
        for op in sequence[index...] {
            // A word or prefix is one atom on every path (`product` with one path of one atom), the
            // commonest op by far: appended in place instead of copying every path.
            if appendingAtoms, let atom = Self.singleAtom(op) {
                if covered > 0, paths.count > Self.maxPaths { break }
                for path in paths.indices { paths[path].append(atom) }
                covered += 1
                continue
            }
            guard let expansion = expand(op, limit: max(Self.maxPaths, 1)) else { break }
            if covered > 0, paths.count * expansion.count > Self.maxPaths { break }
            // The first op's paths are the spine's so far: no copy of each onto the one empty path.
            paths = covered == 0 && paths.count == 1 && paths[0].isEmpty ? expansion : Self.product(paths, expansion)
            covered += 1
        }
        return EntrySpine(paths: paths, opCount: covered)
    }

    /// The spine of the entry running `sequence[index...]` as `spine(of:from:)` works it out, kept as steps
    /// (see `SpineShape`): the same ops covered, the same paths in the same order, none spelled out. A
    /// list's choices are read from `lists` where they are walked, not copied per entry.
    func shape(of sequence: [Op], from index: Int) -> SpineShape {
        var steps: [SpineStep] = []
        // At most a step per op: one allocation, where growing from empty made several per entry.
        steps.reserveCapacity(sequence.count - index)
        var pathCount = 1, firstLength = 0, uniform = true
        scan: for op in sequence[index...] {
            let covered = steps.count
            if let atom = Self.singleAtom(op) {
                if covered > 0, pathCount > Self.maxPaths { break }
                steps.append(.atom(atom))
                firstLength += 1
                continue
            }
            let step: SpineStep
            let choices: Int
            var first = 0, same = true
            switch op.code {
            case .tokenClass:
                choices = Self.kindCount(op.a)
                step = .kinds(mask: op.a)
                first = 1
            case .list:
                let list = Int(op.a)
                let entries = Int(lists.listFirst[list])..<Int(lists.listFirst[list + 1])
                choices = entries.count
                for entry in entries {
                    let length = Int(lists.entryAtomStart[entry + 1] - lists.entryAtomStart[entry])
                    if entry == entries.lowerBound { first = length } else if length != first { same = false }
                }
                step = .list(list)
            case .alternatives:
                guard let measure = measure(op, limit: max(Self.maxPaths, 1)) else { break scan }
                choices = measure.count
                first = measure.count > 0 ? measure.first : 0
                same = measure.count == 0 || measure.shortest == measure.longest
                step = .alternatives(op)
            default:
                break scan
            }
            if covered > 0, pathCount * choices > Self.maxPaths { break }
            pathCount *= choices
            firstLength += first
            if !same { uniform = false }
            steps.append(step)
        }
        return SpineShape(
            steps: steps, pathCount: pathCount, firstLength: pathCount > 0 ? firstLength : -1,
            uniformLength: pathCount == 0 || uniform)
    }

    /// Every path of `shape`, in order: what `spine(of:from:).paths` is for the same entry.
    func paths(of shape: SpineShape) -> [[SpineAtom]] {
        var paths: [[SpineAtom]] = [[]]
        for step in shape.steps {
            let choices: [[SpineAtom]]
            switch step {
            case .atom(let atom): choices = [[atom]]
            case .list(let list): choices = expand(Op(.list, Int32(list)), limit: .max) ?? []
            case .kinds(let mask): choices = expand(Op(.tokenClass, mask), limit: .max) ?? []
            case .alternatives(let op): choices = expand(op, limit: .max) ?? []
            }
            paths = Self.product(paths, choices)
        }
        return paths
    }

    /// The one atom a word or prefix op tests (`expand(op)` is `[[atom]]`), else nil.
    @inline(__always)
    private static func singleAtom(_ op: Op) -> SpineAtom? {
        switch op.code {
        case .word: .word(id: op.a, kind: op.b)
        case .prefix: .prefix(id: op.a)
        default: nil
        }
    }

    /// Every path of token tests `op` can match, or nil when it is not a token test or has more than
    /// `limit` paths (a list or class is never cut: it is one op, taken whole).
    func expand(_ op: Op, limit: Int) -> [[SpineAtom]]? {
        switch op.code {
        case .word:
            return [[.word(id: op.a, kind: op.b)]]
        case .prefix:
            return [[.prefix(id: op.a)]]
        case .tokenClass:
            return (0..<UInt8(KindCode.count)).filter { (op.a >> Int32($0)) & 1 != 0 }.map { [.kind($0)] }
        case .list:
            let list = Int(op.a)
            return (Int(lists.listFirst[list])..<Int(lists.listFirst[list + 1])).map { entry in
                lists.atoms[Int(lists.entryAtomStart[entry])..<Int(lists.entryAtomStart[entry + 1])].map {
                    SpineAtom.word(id: $0.id, kind: $0.kind)
                }
            }
        case .alternatives:
            var paths: [[SpineAtom]] = []
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                var sequencePaths: [[SpineAtom]] = [[]]
                for inner in ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])] {
                    // A list is never cut, so one with too many entries is refused before they are spelled out.
                    if listsCountedFirst, inner.code == .list, sequencePaths.count * listEntryCount(Int(inner.a)) > limit {
                        return nil
                    }
                    guard let expansion = expand(inner, limit: limit),
                        sequencePaths.count * expansion.count <= limit
                    else { return nil }
                    sequencePaths = Self.product(sequencePaths, expansion)
                }
                paths += sequencePaths
                if paths.count > limit { return nil }
            }
            return paths
        case .any, .gap, .start, .end:
            return nil
        }
    }

    /// What `expand(op, limit:)` gives, without spelling it out: nil where it is nil, else the number of
    /// paths, the first one's length, and the shortest's and longest's (the lengths are 0 when there is no
    /// path).
    func measure(_ op: Op, limit: Int) -> (count: Int, first: Int, shortest: Int, longest: Int)? {
        switch op.code {
        case .word, .prefix:
            return (1, 1, 1, 1)
        case .tokenClass:
            return (Self.kindCount(op.a), 1, 1, 1)
        case .list:
            let list = Int(op.a)
            let entries = Int(lists.listFirst[list])..<Int(lists.listFirst[list + 1])
            var first = 0, shortest = Int.max, longest = 0
            for entry in entries {
                let length = Int(lists.entryAtomStart[entry + 1] - lists.entryAtomStart[entry])
                if entry == entries.lowerBound { first = length }
                shortest = min(shortest, length)
                longest = max(longest, length)
            }
            // No entry: no length (0, so that a sequence's sums cannot overflow).
            return (entries.count, first, entries.isEmpty ? 0 : shortest, longest)
        case .alternatives:
            guard limit == Self.maxPaths, let memo else { return measureGroup(op, limit: limit) }
            if let known = memo.measure(of: op) { return known }
            let measured = measureGroup(op, limit: limit)
            memo.store(measured, of: op)
            return measured
        case .any, .gap, .start, .end:
            return nil
        }
    }

    /// `measure(op, limit:)` of the group of alternatives `op`, worked out.
    private func measureGroup(_ op: Op, limit: Int) -> (count: Int, first: Int, shortest: Int, longest: Int)? {
        var count = 0, first = 0, shortest = Int.max, longest = 0
        for sequence in Int(op.a)..<Int(op.a + op.b) {
            // The sequence's paths: every choice of its first op followed by every choice of the next.
            var paths = 1, pathFirst = 0, pathShortest = 0, pathLongest = 0
            for inner in ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])] {
                guard let measure = measure(inner, limit: limit), paths * measure.count <= limit else { return nil }
                paths *= measure.count
                pathFirst += measure.first
                pathShortest += measure.shortest
                pathLongest += measure.longest
            }
            if paths > 0 {
                if count == 0 { first = pathFirst }
                shortest = min(shortest, pathShortest)
                longest = max(longest, pathLongest)
            }
            count += paths
            if count > limit { return nil }
        }
        return (count, first, count > 0 ? shortest : 0, longest)
    }

    /// Whether the ops of `sequence` (of a group) have at least one path: none of them is an empty list, a
    /// class with no kind or a group with no sequence that has one. A sequence without one makes no node.
    func hasPath(sequence: Int) -> Bool {
        guard let memo else { return sequenceHasPath(sequence) }
        if let known = memo.hasPath(sequence) { return known }
        let found = sequenceHasPath(sequence)
        memo.store(found, hasPath: sequence)
        return found
    }

    /// `hasPath(sequence:)`, worked out.
    private func sequenceHasPath(_ sequence: Int) -> Bool {
        for op in ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])] {
            switch op.code {
            case .tokenClass:
                if Self.kindCount(op.a) == 0 { return false }
            case .list:
                if listEntryCount(Int(op.a)) == 0 { return false }
            case .alternatives:
                if !(Int(op.a)..<Int(op.a + op.b)).contains(where: hasPath(sequence:)) { return false }
            default:
                break
            }
        }
        return true
    }

    /// The number of kind codes set in a class's `mask` (`expand` gives a path per kind).
    private static func kindCount(_ mask: Int32) -> Int {
        (0..<KindCode.count).reduce(0) { $0 + Int((mask >> Int32($1)) & 1) }
    }

    /// The number of entries of list `list` (`expand` gives a path per entry).
    private func listEntryCount(_ list: Int) -> Int {
        Int(lists.listFirst[list + 1] - lists.listFirst[list])
    }

    /// Each path of `heads` followed by each path of `tails`.
    private static func product(_ heads: [[SpineAtom]], _ tails: [[SpineAtom]]) -> [[SpineAtom]] {
        var result: [[SpineAtom]] = []
        result.reserveCapacity(heads.count * tails.count)
        for head in heads {
            for tail in tails { result.append(head + tail) }
        }
        return result
    }
}

/// What `SpineExpander.measure` (at `SpineExpander.maxPaths`) and `SpineExpander.hasPath` found for each
/// group of alternatives and each sequence of a builder's programs, by sequence index: a program's groups
/// never change once compiled, and an entry's spine measures its groups again for every entry its leading
/// alternatives expand into, and walks them once per path. A reference, so the expander made for each
/// entry fills the same tables.
final class SpineMemo {
    /// Per group, by its first sequence: its count of paths plus 2 (1: too many paths; 0: not measured
    /// yet), then its first path's length, its shortest's and longest's, and its number of sequences (a
    /// group op naming the same first sequence with another count is another group, measured again).
    /// (Neither table is checked for exclusive access at run time: a memo belongs to one builder, on one
    /// thread, and the checks on each lookup of the walk were a fortieth of compiling the default pack.)
    @exclusivity(unchecked) private var groups: [Int32] = []
    /// Per sequence: 0 not worked out yet, 1 no path, 2 a path.
    @exclusivity(unchecked) private var paths: [UInt8] = []

    /// What `measure` found for the group `op`, or nil when it has not measured it.
    func measure(of op: Op) -> (count: Int, first: Int, shortest: Int, longest: Int)?? {
        let at = 5 * Int(op.a)
        guard at < groups.count, groups[at] != 0, groups[at + 4] == op.b else { return nil }
        if groups[at] == 1 { return .some(nil) }
        return (Int(groups[at] - 2), Int(groups[at + 1]), Int(groups[at + 2]), Int(groups[at + 3]))
    }

    /// Keeps what `measure` found for the group `op`.
    func store(_ measured: (count: Int, first: Int, shortest: Int, longest: Int)?, of op: Op) {
        let at = 5 * Int(op.a)
        if at + 5 > groups.count { groups += repeatElement(0, count: max(at + 5 - groups.count, groups.count)) }
        groups[at + 4] = op.b
        guard let measured else {
            groups[at] = 1
            return
        }
        groups[at] = Int32(measured.count + 2)
        groups[at + 1] = Int32(measured.first)
        groups[at + 2] = Int32(measured.shortest)
        groups[at + 3] = Int32(measured.longest)
    }

    /// Whether `sequence` has a path, or nil when that has not been worked out.
    func hasPath(_ sequence: Int) -> Bool? {
        guard sequence < paths.count, paths[sequence] != 0 else { return nil }
        return paths[sequence] == 2
    }

    /// Keeps whether `sequence` has a path.
    func store(_ found: Bool, hasPath sequence: Int) {
        if sequence >= paths.count { paths += repeatElement(0, count: max(sequence + 1 - paths.count, paths.count)) }
        paths[sequence] = found ? 2 : 1
    }
}
