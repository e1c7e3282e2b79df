/// A map from two non-negative `Int32`s to an `Int32`, open-addressed, for the matcher's hot lookups
/// (a few integer operations, no hashing of text).
struct PairMap: Sendable {
    let slotKeys: [UInt64]
    let slotValues: [Int32]
    let mask: Int

    static let empty = UInt64.max

    /// The map of `items` (keys made with `pack`, each at most once), in a power-of-two number of slots of
    /// which at most `eighthsFull` eighths are used (half by default: a miss then probes about two and a half
    /// slots). The automaton's edge table is a `SizedPairTable` instead, sized to its fill.
    init(_ items: [(key: UInt64, value: Int32)], eighthsFull: Int = 4) {
        precondition((1...7).contains(eighthsFull), "a PairMap needs a free slot to end its probes")
        var capacity = 16
        while capacity * eighthsFull < items.count * 8 { capacity *= 2 }
        var slotKeys = [UInt64](repeating: Self.empty, count: capacity)
        var slotValues = [Int32](repeating: -1, count: capacity)
        // Through the buffers: the checks of each slot's access were most of filling a large map.
        slotKeys.withUnsafeMutableBufferPointer { slotKeys in
            slotValues.withUnsafeMutableBufferPointer { slotValues in
                items.withUnsafeBufferPointer { items in
                    for item in items {
                        var slot = Self.hash(item.key) & (capacity - 1)
                        while slotKeys[slot] != Self.empty { slot = (slot + 1) & (capacity - 1) }
                        slotKeys[slot] = item.key
                        slotValues[slot] = item.value
                    }
                }
            }
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
    static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// ``value(_:_:)`` with the map's slots read through `keys` and `values` (its `slotKeys` and
    /// `slotValues`) and its `mask`, for a loop that looks many pairs up: the slots' storage and the mask
    /// are read once, before the loop, rather than through the map at every lookup.
    @inline(__always)
    static func value(
        _ first: Int32, _ second: Int32, keys: UnsafeBufferPointer<UInt64>, values: UnsafeBufferPointer<Int32>, mask: Int
    ) -> Int32 {
        let key = pack(first, second)
        var slot = hash(key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == empty { return -1 }
            slot = (slot &+ 1) & mask
        }
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

/// A `PairMap`-keyed table in as many slots as its fill needs, not the next power of two: the automaton's
/// edge table, whose size doubled (with the memory of every pack) each time the pack's trie passed a power
/// of two. A key's first slot is the high word of its hash times the capacity (where `PairMap` masks), and
/// probes run on past the last of those slots into a few spare ones instead of wrapping, the very last
/// always free, so a lookup needs no check for the end. The table owns its slots; `TokenAutomaton` takes
/// them over.
struct SizedPairTable {
    let keys: UnsafeMutablePointer<UInt64>
    let values: UnsafeMutablePointer<Int32>
    /// The slots a probe can start at; `slotCount` is larger by the spare slots.
    let capacity: Int
    let slotCount: Int

    /// The table of `items` (keys made with `PairMap.pack`, each at most once), at most `eighthsFull`
    /// eighths of its first `capacity` slots' worth used (so a miss ends its probe at a free slot soon, as in
    /// `PairMap`).
    init(_ items: [(key: UInt64, value: Int32)], eighthsFull: Int) {
        precondition((1...7).contains(eighthsFull), "a table needs free slots to end its probes")
        let capacity = max(16, (items.count * 8 + eighthsFull - 1) / eighthsFull)
        var spare = 32
        while true {
            let slotCount = capacity + spare
            let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount)
            keys.initialize(repeating: PairMap.empty, count: slotCount)
            let values = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
            values.initialize(repeating: -1, count: slotCount)
            var fits = true
            for item in items {
                var slot = Self.firstSlot(item.key, capacity: capacity)
                while keys[slot] != PairMap.empty { slot &+= 1 }
                // The last slot stays free: it ends the probes that reach it.
                if slot == slotCount - 1 {
                    fits = false
                    break
                }
                keys[slot] = item.key
                values[slot] = item.value
            }
            if fits {
                self.keys = keys
                self.values = values
                self.capacity = capacity
                self.slotCount = slotCount
                return
            }
            keys.deallocate()
            values.deallocate()
            spare *= 2
        }
    }

    /// The slot where the probe for `key` starts: the high word of `PairMap`'s multiplicative hash (before
    /// its shift) times `capacity`.
    @inline(__always)
    static func firstSlot(_ key: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// The value of `first`, `second` in the slots `keys`, `values` of a table of `capacity`, or -1.
    @inline(__always)
    static func value(
        _ first: Int32, _ second: Int32, keys: UnsafeMutablePointer<UInt64>, values: UnsafeMutablePointer<Int32>, capacity: Int
    ) -> Int32 {
        let key = PairMap.pack(first, second)
        var slot = firstSlot(key, capacity: capacity)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == PairMap.empty { return -1 }
            slot &+= 1
        }
    }
}
