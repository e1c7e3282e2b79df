/// Builds a `TokenAutomaton`: a trie of the spines of every entry, each path of `SpineAtom`s one branch,
/// with the entry listed at the node where the path ends. Paths are added while the pack compiles (the
/// vocabulary may still grow), as atoms; `build` turns atoms into symbols once the vocabulary is final.
struct TokenAutomatonBuilder {
    /// The child of each (node, atom) (see `key`); node 0 is the root.
    private var children = ChildTable()
    /// Per node (see `TrieNode`), the root first. One array of them, so that a new node is one append
    /// (four arrays, one per field, were four appends and their checks for every node).
    private var trie: [TrieNode] = [TrieNode(parent: -1, depth: 0, lastOutput: -1, atom: .kind(0))]
    /// The entries whose spine has a path ending at a node (each entry once per node), as pairs of node and
    /// entry in the order they were listed: one flat array, not an array per node (most nodes list one
    /// entry, and an array each was a tenth of adding the spines).
    private var listed: [(node: Int32, entry: Int32)] = []
    /// While a group of a spine is walked (`walkOps`): the ops of the sequences it sits in that follow it,
    /// as (start, end), the innermost group's last.
    private var pendingOps: [(Int32, Int32)] = []

    /// A builder whose tables hold `expectedNodes` nodes before they grow (a hint: they grow past it). The
    /// default pack's trie has about 85,000 nodes; growing the child table to them from its first 1,024
    /// slots stored every key again eight times.
    init(expectedNodes: Int = 0) {
        children = ChildTable(minimumCapacity: expectedNodes)
        // Twice the hint, as the child table holds up to about that many before it grows: the default pack's
        // trie (about 134,000 nodes) is then built without moving its nodes (capacity never written to
        // takes no memory).
        trie.reserveCapacity(2 * expectedNodes)
        listed.reserveCapacity(2 * expectedNodes)
    }

    /// Adds every path of `spine` for entry `entry`.
    mutating func add(_ spine: EntrySpine, entry: Int32) {
        for path in spine.paths where !path.isEmpty {
            var node: Int32 = 0
            for step in path { node = child(of: node, on: step) }
            list(entry, at: node)
        }
    }

    /// Adds every path of `shape` for entry `entry`, as `add(_:entry:)` adds those of the same spine
    /// spelled out (`SpineExpander.paths(of:)`), making the same nodes in the same order: the paths are
    /// walked depth first, each step's choices in order, so they are met in the order they are listed,
    /// and a prefix that paths share (the steps before a step with several choices) is walked once.
    /// `source` is the expander that made `shape`: the lists its `.list` steps name and the programs of
    /// its groups.
    mutating func add(_ shape: SpineShape, from source: SpineExpander, entry: Int32) {
        // A step with no choice (an empty list) leaves no path, and then its earlier steps make no node.
        guard shape.pathCount > 0 else { return }
        walk(shape.steps, from: 0, node: 0, source, entry: entry)
    }

    /// Walks every path of `steps[index...]` from `node` and lists `entry` where each ends.
    private mutating func walk(_ steps: [SpineStep], from index: Int, node: Int32, _ source: SpineExpander, entry: Int32) {
        var index = index, node = node
        // Single atoms one after another: no choice to come back to.
        while index < steps.count, case .atom(let step) = steps[index] {
            node = child(of: node, on: step)
            index += 1
        }
        guard index < steps.count else {
            // The root: the path is empty (every atom moves to a child), and an empty path is not added.
            if node != 0 { list(entry, at: node) }
            return
        }
        switch steps[index] {
        case .atom:
            preconditionFailure("single atoms are walked above")
        case .list(let list):
            for listEntry in Int(source.lists.listFirst[list])..<Int(source.lists.listFirst[list + 1]) {
                walk(steps, from: index + 1, node: listChild(of: node, entry: listEntry, source), source, entry: entry)
            }
        case .kinds(let mask):
            for kind in 0..<UInt8(KindCode.count) where (mask >> Int32(kind)) & 1 != 0 {
                walk(steps, from: index + 1, node: child(of: node, on: .kind(kind)), source, entry: entry)
            }
        case .alternatives(let group):
            walkGroup(group, node: node, steps, then: index + 1, source, entry: entry)
        }
    }

    /// The node that list entry `listEntry`'s atoms lead to from `node`.
    private mutating func listChild(of node: Int32, entry listEntry: Int, _ source: SpineExpander) -> Int32 {
        var end = node
        for at in Int(source.lists.entryAtomStart[listEntry])..<Int(source.lists.entryAtomStart[listEntry + 1]) {
            let atom = source.lists.atoms[at]
            end = child(of: end, on: .word(id: atom.id, kind: atom.kind))
        }
        return end
    }

    /// Walks every path of the group of alternatives `group` from `node`, each followed by the ops waiting
    /// in `pendingOps` (the rest of the sequences the group sits in, innermost last) and then by every
    /// path of `steps[next...]`: the paths `SpineExpander.expand` spells out for the group, in its order
    /// (its sequences in order, each op's choices in order, the first op's outermost), without an array
    /// per path. A sequence with no path (`SpineExpander.hasPath`) is skipped, as it adds no path there.
    private mutating func walkGroup(
        _ group: Op, node: Int32, _ steps: [SpineStep], then next: Int, _ source: SpineExpander, entry: Int32
    ) {
        for sequence in Int(group.a)..<Int(group.a + group.b) where source.hasPath(sequence: sequence) {
            walkOps(
                Int(source.sequenceStart[sequence]), Int(source.sequenceEnd[sequence]), node: node, steps, then: next,
                source, entry: entry)
        }
    }

    /// Walks every path of ops `op..<end` of a group's sequence from `node`, each followed by the ops in
    /// `pendingOps` and then by every path of `steps[next...]`.
    private mutating func walkOps(
        _ op: Int, _ end: Int, node: Int32, _ steps: [SpineStep], then next: Int, _ source: SpineExpander, entry: Int32
    ) {
        var op = op, node = node
        while op < end {
            let instruction = source.ops[op]
            switch instruction.code {
            case .word:
                node = child(of: node, on: .word(id: instruction.a, kind: instruction.b))
            case .prefix:
                node = child(of: node, on: .prefix(id: instruction.a))
            case .tokenClass:
                for kind in 0..<UInt8(KindCode.count) where (instruction.a >> Int32(kind)) & 1 != 0 {
                    walkOps(op + 1, end, node: child(of: node, on: .kind(kind)), steps, then: next, source, entry: entry)
                }
                return
            case .list:
                let list = Int(instruction.a)
                for listEntry in Int(source.lists.listFirst[list])..<Int(source.lists.listFirst[list + 1]) {
                    walkOps(
                        op + 1, end, node: listChild(of: node, entry: listEntry, source), steps, then: next, source,
                        entry: entry)
                }
                return
            case .alternatives:
                pendingOps.append((Int32(op + 1), Int32(end)))
                walkGroup(instruction, node: node, steps, then: next, source, entry: entry)
                pendingOps.removeLast()
                return
            case .any, .gap, .start, .end:
                preconditionFailure("a spine's group holds token tests only")
            }
            op += 1
        }
        // The sequence's end: the ops after the innermost group it sits in, else the spine's next steps.
        guard let (rest, restEnd) = pendingOps.popLast() else {
            walk(steps, from: next, node: node, source, entry: entry)
            return
        }
        walkOps(Int(rest), Int(restEnd), node: node, steps, then: next, source, entry: entry)
        pendingOps.append((rest, restEnd))
    }

    /// The child of `node` on `step`, made (numbered next) if it is new.
    private mutating func child(of node: Int32, on step: SpineAtom) -> Int32 {
        let key = Self.key(node, step)
        if let child = children.child(key) { return child }
        let child = Int32(trie.count)
        children.insert(key, child)
        trie.append(TrieNode(parent: node, depth: trie[Int(node)].depth + 1, lastOutput: -1, atom: step))
        return child
    }

    /// Lists `entry` at `node`, unless it was the last entry listed there.
    private mutating func list(_ entry: Int32, at node: Int32) {
        guard trie[Int(node)].lastOutput != entry else { return }
        trie[Int(node)].lastOutput = entry
        listed.append((node, entry))
    }

    /// The entries listed at each node, in the order they were listed: `entries[start[n]..<start[n + 1]]`
    /// for node `n` (a counting sort of the pairs by node, which keeps their order within a node). Works
    /// through the arrays' buffers: the checks of each element's access were most of its cost.
    private func outputsByNode() -> (start: [Int32], entries: [Int32]) {
        let nodeCount = trie.count
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        var entries = [Int32](repeating: 0, count: listed.count)
        start.withUnsafeMutableBufferPointer { start in
            listed.withUnsafeBufferPointer { listed in
                for pair in listed { start[Int(pair.node) &+ 1] &+= 1 }
                for node in 0..<nodeCount { start[node &+ 1] &+= start[node] }
                var next = [Int32](start.prefix(nodeCount))
                next.withUnsafeMutableBufferPointer { next in
                    entries.withUnsafeMutableBufferPointer { entries in
                        for pair in listed {
                            let node = Int(pair.node)
                            entries[Int(next[node])] = pair.entry
                            next[node] &+= 1
                        }
                    }
                }
            }
        }
        return (start, entries)
    }

    /// The trie so far, node by node (tests compare two builders by it): each node's parent, the atom of
    /// the edge to it, its depth and its entries.
    var nodes: (parent: [Int32], atom: [SpineAtom], depth: [Int32], outputs: [[Int32]]) {
        let (start, entries) = outputsByNode()
        let outputs = trie.indices.map { Array(entries[Int(start[$0])..<Int(start[$0 + 1])]) }
        return (trie.map(\.parent), trie.map(\.atom), trie.map(\.depth), outputs)
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
    ///
    /// It is the builder's last use: the trie's tables are emptied before the automaton copies its own.
    mutating func build(entries: [MatcherEntry], entryParts: [Int32], wordCount: Int32, prefixCount: Int32) -> TokenAutomaton {
        let symbols = TokenAutomaton.Symbols(wordCount: wordCount, prefixCount: prefixCount)
        let nodeCount = trie.count
        // The child table only finds a node's child while paths are added; freed before the automaton's
        // tables are made, it is not alive at the loading's peak (about 3 MB of the default pack's).
        children = ChildTable()
        var edges: [(key: UInt64, value: Int32)] = []
        var rootWords = [Int32](repeating: -1, count: Int(wordCount))
        var flags = [UInt8](repeating: 0, count: nodeCount)
        var wordMasks = [UInt64](repeating: 0, count: nodeCount)
        var exactKinds: UInt32 = 0
        var kindSymbols: UInt32 = 0
        edges.reserveCapacity(nodeCount)
        // Each node's depth, made straight into the automaton's storage (it takes the pointer), not into an
        // array beside the trie that the automaton would copy.
        let depth = UnsafeMutablePointer<Int32>.allocate(capacity: max(nodeCount, 1))
        // Through the buffers: a check per access of the arrays was most of the cost of a loop over the nodes.
        trie.withUnsafeBufferPointer { trie in
            rootWords.withUnsafeMutableBufferPointer { rootWords in
                flags.withUnsafeMutableBufferPointer { flags in
                    wordMasks.withUnsafeMutableBufferPointer { wordMasks in
                        depth[0] = trie[0].depth
                        for child in 1..<max(nodeCount, 1) {
                            depth[child] = trie[child].depth
                            let node = Int(trie[child].parent), atom = trie[child].atom
                            switch atom {
                            case .word(let id, let kind):
                                wordMasks[node] |= TokenAutomaton.wordBit(id)
                                if kind < 0 {
                                    flags[node] |= TokenAutomaton.wordEdges
                                    if node == 0 {
                                        rootWords[Int(id)] = Int32(child)
                                        continue
                                    }
                                } else {
                                    flags[node] |= TokenAutomaton.exactWordEdges
                                    exactKinds |= 1 << UInt32(kind)
                                }
                            case .prefix:
                                flags[node] |= TokenAutomaton.prefixEdges
                                wordMasks[node] = .max
                            case .kind(let kind):
                                flags[node] |= TokenAutomaton.kindEdges
                                wordMasks[node] = .max
                                kindSymbols |= 1 << UInt32(kind)
                            }
                            edges.append((PairMap.pack(Int32(node), symbols.symbol(of: atom)), Int32(child)))
                        }
                    }
                }
            }
        }
        // Each entry's first part, worked out once (a node's entries are sorted and bucketed by it).
        let firstParts = entries.map { entry in entry.partsStart < entry.partsEnd ? entryParts[Int(entry.partsStart)] : -1 }
        var nodeBuckets = [Int32](repeating: 0, count: 2 * nodeCount)
        var buckets: [EntryIndex.Bucket] = []
        let byNode = outputsByNode()
        var outputs = byNode.entries
        // The entries in bucket order, written straight into the storage the automaton takes over (an array
        // copied into it had been the largest allocation alive at once while loading the default pack).
        let bucketCapacity = max(outputs.count, 1)
        let bucketEntries = UnsafeMutablePointer<MatcherEntry>.allocate(capacity: bucketCapacity)
        var bucketCount = 0
        byNode.start.withUnsafeBufferPointer { start in
            firstParts.withUnsafeBufferPointer { firstParts in
                entries.withUnsafeBufferPointer { entries in
                    nodeBuckets.withUnsafeMutableBufferPointer { nodeBuckets in
                        outputs.withUnsafeMutableBufferPointer { outputs in
                            for node in 0..<nodeCount {
                                let first = buckets.count
                                nodeBuckets[2 * node] = Int32(first)
                                let list = Int(start[node])..<Int(start[node + 1])
                                // Stable: a bucket's entries keep the order they were added in (most nodes have
                                // none or one; a few entries are sorted in place, by insertion).
                                if list.count > 1, list.count <= 16 {
                                    for at in (list.lowerBound + 1)..<list.upperBound {
                                        let entry = outputs[at], part = firstParts[Int(entry)]
                                        var to = at
                                        while to > list.lowerBound, firstParts[Int(outputs[to - 1])] > part {
                                            outputs[to] = outputs[to - 1]
                                            to -= 1
                                        }
                                        outputs[to] = entry
                                    }
                                } else if list.count > 1 {
                                    let sorted = outputs[list].enumerated().sorted { lhs, rhs in
                                        (firstParts[Int(lhs.element)], lhs.offset) < (firstParts[Int(rhs.element)], rhs.offset)
                                    }
                                    for (offset, element) in sorted.enumerated() { outputs[list.lowerBound + offset] = element.element }
                                }
                                for at in list {
                                    let entry = outputs[at], part = firstParts[Int(entry)]
                                    if buckets.count == first || buckets[buckets.count - 1].part != part {
                                        buckets.append(
                                            EntryIndex.Bucket(
                                                part: part, start: Int32(bucketCount), end: Int32(bucketCount)))
                                    }
                                    precondition(bucketCount < bucketCapacity, "a node lists an entry it was not given")
                                    (bucketEntries + bucketCount).initialize(to: entries[Int(entry)])
                                    bucketCount += 1
                                    buckets[buckets.count - 1].end = Int32(bucketCount)
                                }
                                nodeBuckets[2 * node + 1] = Int32(buckets.count)
                            }
                        }
                    }
                }
            }
        }
        trie = []
        listed = []
        return TokenAutomaton(
            symbols: symbols, edges: SizedPairTable(edges, eighthsFull: 4), rootWords: rootWords, flags: flags, wordMasks: wordMasks, depth: depth,
            nodeBuckets: nodeBuckets, buckets: buckets, entries: bucketEntries, entryCount: bucketCount,
            entryParts: entryParts,
            exactKinds: exactKinds, kindSymbols: kindSymbols)
    }
}

/// A node of `TokenAutomatonBuilder`'s trie: the node it hangs from and the atom of that edge (unused for
/// the root), its depth in tokens, and the last entry listed there (-1: none).
struct TrieNode {
    var parent: Int32
    var depth: Int32
    var lastOutput: Int32
    var atom: SpineAtom
}

/// The children of the trie's nodes: an open-addressed table from an edge's key (`TokenAutomatonBuilder.key`,
/// never `UInt64.max`, which marks a free slot) to the child, probed linearly from a multiplicative hash.
/// It answers as a `[UInt64: Int32]` would, without hashing each key through `Hasher` (a lookup per atom of
/// every spine path was a tenth of compiling the default pack).
struct ChildTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: Int
    private(set) var count = 0

    /// An empty table that holds `minimumCapacity` keys before it grows (at least 1,024 slots, at most
    /// three quarters of them used: a trie of the default pack's size then stays in one table size, where
    /// half full made it double, and its memory with it, session 28).
    init(minimumCapacity: Int = 0) {
        var bits = 10
        while 3 * (1 << bits) < 4 * minimumCapacity, bits < 26 { bits += 1 }
        keys = [UInt64](repeating: .max, count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

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
        if 4 * (count + 1) > 3 * keys.count { grow() }
        let mask = keys.count - 1
        var at = slot(key)
        while keys[at] != .max { at = (at + 1) & mask }
        keys[at] = key
        values[at] = child
        count += 1
    }

    /// Doubles the table and stores every key again (through the buffers: `insert`'s checks and the arrays'
    /// uniqueness checks on each of the keys were most of the growing of a large trie).
    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: 2 * oldKeys.count)
        values = [Int32](repeating: 0, count: 2 * oldKeys.count)
        shift -= 1
        let mask = keys.count - 1, shift = UInt64(self.shift)
        keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values in
                for index in oldKeys.indices where oldKeys[index] != .max {
                    let key = oldKeys[index]
                    var at = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                    while keys[at] != .max { at = (at + 1) & mask }
                    keys[at] = key
                    values[at] = oldValues[index]
                }
            }
        }
    }
}
