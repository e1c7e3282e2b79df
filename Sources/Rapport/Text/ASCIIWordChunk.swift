/// Eight bytes of a word classified at once (the word scanner's first step): how many of them, from the
/// first, are ASCII letters, the bytes with those letters lowered, and whether three equal letters may
/// follow each other in them (an elongation, which the general scanner gives a variant).
///
/// The bytes are a little-endian `UInt64`, byte 0 first. The letter test works on each byte's low seven
/// bits with the eighth as its flag, so no carry crosses from one byte into the next; a byte with its own
/// high bit set (non-ASCII) is never a letter.
struct ASCIIWordChunk {
    /// The bytes, each of the leading letters lowered (the bytes after them changed or not).
    let lowered: UInt64
    /// The number of leading ASCII letters, 0 to 8.
    let length: Int
    /// True when some letter among the eight bytes (not only the leading ones) is followed by the same
    /// letter twice (lowered); also true, rarely, when it is not: only false is certain.
    let mayHaveTriple: Bool

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    init(_ word: UInt64) {
        let ones = Self.ones, highs = Self.highs
        // With bit 5 set, a letter of either case is in 0x61...0x7A.
        let folded = (word & ~highs) | (0x20 &* ones)
        let letter = (folded &+ (0x80 &- 0x61) &* ones) & ~(folded &+ (0x7F &- 0x7A) &* ones) & ~word & highs
        let lowered = word | (letter &>> 2)
        self.lowered = lowered
        length = (~letter & highs).trailingZeroBitCount &>> 3
        // Byte `k` of `same` is zero when bytes `k`, `k + 1` and `k + 2` are equal (bytes past the eighth
        // are zero, which no letter is); its zero test may also flag a byte above a zero byte.
        let same = (lowered ^ (lowered &>> 8)) | (lowered ^ (lowered &>> 16))
        mayHaveTriple = (same &- ones) & ~same & letter != 0
    }

    /// The byte loop after (or, in a text shorter than eight bytes, instead of) a chunk: lowers the handle
    /// characters of `source` from `j` into `out` (`out[k - i]` for byte `k`), `previous` being the one
    /// before `j` lowered (0 at `i`), and returns the position of the first other byte, or -1 at a third
    /// equal letter in a row (a word the general scanner takes).
    @inline(never)
    static func scanTail(
        _ source: UnsafePointer<UInt8>, count: Int, from i: Int, at j: Int, previous: UInt8, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var j = j
        var previous = previous
        while j < count {
            let l = ASCII.handleLower(source[j])
            if l == 0 { break }
            // An elongation ("sooo") has a variant. Rarely is a byte the one before it: only then is the one
            // before that read back from `out`.
            if _slowPath(l == previous), j &- i >= 2, out[j &- i &- 2] == l, ASCII.isLetter(l) { return -1 }
            out[j &- i] = l
            previous = l
            j += 1
        }
        return j
    }

    /// The eight bytes of `source` from `i` (where `i < count` and `count >= 8`), little-endian; past
    /// `count`, zero bytes (the last eight bytes are read and shifted, so nothing past `count` is read).
    @inline(__always)
    static func load(_ source: UnsafePointer<UInt8>, at i: Int, count: Int) -> UInt64 {
        if i &+ 8 <= count { return UInt64(littleEndian: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)) }
        let last = UInt64(littleEndian: UnsafeRawPointer(source + (count &- 8)).loadUnaligned(as: UInt64.self))
        return last &>> UInt64(8 &* (i &+ 8 &- count))
    }
}
