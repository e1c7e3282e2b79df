/// One way into a pattern: the ops to run from the token where its first token-consuming op matches,
/// where that token may lie relative to the token that produced the entry's key, and the required parts
/// of the pattern (see `RequiredWords`) that must all occur in a comment before it is run.
///
/// A pattern has one entry, or one per expansion of its leading alternatives. Everything the matcher
/// needs to try an entry is stored together, so trying one reads one cache line.
struct MatcherEntry: Sendable, Equatable {
    /// The pattern the entry's hits belong to.
    var pattern: Int32
    /// The entry's ops are `ops[start..<end]`.
    var start: Int32
    var end: Int32
    /// The tokens its leading `*` and gaps cover: the hit starts `leadMin...leadMax` tokens before the
    /// first op's token (or at `^` when `anchored`).
    var leadMin: Int32
    var leadMax: Int32
    /// The token offset range, from the entry's first op, of the word the entry is keyed by (0...0 when
    /// it is keyed by its first op): at a token that produced the key, the entry runs from each position
    /// `key - keyMax ... key - keyMin`.
    var keyMin: Int32
    var keyMax: Int32
    /// The entry's required parts, a range of `RequiredWords`' entry parts.
    var partsStart: Int32
    var partsEnd: Int32
    /// Whether the pattern starts with `^`.
    var anchored: Bool
    /// Whether the entry's spine (see `TokenAutomaton`) is all of its ops and every path of it has the same
    /// length: where the automaton reaches the entry, it matches, ending at the token that reached it, and
    /// is not run.
    var direct = false
    /// The leading ops of the entry's spine that each match a fixed number of tokens, `spineTokens` in all:
    /// where the automaton reaches the entry, they matched the `spineTokens` tokens from the spine's first,
    /// so a run starts after them (0 and 0: the first op's length varies).
    var spineOps: Int16 = 0
    var spineTokens: Int16 = 0
}

/// The matcher's entries and what a token looks them up by: its word, variant, prefixes and kind, or the
/// pair of words it starts (each such key has a list of entries), or nothing (patterns tried at every
/// position).
///
/// A key's list is cut into buckets by each entry's first (rarest) required part, so a token that
/// produces the key skips every bucket whose part did not occur in the comment with one lookup, rather
/// than looking at each of its entries: in a large pack, many entries share a common key ("my", "order")
/// and only the few whose rarest word the comment has are looked at.
struct EntryIndex: Sendable {
    /// A run of a key's entries that share their first required part (-1: entries without parts).
    struct Bucket: Sendable {
        var part: Int32
        /// The bucket's entries are `bucketEntries[start..<end]`.
        var start: Int32
        var end: Int32
    }

    /// Every entry, each once; buckets hold indexes into it.
    let entries: [MatcherEntry]
    /// The buckets of list `l` are `buckets[listStart[l]..<listStart[l + 1]]`. Lists `0..<keyCount` are
    /// those of the single keys: a word id, `wordCount +` a prefix id, `wordCount + prefixCount +` a kind
    /// code; the lists after them are those of word pairs (see `pairs`).
    let listStart: [Int32]
    let buckets: [Bucket]
    let bucketEntries: [Int32]
    /// The list of each pair of adjacent words (`PairMap.pack(first, second)`), tried at the first. An
    /// entry whose words are common alone ("not happy", "order refund") is keyed by two of them, so it is
    /// looked at only where both stand together.
    let pairs: PairMap
    /// Whether some entry is keyed by a pair.
    let hasPairs: Bool

    /// Patterns that cannot be indexed (they start with `$`, or consume only gaps): tried at every
    /// position (or once at the start when anchored).
    let unindexed: [(pattern: Int32, anchored: Bool)]

    /// The same lists, buckets and entries laid out for the per-token loop (see `FlatEntryIndex`).
    let flat: FlatEntryIndex

    /// The index of `entries` under `keys` (the entries of each single key, in the order they are tried)
    /// and `pairKeys` (pairs with their entries), bucketed by the first of each entry's required parts
    /// `entryParts[partsStart..<partsEnd]` (see `RequiredWords`; -1: none).
    init(
        entries: [MatcherEntry], keys: [[Int32]], pairKeys: [(pair: UInt64, entries: [Int32])],
        entryParts: [Int32], unindexed: [(pattern: Int32, anchored: Bool)]
    ) {
        let firstPart = { (entry: MatcherEntry) in entry.partsStart < entry.partsEnd ? entryParts[Int(entry.partsStart)] : -1 }
        var listStart: [Int32] = [0]
        var buckets: [Bucket] = []
        var bucketEntries: [Int32] = []
        func addList(_ list: [Int32]) {
            // Stable: a bucket's entries keep the list's order.
            let sorted = list.enumerated().sorted { lhs, rhs in
                (firstPart(entries[Int(lhs.element)]), lhs.offset) < (firstPart(entries[Int(rhs.element)]), rhs.offset)
            }
            for (_, entry) in sorted {
                let part = firstPart(entries[Int(entry)])
                if buckets.count == Int(listStart.last!) || buckets[buckets.count - 1].part != part {
                    buckets.append(Bucket(part: part, start: Int32(bucketEntries.count), end: Int32(bucketEntries.count)))
                }
                bucketEntries.append(entry)
                buckets[buckets.count - 1].end = Int32(bucketEntries.count)
            }
            listStart.append(Int32(buckets.count))
        }
        for list in keys { addList(list) }
        var pairLists: [(key: UInt64, value: Int32)] = []
        for (pair, list) in pairKeys {
            pairLists.append((pair, Int32(listStart.count - 1)))
            addList(list)
        }
        self.entries = entries
        self.listStart = listStart
        self.buckets = buckets
        self.bucketEntries = bucketEntries
        self.pairs = PairMap(pairLists)
        self.hasPairs = !pairLists.isEmpty
        var pairFirsts: [Bool] = []
        for (pair, _) in pairKeys {
            let first = Int(pair >> 32)
            if first >= pairFirsts.count { pairFirsts += repeatElement(false, count: first + 1 - pairFirsts.count) }
            pairFirsts[first] = true
        }
        self.unindexed = unindexed
        self.flat = FlatEntryIndex(
            listStart: listStart, buckets: buckets, bucketEntries: bucketEntries, entries: entries,
            entryParts: entryParts, pairFirsts: pairFirsts)
    }
}

/// The entry index as the matcher's per-token loop reads it: each list's buckets as one range, each
/// bucket's entries copied in bucket order (so a bucket is a contiguous run of entries, with no
/// indirection through entry numbers), and, per word id, whether it starts a pair key, all in plain
/// memory allocated once (no bounds checks or array buffer loads per token).
///
/// It holds the same lists, buckets and entries as `EntryIndex`, which stays the index the builder and
/// tests read; its tables never change after `init`, so it is safe to share between threads.
final class FlatEntryIndex: @unchecked Sendable {
    /// The buckets of list `l` are `buckets[listBuckets[2 * l]..<listBuckets[2 * l + 1]]`; a bucket's
    /// entries are `entries[start..<end]` (the positions of `EntryIndex.bucketEntries`, entries copied).
    let listBuckets: UnsafeMutablePointer<Int32>
    let buckets: UnsafeMutablePointer<EntryIndex.Bucket>
    let entries: UnsafeMutablePointer<MatcherEntry>
    /// A copy of `RequiredWords.entryParts`: the parts of an entry are `entryParts[partsStart..<partsEnd]`,
    /// the first being its bucket's part.
    let entryParts: UnsafeMutablePointer<Int32>
    /// `pairFirsts[w]` is 1 when word id `w` (below `pairFirstCount`) starts a pair key.
    let pairFirsts: UnsafeMutablePointer<UInt8>
    let pairFirstCount: Int

    init(
        listStart: [Int32], buckets: [EntryIndex.Bucket], bucketEntries: [Int32], entries: [MatcherEntry],
        entryParts: [Int32], pairFirsts: [Bool]
    ) {
        let listCount = max(listStart.count - 1, 0)
        listBuckets = .allocate(capacity: max(2 * listCount, 1))
        for list in 0..<listCount {
            listBuckets[2 * list] = listStart[list]
            listBuckets[2 * list + 1] = listStart[list + 1]
        }
        self.buckets = .allocate(capacity: max(buckets.count, 1))
        self.entries = .allocate(capacity: max(bucketEntries.count, 1))
        for (index, bucket) in buckets.enumerated() { (self.buckets + index).initialize(to: bucket) }
        for (index, entry) in bucketEntries.enumerated() {
            (self.entries + index).initialize(to: entries[Int(entry)])
        }
        self.entryParts = .allocate(capacity: max(entryParts.count, 1))
        for (index, part) in entryParts.enumerated() { self.entryParts[index] = part }
        self.pairFirsts = .allocate(capacity: max(pairFirsts.count, 1))
        for (index, starts) in pairFirsts.enumerated() { self.pairFirsts[index] = starts ? 1 : 0 }
        pairFirstCount = pairFirsts.count
    }

    deinit {
        listBuckets.deallocate()
        buckets.deallocate()
        entries.deallocate()
        entryParts.deallocate()
        pairFirsts.deallocate()
    }

    /// Whether word id `id` starts some pair key (false for -1).
    @inline(__always)
    func startsPair(_ id: Int32) -> Bool {
        UInt(bitPattern: Int(id)) < UInt(pairFirstCount) && pairFirsts[Int(id)] != 0
    }
}
