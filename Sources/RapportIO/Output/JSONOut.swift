/// Appends JSON text to a byte buffer: escaped strings, numbers without a needless `.0`.
enum JSONOut {
    static func string(_ s: String, into out: inout ByteWriter) {
        var s = s
        s.withUTF8 { escaped($0, into: &out) }
    }

    /// `bytes` (valid UTF-8) as a JSON string literal: `"`, `\`, control characters, U+007F and the
    /// Unicode line breaks U+0085, U+2028 and U+2029 escaped (so no consumer that splits on Unicode
    /// line boundaries sees two lines in one record), everything else copied as is. Eight bytes at a
    /// time are checked for anything to escape.
    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        let n = bytes.count
        guard let p = bytes.baseAddress, n > 0 else { out.append("\"\""); return }
        var i = firstEscape(p, from: 0, count: n)
        // Most strings need no escape: one capacity check and one copy.
        if i == n { out.appendQuoted(bytes); return }
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        while i < n {
            let c = p[i]
            // How many bytes the escape replaces (0: none, the byte was only a candidate).
            var width = 0
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F {
                width = 1
            } else if c == 0xC2 {
                if i + 1 < n, p[i + 1] == 0x85 { width = 2 }
            } else if c == 0xE2 {
                if i + 2 < n, p[i + 1] == 0x80, p[i + 2] & 0xFE == 0xA8 { width = 3 }
            }
            if width > 0 {
                if runStart < i { out.append(UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
                runStart = i + width
                switch c {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                case 0xC2: out.append("\\u0085")
                case 0xE2: out.append(p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                default:
                    out.append("\\u00")
                    out.append(hexDigit(c >> 4))
                    out.append(hexDigit(c & 0xF))
                }
            }
            i = firstEscape(p, from: i + max(1, width), count: n)
        }
        if runStart < n { out.append(UnsafeBufferPointer(start: p + runStart, count: n - runStart)) }
        out.append(UInt8(ascii: "\""))
    }

    /// The offset of the first byte at or after `i` that may need escaping (`count` when none does),
    /// eight bytes at a time. In the last, overlapping word of a string it may name a byte that needs
    /// none (a borrow from an escaped byte below `i`), and a lead byte 0xC2 or 0xE2 is only a
    /// candidate; the caller checks the bytes.
    @inline(__always)
    private static func firstEscape(_ p: UnsafePointer<UInt8>, from i: Int, count n: Int) -> Int {
        var i = i
        while n - i >= 8 {
            let stops = escapeMask(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            if stops != 0 { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
        if i == n { return n }
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
        let control = (word &- ones &* 0x20) & ~word & high
        let ascii = control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C))
        // Only a word with a byte from 0x7F up can hold DEL or a lead byte: ASCII text pays one test.
        guard (word | (word &+ ones)) & high != 0 else { return ascii }
        // `byte | 0x20` is 0xE2 exactly for 0xC2 and 0xE2.
        return ascii | hasZero(word ^ (ones &* 0x7F)) | hasZero((word | (ones &* 0x20)) ^ (ones &* 0xE2))
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10
    }

    static func raw(_ s: StaticString, into out: inout ByteWriter) {
        out.append(s)
    }

    /// A number as JSON: integral values without a fraction; non-finite values as null.
    static func number(_ d: Double, into out: inout ByteWriter) {
        if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
            int(Int(d), into: &out)
        } else {
            out.append(Array(numberText(d).utf8))
        }
    }

    static func numberText(_ d: Double) -> String {
        if !d.isFinite { return "null" }
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// Decimal digits written straight into `out` (no intermediate `String`).
    static func int(_ i: Int, into out: inout ByteWriter) {
        out.write(atMost: 20) { p in
            var magnitude = i.magnitude
            var digits = 1
            var rest = magnitude / 10
            while rest > 0 { digits += 1; rest /= 10 }
            let sign = i < 0 ? 1 : 0
            if sign == 1 { p[0] = UInt8(ascii: "-") }
            var k = sign + digits
            repeat {
                k -= 1
                p[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            return sign + digits
        }
    }

    static func stringArray(_ items: [String], into out: inout ByteWriter) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(item, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
