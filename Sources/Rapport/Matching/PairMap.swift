/// A map from two non-negative `Int32`s to an `Int32`, open-addressed, for the matcher's hot lookups
/// (a few integer operations, no hashing of text).
struct PairMap: Sendable {
    let slotKeys: [UInt64]
    let slotValues: [Int32]
    let mask: Int

    static let empty = UInt64.max

    /// The map of `items` (keys made with `pack`, each at most once), in a power-of-two number of slots of
    /// which at most `eighthsFull` eighths are used (half by default: a miss then probes about two and a half
    /// slots). The automaton's edge table takes five: past 131,072 edges, half full doubled its memory (and
    /// its copy's) for about 0.15 % more instructions per comment saved.
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
