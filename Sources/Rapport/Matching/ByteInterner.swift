/// Ids for distinct texts, compared by their UTF-8 bytes (not by `String` equality, which would merge
/// canonically equivalent texts that the tokenizer's bytes keep apart), numbered in the order they are
/// first met: an open-addressed table of ids over one arena of the texts' bytes, hashed eight bytes at a
/// time. It answers as a `[BytesKey: Int32]` of the texts did, where each lookup went through `Hasher`
/// and a comparison of two strings' bytes in closures (about 600 instructions a lookup when the default
/// pack compiles, 30M in all).
struct ByteInterner {
    /// The texts' bytes, one after another: text `id` is `bytes[ends[id]..<ends[id + 1]]`.
    private var bytes: [UInt8] = []
    private var ends: [Int32] = [0]
    /// Per slot, the id of the text there plus one (0: free); a power of two, at most half of them used.
    private var slots = [Int32](repeating: 0, count: 64)
    /// Per id, its text's hash (to place it again when the table grows).
    private var hashes: [UInt64] = []

    /// The number of texts interned; their ids are `0..<count`.
    var count: Int { ends.count - 1 }

    /// The id of `text`, and whether it is new (then it is interned with the next id).
    mutating func intern(_ text: String) -> (id: Int32, isNew: Bool) {
        var text = text
        return text.withUTF8 { intern($0) }
    }

    /// The id of the UTF-8 `text`, and whether it is new (then it is interned with the next id).
    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let hash = Self.hash(text)
        let mask = slots.count - 1
        var slot = Self.slot(hash, mask)
        while true {
            let found = slots[slot]
            if found == 0 { break }
            if matches(Int(found - 1), text) { return (found - 1, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        bytes.append(contentsOf: text)
        ends.append(Int32(bytes.count))
        hashes.append(hash)
        slots[slot] = id + 1
        if 2 * count > slots.count { grow() }
        return (id, true)
    }

    /// Whether text `id` has the bytes of `text`.
    private func matches(_ id: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(ends[id]), end = Int(ends[id + 1])
        guard end - start == text.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            var at = 0
            // Eight bytes at a time, then one at a time.
            while at + 8 <= text.count {
                let storedWord = UnsafeRawPointer(stored.baseAddress! + start + at).loadUnaligned(as: UInt64.self)
                if storedWord != UnsafeRawPointer(text.baseAddress! + at).loadUnaligned(as: UInt64.self) { return false }
                at += 8
            }
            while at < text.count {
                if stored[start + at] != text[at] { return false }
                at += 1
            }
            return true
        }
    }

    /// Doubles the table and places every id again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Self.slot(hash, mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }

    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// A hash of `text`'s bytes, eight at a time (the last ones zero-padded), mixed by multiplying.
    static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(text.count) &* 0xFF51_AFD7_ED55_8CCD
        var at = 0
        while at + 8 <= text.count {
            hash = (hash ^ UnsafeRawPointer(text.baseAddress! + at).loadUnaligned(as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
            at += 8
        }
        if at < text.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while at < text.count {
                tail |= UInt64(text[at]) << shift
                shift += 8
                at += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
        }
        return hash
    }
}
