/// One automaton over token ids for the spines of all entries of a pack (see docs/ARCHITECTURE.md, "The
/// matcher"): a trie whose edges are token tests (`SpineAtom`s as integer symbols: a word with its kind
/// constraint, a prefix, a kind), walked in one pass over a comment's tokens.
///
/// At each token the matcher follows, from the root and from every node reached at the token before, the
/// edges the token passes (its word and variant, its prefixes, its kind), so a node reached at token `p`
/// means that a path of the spine's tests matched the tokens `p - depth + 1 ... p`. A token carries several
/// symbols (its text, variant, prefixes and kind), so the walk keeps the set of nodes reached rather than
/// one state with failure links; each node is reached at most once per token. The entries listed at a
/// reached node have their spine matched in order there, and only they are checked further: their other
/// required parts (`RequiredWords`), then, unless the spine is the whole entry, a run of the entry.
///
/// Each node's entries are bucketed by their first required part, as `EntryIndex` buckets a key's entries,
/// so a node that many entries share costs one comparison per bucket whose part is absent. All tables are
/// plain memory allocated once and never changed, so the automaton is safe to share between threads.
final class TokenAutomaton: @unchecked Sendable {
    /// How atoms are numbered as edge symbols once the vocabulary is final: word `w` with kind constraint
    /// `k` is `9 w + k + 1` (`k` -1 for any kind but a mention), then the prefixes, then the kinds.
    struct Symbols: Sendable {
        let wordCount: Int32
        let prefixCount: Int32

        /// The first prefix symbol and the first kind symbol.
        var prefixBase: Int32 { 9 * wordCount }
        var kindBase: Int32 { 9 * wordCount + prefixCount }

        /// The symbol of `atom`.
        func symbol(of atom: SpineAtom) -> Int32 {
            switch atom {
            case .word(let id, let kind): 9 * id + kind + 1
            case .prefix(let id): prefixBase + id
            case .kind(let kind): kindBase + Int32(kind)
            }
        }
    }

    /// Bits of a node's `flags`: which kinds of edges leave it (0: a leaf).
    static let wordEdges: UInt8 = 1
    static let exactWordEdges: UInt8 = 2
    static let prefixEdges: UInt8 = 4
    static let kindEdges: UInt8 = 8

    let symbols: Symbols
    /// The child of (node, symbol): a `SizedPairTable` of `PairMap.pack(node, symbol)`, taken over from the
    /// builder; the root's edges on words of any kind but a mention are in `rootWords` instead.
    let edgeKeys: UnsafeMutablePointer<UInt64>
    let edgeValues: UnsafeMutablePointer<Int32>
    let edgeCapacity: Int
    /// The root's child on word `w` (any kind but a mention), or -1; `wordCount` entries.
    let rootWords: UnsafeMutablePointer<Int32>
    /// Per node: its edge kinds (see the bits above), its depth in tokens, and its buckets
    /// `buckets[nodeBuckets[2 n]..<nodeBuckets[2 n + 1]]`.
    let flags: UnsafeMutablePointer<UInt8>
    /// Per node: the `wordBit` of every word its edges test (of any kind constraint), all bits set when it
    /// has a prefix or kind edge. For a node whose mask has not all bits set, a token none of whose word
    /// and variant bits is in the mask passes none of the node's edges, so the walk does not step it.
    let wordMasks: UnsafeMutablePointer<UInt64>
    let depth: UnsafeMutablePointer<Int32>
    let nodeBuckets: UnsafeMutablePointer<Int32>
    let nodeCount: Int
    /// A bucket's entries are `entries[start..<end]`, copied in bucket order; an entry's parts are
    /// `entryParts[partsStart..<partsEnd]`, the first being its bucket's part.
    let buckets: UnsafeMutablePointer<EntryIndex.Bucket>
    let entries: UnsafeMutablePointer<MatcherEntry>
    let entryParts: UnsafeMutablePointer<Int32>
    /// The bucket of (node, part) for the nodes with at least `wideNode` buckets, keyed `PairMap.pack(node,
    /// part)`: at such a node the matcher looks up the parts the comment has instead of walking every bucket.
    let bucketKeys: UnsafeMutablePointer<UInt64>
    let bucketValues: UnsafeMutablePointer<Int32>
    let bucketMask: Int
    /// Nodes with at least this many buckets are wide (see `bucketKeys`).
    static let wideNode = 16
    /// The parts of the wide nodes' buckets, each once, in increasing order: the only parts the matcher
    /// looks up in `bucketKeys`.
    let wideParts: [Int32]
    /// Bit `k` is set when some edge is a word with exact kind constraint `k`.
    let exactKinds: UInt32
    /// Bit `k` is set when some edge is the kind `k`.
    let kindSymbols: UInt32
    /// The number of entries over all nodes (an entry with several paths counts once per node).
    let entryCount: Int
    /// The root's edges other than on words of any kind, as `rootSuccessors` reads them: its child on
    /// each kind code (256 entries, -1 where none), the kinds with an edge on a word of that exact kind
    /// (`exactKinds` when the root has such edges, else 0), and whether it has prefix edges.
    let rootKinds: UnsafeMutablePointer<Int32>
    let rootExactKinds: UInt32
    let rootHasPrefixEdges: Bool

    /// `depth` holds a depth per node (as many as `flags`), `entries` the first `entryCount` entries in bucket
    /// order; the automaton takes both and frees them.
    init(
        symbols: Symbols, edges: SizedPairTable, rootWords: [Int32], flags: [UInt8], wordMasks: [UInt64], depth: UnsafeMutablePointer<Int32>,
        nodeBuckets: [Int32],
        buckets: [EntryIndex.Bucket], entries: UnsafeMutablePointer<MatcherEntry>, entryCount: Int, entryParts: [Int32], exactKinds: UInt32,
        kindSymbols: UInt32
    ) {
        var wide: [(key: UInt64, value: Int32)] = []
        nodeBuckets.withUnsafeBufferPointer { nodeBuckets in
            for node in 0..<flags.count where nodeBuckets[2 * node + 1] - nodeBuckets[2 * node] >= Int32(Self.wideNode) {
                for bucket in nodeBuckets[2 * node]..<nodeBuckets[2 * node + 1] where buckets[Int(bucket)].part >= 0 {
                    wide.append((PairMap.pack(Int32(node), buckets[Int(bucket)].part), bucket))
                }
            }
        }
        let wideMap = PairMap(wide)
        self.wideParts = Set(wide.map { Int32(truncatingIfNeeded: $0.key) }).sorted()
        self.bucketKeys = Self.copy(wideMap.slotKeys)
        self.bucketValues = Self.copy(wideMap.slotValues)
        self.bucketMask = wideMap.mask
        self.symbols = symbols
        self.edgeKeys = edges.keys
        self.edgeValues = edges.values
        self.edgeCapacity = edges.capacity
        self.rootWords = Self.copy(rootWords)
        self.flags = Self.copy(flags)
        self.wordMasks = Self.copy(wordMasks)
        self.depth = depth
        self.nodeBuckets = Self.copy(nodeBuckets)
        self.nodeCount = flags.count
        self.buckets = Self.copy(buckets)
        self.entries = entries
        self.entryParts = Self.copy(entryParts)
        self.exactKinds = exactKinds
        self.kindSymbols = kindSymbols
        self.entryCount = entryCount
        let rootFlags = flags.first ?? 0
        let rootKinds = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
        for kind in 0..<256 {
            let hasEdge = rootFlags & Self.kindEdges != 0 && kind < 32 && (kindSymbols >> UInt32(kind)) & 1 != 0
            rootKinds[kind] =
                hasEdge
                ? SizedPairTable.value(0, symbols.kindBase &+ Int32(kind), keys: edges.keys, values: edges.values, capacity: edges.capacity) : -1
        }
        self.rootKinds = rootKinds
        self.rootExactKinds = rootFlags & Self.exactWordEdges != 0 ? exactKinds : 0
        self.rootHasPrefixEdges = rootFlags & Self.prefixEdges != 0
    }

    deinit {
        rootWords.deallocate()
        rootKinds.deallocate()
        edgeKeys.deallocate()
        bucketKeys.deallocate()
        bucketValues.deallocate()
        edgeValues.deallocate()
        flags.deallocate()
        wordMasks.deallocate()
        depth.deallocate()
        nodeBuckets.deallocate()
        buckets.deallocate()
        entries.deallocate()
        entryParts.deallocate()
    }

    /// Writes to `out` every child of `node` along an edge that token `position` of `view` passes (its text
    /// and variant as words, of any kind but a mention or of its exact kind; its prefixes, not for a mention
    /// or URL; its kind), each once, and returns how many it wrote: at most `maxSuccessors` plus the token's
    /// prefix count. (`NodeEdges.children`, which the walk calls with the token's ids it has read.)
    func successors(
        of node: Int32, at position: Int, _ view: CompiledMatcher.RunView, into out: UnsafeMutablePointer<Int32>
    ) -> Int {
        let id = view.ids[position], variant = view.variants[position]
        return nodeEdges.children(
            of: node, id: id, other: variant != id ? variant : -1, kind: view.kinds[position],
            prefixFrom: Int(view.prefixStart[position]), prefixTo: Int(view.prefixStart[position + 1]), view, into: out)
    }

    /// The tables for the walk's locals (see `NodeEdges`).
    @inline(__always)
    var nodeEdges: NodeEdges {
        NodeEdges(
            flags: flags, wordMasks: wordMasks, edgeKeys: edgeKeys, edgeValues: edgeValues, edgeCapacity: edgeCapacity,
            rootWords: rootWords, exactKinds: exactKinds, kindSymbols: kindSymbols, prefixBase: symbols.prefixBase,
            kindBase: symbols.kindBase)
    }

    /// ``successors(of:at:_:into:)`` of the root, whose edge kinds are known once built: its children on
    /// words of any kind and on kinds from dense tables, the others looked up only for the kinds and
    /// prefixes it has edges for; `prefixFrom..<prefixTo` are the token's prefix hits (the walk has read
    /// them). The children come in the same order. (The walk reads the same through `rootEdges`.)
    func rootSuccessors(
        at position: Int, prefixFrom: Int, prefixTo: Int, _ view: CompiledMatcher.RunView, into out: UnsafeMutablePointer<Int32>
    ) -> Int {
        let id = view.ids[position], variant = view.variants[position]
        return rootEdges.children(
            id: id, other: variant != id ? variant : -1, kind: view.kinds[position], prefixFrom: prefixFrom,
            prefixTo: prefixTo, self, view, into: out)
    }

    /// The root's tables for the walk's locals (see `RootEdges`).
    var rootEdges: RootEdges {
        RootEdges(words: rootWords, kinds: rootKinds, exactKinds: rootExactKinds, hasPrefixEdges: rootHasPrefixEdges)
    }

    /// The root's children that `RootEdges.children` leaves to this call, written from `out[written]`: on
    /// the token's word and variant as words of its exact kind (when the root has such edges for the
    /// kind), then on its prefix hits `prefixFrom..<prefixTo` (unless it is a mention or URL); returns the
    /// new count.
    @inline(never)
    func rootRareChildren(
        id: Int32, other: Int32, kind: UInt8, prefixFrom: Int, prefixTo: Int, _ view: CompiledMatcher.RunView,
        into out: UnsafeMutablePointer<Int32>, written start: Int
    ) -> Int {
        var written = start
        if (rootExactKinds >> UInt32(kind)) & 1 != 0 {
            let slot = Int32(kind) + 1
            if id >= 0 { RootEdges.put(edge(0, 9 &* id &+ slot), out, &written) }
            if other >= 0 { RootEdges.put(edge(0, 9 &* other &+ slot), out, &written) }
        }
        if prefixFrom < prefixTo, rootHasPrefixEdges, kind != KindCode.mention, kind != KindCode.url {
            for index in prefixFrom..<prefixTo {
                RootEdges.put(edge(0, symbols.prefixBase &+ view.prefixHits[index]), out, &written)
            }
        }
        return written
    }

    /// The bit of word `id` (at least 0) in a node's `wordMasks`.
    @inline(__always)
    static func wordBit(_ id: Int32) -> UInt64 { 1 &<< UInt64(truncatingIfNeeded: id & 63) }

    /// The `wordBit`s of a token's word id and variant id (none for -1).
    @inline(__always)
    static func tokenBits(_ id: Int32, _ variant: Int32) -> UInt64 {
        (id >= 0 ? wordBit(id) : 0) | (variant >= 0 ? wordBit(variant) : 0)
    }

    /// Whether `successors(of: node, …)` may find a child for a token whose `tokenBits` are `bits`: false
    /// only when the node has no prefix or kind edge and none of its words has one of the token's bits, so
    /// that none of its edges is on the token's word or variant.
    /// (`NodeEdges.mayPass`.)
    func mayPass(_ node: Int32, tokenBits bits: UInt64) -> Bool {
        nodeEdges.mayPass(node, tokenBits: bits)
    }

    /// The most children `successors` writes for a node, besides one per prefix of the token.
    static let maxSuccessors = 5

    /// The bucket of `part` at the wide node `node`, or -1.
    @inline(__always)
    func bucket(_ node: Int32, part: Int32) -> Int32 {
        let key = PairMap.pack(node, part)
        var slot = PairMap.hash(key) & bucketMask
        while true {
            let found = bucketKeys[slot]
            if found == key { return bucketValues[slot] }
            if found == PairMap.empty { return -1 }
            slot = (slot + 1) & bucketMask
        }
    }

    /// The child of `node` on `symbol`, or -1.
    @inline(__always)
    func edge(_ node: Int32, _ symbol: Int32) -> Int32 {
        SizedPairTable.value(node, symbol, keys: edgeKeys, values: edgeValues, capacity: edgeCapacity)
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
