/// For every `[a|b|c]` group of a compiled pack, its alternatives indexed by the word id they start with,
/// so the matcher tries only the alternatives that can match the token in front of it instead of
/// testing each one ("{0,2} [refund|money back|...30 more]" costs a lookup, not 30 comparisons).
///
/// A group is identified by the index of its first sequence (`Op.a` of its `.alternatives` op).
/// Alternatives that do not start with a word (a list, a gap, a prefix…) are kept in an "other" range
/// and always tried. Candidates are tried in the order they were written, so the first match found is
/// the same as when every alternative is tried in turn.
struct AlternativeDispatch: Sendable {
    /// For the group starting at sequence `s`: its word-keyed candidates are `keyedWord/keyedSequence` from
    /// the group's start up to `keyedEnd[s]`, sorted by word id, then by sequence.
    private let keyedEnd: [Int32]
    private let keyedWord: [Int32]
    private let keyedSequence: [Int32]
    /// For the group starting at sequence `s`: sequences not keyed by a word, `otherSequence[otherStart[s]..<otherEnd[s]]`, ascending.
    private let otherStart: [Int32]
    private let otherEnd: [Int32]
    private let otherSequence: [Int32]
    /// The first of `group`'s keyed candidates whose word is `w` (an index into `keyedWord`), keyed
    /// `PairMap.pack(group, w)`: a lookup rather than a binary search per token.
    private let firstKeyed: PairMap
    /// For the group starting at sequence `s`: whether every one of its alternatives is made of ops that each
    /// test one token or place (a word, prefix, class, `*`, `^` or `$`; no gap, group or list), so that a run
    /// of one has no choice to go back to.
    private let linear: [Bool]

    /// Indexes every alternatives op found in `ops`.
    init(ops: [Op], sequenceStart: [Int32], sequenceEnd: [Int32]) {
        let sequences = sequenceStart.count
        var keyedEnd = [Int32](repeating: 0, count: sequences)
        var otherStart = keyedEnd, otherEnd = keyedEnd
        var keyedWord: [Int32] = [], keyedSequence: [Int32] = [], otherSequence: [Int32] = []
        var linear = [Bool](repeating: false, count: sequences)
        // Groups met already (a group's op recurs in the entries its pattern expands into), by first sequence.
        var done = [Bool](repeating: false, count: sequences)
        var firsts: [(key: UInt64, value: Int32)] = []
        var keyed: [(word: Int32, sequence: Int32)] = []
        for op in ops where op.code == .alternatives && !done[Int(op.a)] {
            let group = Int(op.a)
            done[group] = true
            keyed.removeAll(keepingCapacity: true)
            otherStart[group] = Int32(otherSequence.count)
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                let first = Int(sequenceStart[sequence])
                if first < Int(sequenceEnd[sequence]), ops[first].code == .word {
                    keyed.append((ops[first].a, Int32(sequence)))
                } else {
                    otherSequence.append(Int32(sequence))
                }
            }
            otherEnd[group] = Int32(otherSequence.count)
            linear[group] = (Int(op.a)..<Int(op.a + op.b)).allSatisfy { sequence in
                ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])].allSatisfy { $0.code.testsOneToken }
            }
            keyed.sort { ($0.word, $0.sequence) < ($1.word, $1.sequence) }
            let keyedStart = keyedWord.count
            for item in keyed {
                if keyedWord.count == keyedStart || keyedWord[keyedWord.count - 1] != item.word {
                    firsts.append((PairMap.pack(Int32(group), item.word), Int32(keyedWord.count)))
                }
                keyedWord.append(item.word)
                keyedSequence.append(item.sequence)
            }
            keyedEnd[group] = Int32(keyedWord.count)
        }
        self.keyedEnd = keyedEnd
        self.keyedWord = keyedWord
        self.keyedSequence = keyedSequence
        self.otherStart = otherStart
        self.otherEnd = otherEnd
        self.otherSequence = otherSequence
        self.firstKeyed = PairMap(firsts)
        self.linear = linear
    }

    /// Whether every alternative of `group` is linear: made only of ops that test one token or place (see
    /// `Op.Code.testsOneToken`), with no choice in it.
    @inline(__always)
    func isLinear(group: Int) -> Bool {
        linear[group]
    }

    /// Whether some alternative of `group` may match a token with word id `id` and variant id `variant`
    /// (either may be -1): one that starts with either word, or one that does not start with a word. False
    /// exactly when `candidates` would give none.
    @inline(__always)
    func hasCandidates(group: Int, id: Int32, variant: Int32) -> Bool {
        hasUnkeyed(group: group) || hasKeyed(group: group, id: id, variant: variant)
    }

    /// Whether `group` has an alternative that does not start with a word (tried for every token).
    @inline(__always)
    func hasUnkeyed(group: Int) -> Bool {
        otherStart[group] < otherEnd[group]
    }

    /// Whether some alternative of `group` starts with the word `id` or `variant` (either may be -1).
    @inline(__always)
    func hasKeyed(group: Int, id: Int32, variant: Int32) -> Bool {
        (id >= 0 && firstKeyed.value(Int32(group), id) >= 0) || (variant >= 0 && firstKeyed.value(Int32(group), variant) >= 0)
    }

    /// The candidates of `group` for a token with word id `id` and variant id `variant` (either may be -1):
    /// cursors over up to three ascending runs of sequence indexes.
    @inline(__always)
    func candidates(group: Int, id: Int32, variant: Int32) -> Candidates {
        var result = Candidates(other: Int(otherStart[group]), otherEnd: Int(otherEnd[group]))
        if id >= 0 { (result.word, result.wordEnd) = keyedRange(group: group, id: id) }
        if variant >= 0 { (result.variant, result.variantEnd) = keyedRange(group: group, id: variant) }
        return result
    }

    /// The range of `group`'s keyed candidates whose word is `id`.
    @inline(__always)
    private func keyedRange(group: Int, id: Int32) -> (Int, Int) {
        let first = Int(firstKeyed.value(Int32(group), id))
        if first < 0 { return (0, 0) }
        var end = first + 1
        while end < Int(keyedEnd[group]), keyedWord[end] == id { end += 1 }
        return (first, end)
    }

    struct Candidates {
        var word = 0, wordEnd = 0
        var variant = 0, variantEnd = 0
        var other: Int, otherEnd: Int

        init(other: Int, otherEnd: Int) {
            self.other = other
            self.otherEnd = otherEnd
        }

        /// The next candidate sequence in ascending order, or nil when all were returned.
        @inline(__always)
        mutating func next(in dispatch: AlternativeDispatch) -> Int? {
            let a = word < wordEnd ? Int(dispatch.keyedSequence[word]) : Int.max
            let b = variant < variantEnd ? Int(dispatch.keyedSequence[variant]) : Int.max
            let c = other < otherEnd ? Int(dispatch.otherSequence[other]) : Int.max
            if a < b && a < c { word += 1; return a }
            if b < c { variant += 1; return b }
            if c < Int.max { other += 1; return c }
            return nil
        }
    }
}
