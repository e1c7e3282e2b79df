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
    /// Whether word id `w` is the first word of some pair key: `pairFirsts[w]` (indexed by word id, so a
    /// token that starts no pair skips the pair lookups with one load).
    private let pairFirsts: [Bool]
    /// Whether some pair key starts with the word `id` (false for -1, a word no pattern mentions).
    @inline(__always)
    func startsPair(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < pairFirsts.count && pairFirsts[Int(id)]
    }

    /// Patterns that cannot be indexed (they start with `$`, or consume only gaps): tried at every
    /// position (or once at the start when anchored).
    let unindexed: [(pattern: Int32, anchored: Bool)]

    /// The index of `entries` under `keys` (the entries of each single key, in the order they are tried)
    /// and `pairKeys` (pairs with their entries), bucketed by `firstPart` of each entry (-1: none).
    init(
        entries: [MatcherEntry], keys: [[Int32]], pairKeys: [(pair: UInt64, entries: [Int32])],
        firstPart: (MatcherEntry) -> Int32, unindexed: [(pattern: Int32, anchored: Bool)]
    ) {
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
        self.pairFirsts = pairFirsts
        self.unindexed = unindexed
    }
}
