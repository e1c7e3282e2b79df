/// Builds a `TokenAutomaton`: a trie of the spines of every entry, each path of `SpineAtom`s one branch,
/// with the entry listed at the node where the path ends. Paths are added while the pack compiles (the
/// vocabulary may still grow), as atoms; `build` turns atoms into symbols once the vocabulary is final.
struct TokenAutomatonBuilder {
    /// The child of each (node, atom) (see `key`); node 0 is the root.
    private var children = ChildTable()
    /// Per node: the node it hangs from and the atom of that edge (unused for the root), its depth in
    /// tokens, and the entries whose spine has a path ending there (each entry once per node).
    private var parent: [Int32] = [-1]
    private var atom: [SpineAtom] = [.kind(0)]
    private var depth: [Int32] = [0]
    private var outputs: [[Int32]] = [[]]

    /// Adds every path of `spine` for entry `entry`.
    mutating func add(_ spine: EntrySpine, entry: Int32) {
        for path in spine.paths where !path.isEmpty {
            var node: Int32 = 0
            for step in path {
                let key = Self.key(node, step)
                if let child = children.child(key) {
                    node = child
                } else {
                    let child = Int32(depth.count)
                    children.insert(key, child)
                    parent.append(node)
                    atom.append(step)
                    depth.append(depth[Int(node)] + 1)
                    outputs.append([])
                    node = child
                }
            }
            if outputs[Int(node)].last != entry { outputs[Int(node)].append(entry) }
        }
    }

    /// The key of the edge from `node` on `atom`: the node in the high bits, then a tag and the atom's ids
    /// (word ids below 2^26, prefix ids below 2^32, node numbers below 2^26).
    private static func key(_ node: Int32, _ atom: SpineAtom) -> UInt64 {
        let code: UInt64
        switch atom {
        case .word(let id, let kind): code = UInt64(UInt32(id)) << 4 | UInt64(UInt32(kind + 1))
        case .prefix(let id): code = 1 << 36 | UInt64(UInt32(id))
        case .kind(let kind): code = 2 << 36 | UInt64(kind)
        }
        return UInt64(UInt32(node)) << 38 | code
    }

    /// The automaton over `entries`, whose required parts are `entryParts` (see `RequiredWords`), with the
    /// final vocabulary's sizes. Each node's entries are bucketed by their first part, as `EntryIndex`
    /// does for a key's entries.
    func build(entries: [MatcherEntry], entryParts: [Int32], wordCount: Int32, prefixCount: Int32) -> TokenAutomaton {
        let symbols = TokenAutomaton.Symbols(wordCount: wordCount, prefixCount: prefixCount)
        var edges: [(key: UInt64, value: Int32)] = []
        var rootWords = [Int32](repeating: -1, count: Int(wordCount))
        var flags = [UInt8](repeating: 0, count: depth.count)
        var wordMasks = [UInt64](repeating: 0, count: depth.count)
        var exactKinds: UInt32 = 0
        var kindSymbols: UInt32 = 0
        edges.reserveCapacity(depth.count)
        for child in 1..<depth.count {
            let node = parent[child], atom = self.atom[child]
            switch atom {
            case .word(let id, let kind):
                wordMasks[Int(node)] |= TokenAutomaton.wordBit(id)
                if kind < 0 {
                    flags[Int(node)] |= TokenAutomaton.wordEdges
                    if node == 0 {
                        rootWords[Int(id)] = Int32(child)
                        continue
                    }
                } else {
                    flags[Int(node)] |= TokenAutomaton.exactWordEdges
                    exactKinds |= 1 << UInt32(kind)
                }
            case .prefix:
                flags[Int(node)] |= TokenAutomaton.prefixEdges
                wordMasks[Int(node)] = .max
            case .kind(let kind):
                flags[Int(node)] |= TokenAutomaton.kindEdges
                wordMasks[Int(node)] = .max
                kindSymbols |= 1 << UInt32(kind)
            }
            edges.append((PairMap.pack(node, symbols.symbol(of: atom)), Int32(child)))
        }
        let firstPart = { (entry: Int32) -> Int32 in
            let entry = entries[Int(entry)]
            return entry.partsStart < entry.partsEnd ? entryParts[Int(entry.partsStart)] : -1
        }
        var nodeBuckets: [Int32] = []
        var buckets: [EntryIndex.Bucket] = []
        var bucketEntries: [MatcherEntry] = []
        for list in outputs {
            nodeBuckets.append(Int32(buckets.count))
            // Stable: a bucket's entries keep the order they were added in (most nodes have none or one).
            let sorted =
                list.count < 2
                ? list
                : list.enumerated().sorted { lhs, rhs in
                    (firstPart(lhs.element), lhs.offset) < (firstPart(rhs.element), rhs.offset)
                }.map(\.element)
            for entry in sorted {
                let part = firstPart(entry)
                if buckets.count == Int(nodeBuckets.last!) || buckets[buckets.count - 1].part != part {
                    buckets.append(
                        EntryIndex.Bucket(part: part, start: Int32(bucketEntries.count), end: Int32(bucketEntries.count)))
                }
                bucketEntries.append(entries[Int(entry)])
                buckets[buckets.count - 1].end = Int32(bucketEntries.count)
            }
            nodeBuckets.append(Int32(buckets.count))
        }
        return TokenAutomaton(
            symbols: symbols, edges: PairMap(edges), rootWords: rootWords, flags: flags, wordMasks: wordMasks, depth: depth,
            nodeBuckets: nodeBuckets, buckets: buckets, entries: bucketEntries, entryParts: entryParts,
            exactKinds: exactKinds, kindSymbols: kindSymbols)
    }
}

/// The children of the trie's nodes: an open-addressed table from an edge's key (`TokenAutomatonBuilder.key`,
/// never `UInt64.max`, which marks a free slot) to the child, probed linearly from a multiplicative hash.
/// It answers as a `[UInt64: Int32]` would, without hashing each key through `Hasher` (a lookup per atom of
/// every spine path was a tenth of compiling the default pack).
struct ChildTable {
    private var keys = [UInt64](repeating: .max, count: 1 << 10)
    private var values = [Int32](repeating: 0, count: 1 << 10)
    private var shift = 54
    private(set) var count = 0

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    /// The child stored under `key`, or nil.
    func child(_ key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var at = slot(key)
        while true {
            let found = keys[at]
            if found == key { return values[at] }
            if found == .max { return nil }
            at = (at + 1) & mask
        }
    }

    /// Stores `child` under `key`, which is not in the table.
    mutating func insert(_ key: UInt64, _ child: Int32) {
        precondition(key != .max)
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var at = slot(key)
        while keys[at] != .max { at = (at + 1) & mask }
        keys[at] = key
        values[at] = child
        count += 1
    }

    /// Doubles the table and stores every key again.
    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: 2 * oldKeys.count)
        values = [Int32](repeating: 0, count: 2 * oldKeys.count)
        shift -= 1
        count = 0
        for (key, child) in zip(oldKeys, oldValues) where key != .max { insert(key, child) }
    }
}
