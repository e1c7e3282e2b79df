/// Entry points of the matcher keyed by two adjacent words ("order refund", "not happy").
///
/// When many patterns start with (or contain) the same common word, keying them by that word alone
/// makes every occurrence of the word try all of them, so the cost per comment grows with the number
/// of rules. Keyed by the word together with the word right after it, an entry is tried only where
/// both are present. The table is looked up in a `PairMap` on the two word ids, so a lookup is a few integer
/// operations and no hashing of text.
struct PairIndex: Sendable {
    /// The index of each pair's entry range.
    private let table: PairMap
    /// Entries of pair `p` are `entries[offsets[p]..<offsets[p + 1]]`.
    let offsets: [Int32]
    let entries: [Int32]

    /// True when no entry is keyed by a pair.
    var isEmpty: Bool { entries.isEmpty }

    /// Builds the index from `(pair, entry)` keys, `pair` being `PairMap.pack(first, second)`.
    init(_ keys: [(pair: UInt64, entry: Int32)]) {
        let sorted = keys.sorted { ($0.pair, $0.entry) < ($1.pair, $1.entry) }
        var pairs: [(UInt64, Int32)] = []
        var offsets: [Int32] = []
        var entries: [Int32] = []
        var previous: (pair: UInt64, entry: Int32)?
        for key in sorted {
            if let previous, previous.pair == key.pair, previous.entry == key.entry { continue }
            if pairs.last?.0 != key.pair {
                pairs.append((key.pair, Int32(pairs.count)))
                offsets.append(Int32(entries.count))
            }
            entries.append(key.entry)
            previous = key
        }
        offsets.append(Int32(entries.count))
        self.table = PairMap(pairs)
        self.offsets = offsets
        self.entries = entries
    }

    /// The index of the pair `first`, `second` (its entries are `entries[offsets[i]..<offsets[i+1]]`), or -1.
    @inline(__always)
    func find(_ first: Int32, _ second: Int32) -> Int { Int(table.value(first, second)) }
}

/// A map from two non-negative `Int32`s to an `Int32`, open-addressed, for the matcher's hot lookups
/// (a few integer operations, no hashing of text).
struct PairMap: Sendable {
    private let slotKeys: [UInt64]
    private let slotValues: [Int32]
    private let mask: Int

    private static let empty = UInt64.max

    /// The map of `items` (keys made with `pack`, each at most once).
    init(_ items: [(key: UInt64, value: Int32)]) {
        var capacity = 16
        while capacity < items.count * 2 { capacity *= 2 }
        var slotKeys = [UInt64](repeating: Self.empty, count: capacity)
        var slotValues = [Int32](repeating: -1, count: capacity)
        for item in items {
            var slot = Self.hash(item.key) & (capacity - 1)
            while slotKeys[slot] != Self.empty { slot = (slot + 1) & (capacity - 1) }
            slotKeys[slot] = item.key
            slotValues[slot] = item.value
        }
        self.slotKeys = slotKeys
        self.slotValues = slotValues
        self.mask = capacity - 1
    }

    /// The packed key of `first`, `second`.
    @inline(__always)
    static func pack(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The value of `first`, `second`, or -1.
    @inline(__always)
    func value(_ first: Int32, _ second: Int32) -> Int32 {
        let key = Self.pack(first, second)
        var slot = Self.hash(key) & mask
        while true {
            let found = slotKeys[slot]
            if found == key { return slotValues[slot] }
            if found == Self.empty { return -1 }
            slot = (slot + 1) & mask
        }
    }
}
