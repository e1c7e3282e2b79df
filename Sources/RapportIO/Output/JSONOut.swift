import RapportSupport

/// Appends JSON text to a ``ByteWriter``, through RapportSupport's ``JSONEscaping`` and ``NumberText``.
enum JSONOut {
    static func string(_ s: String, into out: inout ByteWriter) {
        // Borrows the string's bytes (a native or small string always has them contiguous); only a
        // bridged string is copied into a native one first.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { escaped($0, into: &out) }
        if done == nil {
            var s = s
            s.withUTF8 { escaped($0, into: &out) }
        }
    }

    /// `bytes` (valid UTF-8) as a JSON string literal (``JSONEscaping``). Most strings are ASCII that
    /// needs no escape: one pass that checks and copies them eight bytes at a time.
    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        // Plain ASCII is copied as it is checked; otherwise the search goes on from where that stopped.
        let plain = out.appendQuotedIfPlain(bytes)
        if plain == bytes.count { return }
        let first = JSONEscaping.firstEscape(in: bytes, from: plain)
        if first == bytes.count { out.appendQuoted(bytes); return }
        out.write(atMost: JSONEscaping.quotedCount(of: bytes, firstEscape: first)) { p in
            JSONEscaping.writeQuoted(bytes, firstEscape: first, to: p)
        }
    }

    /// A number as JSON: integral values without a fraction; non-finite values as null.
    static func number(_ d: Double, into out: inout ByteWriter) {
        // Below 10⁹ in magnitude with at most three decimals (a lexicon's scores, and integers): `d`
        // is exactly its thousandths over 1000, which give its digits as Swift prints them (see
        // ``NumberText/thousandths(_:)``; integral values are multiples of 1000). No remainder of doubles.
        if let thousandths = thousandths(d) {
            out.write(atMost: 24) { writeThousandths(thousandths, to: $0) }
        } else if let integral = NumberText.integral(d) {
            // 10⁹ and above (every value `NumberText.thousandths` accepts took the first branch).
            int(Int(integral), into: &out)
        } else {
            out.append(Array(NumberText.json(d).utf8))
        }
    }

    /// `d`'s thousandths, `(d * 1000).rounded()`, when `d` is below 10⁹ in magnitude and exactly that
    /// over 1000; else nil. Rounded without the C library's `round`: below 10¹² in magnitude the
    /// conversion to `Int` truncates exactly, and the part it drops (`x` minus the truncation) is exact,
    /// so comparing it with ±0.5 rounds half away from zero as `rounded()` does.
    @inline(__always)
    static func thousandths(_ d: Double) -> Int? {
        guard abs(d) < 1e9 else { return nil }
        let x = d * 1000
        var rounded = Int(x)
        let dropped = x - Double(rounded)
        if dropped >= 0.5 {
            rounded += 1
        } else if dropped <= -0.5 {
            rounded -= 1
        }
        return Double(rounded) / 1000 == d ? rounded : nil
    }

    /// Writes `thousandths` / 1000 as Swift prints it (no fraction when integral, else up to three
    /// decimals without trailing zeros); returns how many bytes it wrote (at most 24).
    @inline(__always)
    static func writeThousandths(_ thousandths: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var k = 0
        if thousandths < 0 {
            p[0] = UInt8(ascii: "-")
            k = 1
        }
        let magnitude = thousandths.magnitude
        k += writeDigits(magnitude / 1000, to: p + k)
        let fraction = magnitude % 1000
        if fraction == 0 { return k }
        let (first, rest) = fraction.quotientAndRemainder(dividingBy: 100)
        let (second, third) = rest.quotientAndRemainder(dividingBy: 10)
        p[k] = UInt8(ascii: ".")
        p[k + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: first)
        k += 2
        if rest != 0 {
            p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: second)
            k += 1
            if third != 0 {
                p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: third)
                k += 1
            }
        }
        return k
    }

    /// Writes the decimal digits of `value`; returns how many (at most 20). One or two digits take no loop.
    @inline(__always)
    private static func writeDigits(_ value: UInt, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 10 {
            p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
            return 1
        }
        if value < 100 {
            let (tens, ones) = value.quotientAndRemainder(dividingBy: 10)
            p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tens)
            p[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: ones)
            return 2
        }
        return NumberText.writeDecimal(Int(value), to: p)
    }

    static func raw(_ s: StaticString, into out: inout ByteWriter) {
        out.append(s)
    }

    /// Decimal digits written straight into `out` (no intermediate `String`).
    static func int(_ i: Int, into out: inout ByteWriter) {
        out.write(atMost: 20) { writeInt(i, to: $0) }
    }

    /// Writes the decimal digits of `i` (with its sign) at `p`; returns how many bytes (at most 20).
    @inline(__always)
    static func writeInt(_ i: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        i >= 0 ? writeDigits(UInt(i), to: p) : NumberText.writeDecimal(i, to: p)
    }

    /// Writes the bytes of `literal` at `p`; returns how many.
    @inline(__always)
    static func writeLiteral(_ literal: StaticString, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p.initialize(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return literal.utf8CodeUnitCount
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
