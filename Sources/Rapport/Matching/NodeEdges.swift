/// The tables of a `TokenAutomaton` that `successors` reads for any node, as the walk reads them for the
/// nodes it carries from one token to the next: copied into a value the walk holds in locals for a whole
/// comment (as `RootEdges` holds the root's), so that stepping a carried node is inlined into the walk with
/// no call and no reload of the automaton's fields, and takes the token's ids, kind and prefix range the walk
/// has already read. `TokenAutomaton.successors` and `mayPass` are this value's `children` and `mayPass`.
struct NodeEdges {
    /// Per node: its edge kinds (`TokenAutomaton.wordEdges` and the other bits), 0 for a leaf.
    let flags: UnsafeMutablePointer<UInt8>
    /// Per node: the `wordBit`s of the words its edges test (see `TokenAutomaton.wordMasks`).
    let wordMasks: UnsafeMutablePointer<UInt64>
    /// The child of (node, symbol), a `SizedPairTable`; the root's edges on words of any kind are in
    /// `rootWords` instead.
    let edgeKeys: UnsafeMutablePointer<UInt64>
    let edgeValues: UnsafeMutablePointer<Int32>
    let edgeCapacity: Int
    /// The root's child on word `w` (any kind but a mention), or -1.
    let rootWords: UnsafeMutablePointer<Int32>
    /// The kinds with some edge on a word of that exact kind, and those with some edge on the kind.
    let exactKinds: UInt32
    let kindSymbols: UInt32
    /// The first prefix symbol and the first kind symbol (`TokenAutomaton.Symbols`).
    let prefixBase: Int32
    let kindBase: Int32

    /// Writes to `out` every child of `node` along an edge that a token passes (its word `id` and its
    /// variant `other` when it differs, else -1, as words of any kind but a mention or of its exact kind
    /// `kind`; its prefix hits `prefixFrom..<prefixTo` of `view`, not for a mention or URL; its kind), each
    /// once, and returns how many it wrote: at most `TokenAutomaton.maxSuccessors` plus the prefix count.
    @inline(__always)
    func children(
        of node: Int32, id: Int32, other: Int32, kind: UInt8, prefixFrom: Int, prefixTo: Int, _ view: CompiledMatcher.RunView,
        into out: UnsafeMutablePointer<Int32>
    ) -> Int {
        // A leaf has none of the bits below: it writes nothing.
        let nodeFlags = flags[Int(node)]
        var written = 0
        if nodeFlags & TokenAutomaton.wordEdges != 0, kind != KindCode.mention {
            if node == 0 {
                if id >= 0 { RootEdges.put(rootWords[Int(id)], out, &written) }
                if other >= 0 { RootEdges.put(rootWords[Int(other)], out, &written) }
            } else {
                if id >= 0 { RootEdges.put(edge(node, 9 &* id), out, &written) }
                if other >= 0 { RootEdges.put(edge(node, 9 &* other), out, &written) }
            }
        }
        if nodeFlags & TokenAutomaton.exactWordEdges != 0, (exactKinds >> UInt32(kind)) & 1 != 0 {
            let slot = Int32(kind) + 1
            if id >= 0 { RootEdges.put(edge(node, 9 &* id &+ slot), out, &written) }
            if other >= 0 { RootEdges.put(edge(node, 9 &* other &+ slot), out, &written) }
        }
        if nodeFlags & TokenAutomaton.prefixEdges != 0, kind != KindCode.mention, kind != KindCode.url {
            var index = prefixFrom
            while index < prefixTo {
                RootEdges.put(edge(node, prefixBase &+ view.prefixHits[index]), out, &written)
                index &+= 1
            }
        }
        if nodeFlags & TokenAutomaton.kindEdges != 0, (kindSymbols >> UInt32(kind)) & 1 != 0 {
            RootEdges.put(edge(node, kindBase &+ Int32(kind)), out, &written)
        }
        return written
    }

    /// Whether `children(of: node, …)` may find a child for a token whose `TokenAutomaton.tokenBits` are
    /// `bits`: false only when the node has no prefix or kind edge and none of its words has one of the
    /// token's bits, so that none of its edges is on the token's word or variant.
    @inline(__always)
    func mayPass(_ node: Int32, tokenBits bits: UInt64) -> Bool {
        let mask = wordMasks[Int(node)]
        return mask & bits != 0 || mask == .max
    }

    /// The child of `node` on `symbol`, or -1.
    @inline(__always)
    func edge(_ node: Int32, _ symbol: Int32) -> Int32 {
        SizedPairTable.value(node, symbol, keys: edgeKeys, values: edgeValues, capacity: edgeCapacity)
    }
}
