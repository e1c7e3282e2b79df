/// The root's tables of a `TokenAutomaton`, as the walk reads them at every token: copied into a value the
/// walk holds in locals for a whole comment, so that the common case (a token's word and variant, then its
/// kind) is a few loads inlined into the walk, with no call and no reload of the automaton's fields. Tokens
/// of a kind with root edges on words of that exact kind, and tokens with prefix hits when the root has
/// prefix edges, take `TokenAutomaton.rootRareChildren`, out of line.
struct RootEdges {
    /// The root's child on word `w` (any kind but a mention), or -1.
    let words: UnsafeMutablePointer<Int32>
    /// The root's child on each kind code (256 entries, -1 where none).
    let kinds: UnsafeMutablePointer<Int32>
    /// The kinds with a root edge on a word of that exact kind.
    let exactKinds: UInt32
    /// Whether the root has prefix edges.
    let hasPrefixEdges: Bool

    /// Writes to `out` the root's children along the edges a token passes (its word `id`, its variant
    /// `other` when it differs, else -1, its kind, and its prefix hits `prefixFrom..<prefixTo` of `view`),
    /// each once, in the order of `TokenAutomaton.successors(of: 0, …)`, and returns how many it wrote.
    @inline(__always)
    func children(
        id: Int32, other: Int32, kind: UInt8, prefixFrom: Int, prefixTo: Int, _ automaton: TokenAutomaton,
        _ view: CompiledMatcher.RunView, into out: UnsafeMutablePointer<Int32>
    ) -> Int {
        var written = 0
        if kind != KindCode.mention {
            if id >= 0 { Self.put(words[Int(id)], out, &written) }
            if other >= 0 { Self.put(words[Int(other)], out, &written) }
        }
        if _slowPath((exactKinds >> UInt32(kind)) & 1 != 0 || (prefixFrom < prefixTo && hasPrefixEdges)) {
            written = automaton.rootRareChildren(
                id: id, other: other, kind: kind, prefixFrom: prefixFrom, prefixTo: prefixTo, view, into: out, written: written)
        }
        Self.put(kinds[Int(kind)], out, &written)
        return written
    }

    /// Writes `child` at `out[written]`, counting it when it is a node (not -1).
    @inline(__always)
    static func put(_ child: Int32, _ out: UnsafeMutablePointer<Int32>, _ written: inout Int) {
        out[written] = child
        written &+= child >= 0 ? 1 : 0
    }
}
