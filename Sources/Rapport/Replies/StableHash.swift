/// FNV-1a (64-bit): a fixed, unseeded hash, so reply variants are chosen the same way in every
/// run and on every machine (Swift's `Hasher` is randomly seeded per process).
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    mutating func combine(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { combine($0) }
        if done == nil {
            for byte in text.utf8 { combine(byte) }
        }
    }

    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var value = self.value
        for byte in bytes { value = (value ^ UInt64(byte)) &* Self.prime }
        self.value = value
    }

    mutating func combine(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* Self.prime
    }

    /// The hash of a comment: its id, a separator, and its text.
    static func of(_ comment: Comment) -> UInt64 {
        var hash = StableHash()
        hash.combine(comment.id)
        hash.combine(0)
        hash.combine(comment.text)
        return hash.value
    }

    /// A well-mixed variant of `value` for choice number `index` (splitmix64 finalizer).
    static func mix(_ value: UInt64, _ index: Int) -> UInt64 {
        var z = value &+ UInt64(truncatingIfNeeded: index) &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
