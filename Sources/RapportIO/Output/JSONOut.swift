/// Appends JSON text to a byte buffer: escaped strings, numbers without a needless `.0`.
enum JSONOut {
    static func string(_ s: String, into out: inout ByteWriter) {
        var s = s
        s.withUTF8 { escaped($0, into: &out) }
    }

    /// `bytes` (valid UTF-8) as a JSON string literal: `"`, `\` and control characters escaped,
    /// everything else copied as is. Eight bytes at a time are checked for anything to escape.
    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        out.append(UInt8(ascii: "\""))
        guard let p = bytes.baseAddress else { out.append(UInt8(ascii: "\"")); return }
        let n = bytes.count
        var runStart = 0
        var i = 0
        while i < n {
            while n - i >= 8, !Self.mayNeedEscape(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            guard i < n else { break }
            let c = p[i]
            guard c < 0x20 || c == 0x22 || c == 0x5C else { i += 1; continue }
            if runStart < i { out.append(UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
            i += 1
            runStart = i
            switch c {
            case 0x22: out.append("\\\"")
            case 0x5C: out.append("\\\\")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0x09: out.append("\\t")
            default:
                out.append("\\u00")
                out.append(hexDigit(c >> 4))
                out.append(hexDigit(c & 0xF))
            }
        }
        if runStart < n { out.append(UnsafeBufferPointer(start: p + runStart, count: n - runStart)) }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is below 0x20, `"` or `\` (never false when one is).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let control = (word &- ones &* 0x20) & ~word & high
        return control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) != 0
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
