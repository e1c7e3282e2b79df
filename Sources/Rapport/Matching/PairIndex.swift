/// Entry points of the matcher keyed by two adjacent words ("order refund", "not happy").
///
/// When many patterns start with (or contain) the same common word, keying them by that word alone
/// makes every occurrence of the word try all of them, so the cost per comment grows with the number
/// of rules. Keyed by the word together with the word right after it, an entry is tried only where
/// both are present. The table is open-addressed on the two word ids, so a lookup is a few integer
/// operations and no hashing of text.
struct PairIndex: Sendable {
    /// Slots of the hash table: the packed pair (`first << 32 | second`) or `empty`, and the index of
    /// its entry range.
    private let slotKeys: [UInt64]
    private let slotValues: [Int32]
    private let mask: Int
    /// Entries of pair `p` are `entries[offsets[p]..<offsets[p + 1]]`.
    let offsets: [Int32]
    let entries: [Int32]

    private static let empty = UInt64.max

    /// True when no entry is keyed by a pair.
    var isEmpty: Bool { entries.isEmpty }

    /// Builds the index from `(pair, entry)` keys, `pair` being `PairIndex.pack(first, second)`.
    init(_ keys: [(pair: UInt64, entry: Int32)]) {
        let sorted = keys.sorted { ($0.pair, $0.entry) < ($1.pair, $1.entry) }
        var pairs: [UInt64] = []
        var offsets: [Int32] = []
        var entries: [Int32] = []
        var previous: (pair: UInt64, entry: Int32)?
        for key in sorted {
            if let previous, previous.pair == key.pair, previous.entry == key.entry { continue }
            if pairs.last != key.pair {
                pairs.append(key.pair)
                offsets.append(Int32(entries.count))
            }
            entries.append(key.entry)
            previous = key
        }
        offsets.append(Int32(entries.count))
        var capacity = 16
        while capacity < pairs.count * 2 { capacity *= 2 }
        var slotKeys = [UInt64](repeating: Self.empty, count: capacity)
        var slotValues = [Int32](repeating: -1, count: capacity)
        for (index, pair) in pairs.enumerated() {
            var slot = Self.hash(pair) & (capacity - 1)
            while slotKeys[slot] != Self.empty { slot = (slot + 1) & (capacity - 1) }
            slotKeys[slot] = pair
            slotValues[slot] = Int32(index)
        }
        self.slotKeys = slotKeys
        self.slotValues = slotValues
        self.mask = capacity - 1
        self.offsets = offsets
        self.entries = entries
    }

    /// The packed key of the word ids `first`, `second`.
    @inline(__always)
    static func pack(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    @inline(__always)
    private static func hash(_ pair: UInt64) -> Int {
        Int(truncatingIfNeeded: (pair &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The index of the pair `first`, `second` (its entries are `entries[offsets[i]..<offsets[i+1]]`), or -1.
    @inline(__always)
    func find(_ first: Int32, _ second: Int32) -> Int {
        let pair = Self.pack(first, second)
        var slot = Self.hash(pair) & mask
        while true {
            let key = slotKeys[slot]
            if key == pair { return Int(slotValues[slot]) }
            if key == Self.empty { return -1 }
            slot = (slot + 1) & mask
        }
    }
}
