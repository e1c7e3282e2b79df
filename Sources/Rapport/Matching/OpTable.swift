/// A map from `Op`s to `Int`s, open-addressed and probed linearly from a multiplicative hash
/// of the op's three fields. It answers as an `[Op: Int]` would, without hashing each op through `Hasher`
/// (the compile looks up the required terms of every op of every entry: about 250 instructions a lookup
/// through `Dictionary`).
struct OpTable {
    /// Per slot, the index in `ops` and `values` of the op there plus one (0: free); a power of two, at
    /// most half of them used.
    private var slots = [Int32](repeating: 0, count: 64)
    private var ops: [Op] = []
    private var values: [Int] = []

    /// The value stored for `op`, or nil.
    subscript(op: Op) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(op, mask)
        while true {
            let found = Int(slots[slot])
            if found == 0 { return nil }
            if ops[found - 1] == op { return values[found - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` for `op`, which is not in the table.
    mutating func insert(_ op: Op, _ value: Int) {
        ops.append(op)
        values.append(value)
        if 2 * ops.count > slots.count {
            grow()
        } else {
            place(ops.count - 1)
        }
    }

    /// Puts entry `index` in the first free slot from its op's.
    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Self.slot(ops[index], mask)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    /// Doubles the table and places every entry again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: 2 * slots.count)
        for index in ops.indices { place(index) }
    }

    @inline(__always)
    private static func slot(_ op: Op, _ mask: Int) -> Int {
        let bits = UInt64(UInt32(bitPattern: op.a)) | UInt64(UInt32(bitPattern: op.b)) << 32
        let mixed = (bits ^ UInt64(op.code.rawValue) &* 0xFF51_AFD7_ED55_8CCD) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }
}
