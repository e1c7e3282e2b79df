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
    /// At most this many paths per spine (beyond the first op's own).
    static let maxPaths = 256

    let ops: [Op]
    let sequenceStart: [Int32]
    let sequenceEnd: [Int32]
    let lists: CompiledLists

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
    private func expand(_ op: Op, limit: Int) -> [[SpineAtom]]? {
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
