/// JSON string literals: `"`, `\`, control characters, U+007F and the Unicode line breaks U+0085,
/// U+2028 and U+2029 escaped (so no consumer that splits on Unicode line boundaries sees two lines in
/// one record), everything else copied as it is. Bytes are checked eight at a time.
///
/// Writers that own a buffer call ``firstEscape(in:from:)`` and copy the bytes between quotes when it
/// finds nothing; otherwise ``quotedCount(of:firstEscape:)`` says how many bytes to reserve and
/// ``writeQuoted(_:firstEscape:to:)`` writes them.
public enum JSONEscaping {
    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            let first = firstEscape(in: bytes, from: 0)
            let count = quotedCount(of: bytes, firstEscape: first)
            return String(unsafeUninitializedCapacity: count) { buffer in
                writeQuoted(bytes, firstEscape: first, to: buffer.baseAddress!)
            }
        }
    }

    /// The offset of the first byte at or after `start` that may need escaping (`bytes.count` when
    /// none does). A lead byte 0xC2 or 0xE2 is only a candidate, and in the last, overlapping word
    /// of a string a byte that needs nothing may be named; the writers check the bytes.
    public static func firstEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        return firstEscape(p, from: start, count: bytes.count)
    }

    /// The length of the literal `bytes` make, quotes included; `firstEscape` is
    /// ``firstEscape(in:from:)`` from 0.
    public static func quotedCount(of bytes: UnsafeBufferPointer<UInt8>, firstEscape first: Int) -> Int {
        let n = bytes.count
        guard let p = bytes.baseAddress, first < n else { return n + 2 }
        var total = n + 2
        var i = first
        while i < n {
            let (width, escape) = escapeAt(p, i, n)
            if width > 0 { total += escape - width }
            i = firstEscape(p, from: i + max(1, width), count: n)
        }
        return total
    }

    /// Writes the literal of `bytes` (valid UTF-8) to `out`, which has room for
    /// ``quotedCount(of:firstEscape:)`` bytes; returns how many it wrote.
    @discardableResult
    public static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, firstEscape first: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = bytes.count
        out[0] = UInt8(ascii: "\"")
        var k = 1
        guard let p = bytes.baseAddress else { out[1] = UInt8(ascii: "\""); return 2 }
        func copy(_ from: Int, _ to: Int) {
            if from < to { (out + k).initialize(from: p + from, count: to - from); k += to - from }
        }
        func put(_ text: StaticString) {
            (out + k).initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
            k += text.utf8CodeUnitCount
        }
        var runStart = 0
        var i = first
        while i < n {
            let (width, _) = escapeAt(p, i, n)
            if width > 0 {
                copy(runStart, i)
                runStart = i + width
                let c = p[i]
                switch c {
                case 0x22: put("\\\"")
                case 0x5C: put("\\\\")
                case 0x0A: put("\\n")
                case 0x0D: put("\\r")
                case 0x09: put("\\t")
                case 0xC2: put("\\u0085")
                case 0xE2: put(p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                default:
                    put("\\u00")
                    out[k] = hexDigit(c >> 4)
                    out[k + 1] = hexDigit(c & 0xF)
                    k += 2
                }
            }
            i = firstEscape(p, from: i + max(1, width), count: n)
        }
        copy(runStart, n)
        out[k] = UInt8(ascii: "\"")
        return k + 1
    }

    /// How many input bytes the escape at `i` replaces (0: none, the byte was only a candidate) and
    /// how many bytes its escape takes.
    @inline(__always)
    private static func escapeAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (width: Int, escape: Int) {
        let c = p[i]
        if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F {
            switch c {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: return (1, 2)
            default: return (1, 6)
            }
        }
        if c == 0xC2, i + 1 < n, p[i + 1] == 0x85 { return (2, 6) }
        if c == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] & 0xFE == 0xA8 { return (3, 6) }
        return (0, 0)
    }

    @inline(__always)
    private static func firstEscape(_ p: UnsafePointer<UInt8>, from i: Int, count n: Int) -> Int {
        var i = i
        while n - i >= 8 {
            let stops = escapeMask(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            if stops != 0 { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
        if i >= n { return n }
        if n >= 8 {
            let at = n - 8
            let stops = escapeMask(UnsafeRawPointer(p + at).loadUnaligned(as: UInt64.self)) >> UInt64(8 * (i - at))
            return stops == 0 ? n : i + stops.trailingZeroBitCount >> 3
        }
        while i < n {
            let c = p[i]
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F || c | 0x20 == 0xE2 { return i }
            i += 1
        }
        return n
    }

    /// The high bit of each byte of `word` below 0x20, `"`, `\\`, 0x7F, or 0xC2 or 0xE2 (the lead bytes
    /// of U+0085, U+2028 and U+2029) set; exact up to and including the lowest such byte (bits above
    /// it may be set spuriously), so its trailing zero count finds the first.
    @inline(__always)
    static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let ascii = asciiEscapeMask(word)
        // Only a word with a byte from 0x7F up can hold DEL or a lead byte: ASCII text pays one test.
        guard (word | (word &+ ones)) & high != 0 else { return ascii }
        // `byte | 0x20` is 0xE2 exactly for 0xC2 and 0xE2.
        return ascii | hasZero(word ^ (ones &* 0x7F)) | hasZero((word | (ones &* 0x20)) ^ (ones &* 0xE2))
    }

    /// The high bit of each byte of `word` below 0x20, `"` or `\\` set, exact up to and including the
    /// lowest such byte. A byte below 0x20, or equal to `"` or `\\`, borrows when 0x20 or one is taken
    /// from it (or from it xored with `"` or `\\`); with the byte below 0x80 its high bit is then set.
    @inline(__always) @usableFromInline
    static func asciiEscapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = (word &- ones &* 0x20) | ((word ^ (ones &* 0x22)) &- ones) | ((word ^ (ones &* 0x5C)) &- ones)
        return low & ~word & 0x8080_8080_8080_8080
    }

    /// Nonzero when a byte of `word` is one JSON escapes or from 0x7F up (a byte that may start a
    /// character it escapes); zero means the eight bytes are written as they are. Callers OR it over
    /// the words of a text to tell whether the whole text is plain.
    @inlinable @inline(__always)
    public static func notPlainBits(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (asciiEscapeMask(word) | word | (word &+ ones)) & 0x8080_8080_8080_8080
    }

    /// Whether all of `bytes` are ASCII that a JSON string holds as it is (as ``isPlain(_:)`` tells of one
    /// byte), eight bytes at a time.
    public static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while n - i >= 8 {
            if notPlainBits(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) != 0 { return false }
            i += 8
        }
        while i < n {
            if !isPlain(p[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether `byte` is ASCII that a JSON string holds as it is (``notPlainBits(_:)`` for one byte).
    @inlinable @inline(__always)
    public static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10
    }
}
