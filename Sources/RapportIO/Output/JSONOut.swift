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

    /// `bytes` (valid UTF-8) as a JSON string literal (``JSONEscaping``). Most strings need no
    /// escape: one scan, one capacity check and one copy.
    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        let first = JSONEscaping.firstEscape(in: bytes, from: 0)
        if first == bytes.count { out.appendQuoted(bytes); return }
        out.write(atMost: JSONEscaping.quotedCount(of: bytes, firstEscape: first)) { p in
            JSONEscaping.writeQuoted(bytes, firstEscape: first, to: p)
        }
    }

    /// A number as JSON: integral values without a fraction; non-finite values as null.
    static func number(_ d: Double, into out: inout ByteWriter) {
        if let integral = NumberText.integral(d) {
            int(Int(integral), into: &out)
        } else if let thousandths = NumberText.thousandths(d) {
            // Three decimals at most (a lexicon's scores): the digits written directly, as Swift would print them.
            if thousandths < 0 { out.append(UInt8(ascii: "-")) }
            let magnitude = abs(thousandths)
            int(magnitude / 1000, into: &out)
            out.append(UInt8(ascii: "."))
            var fraction = magnitude % 1000, digits = 3
            while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
            if digits == 3 && fraction < 100 { out.append(UInt8(ascii: "0")) }
            if digits >= 2 && fraction < 10 { out.append(UInt8(ascii: "0")) }
            int(fraction, into: &out)
        } else {
            out.append(Array(NumberText.json(d).utf8))
        }
    }

    static func raw(_ s: StaticString, into out: inout ByteWriter) {
        out.append(s)
    }

    /// Decimal digits written straight into `out` (no intermediate `String`).
    static func int(_ i: Int, into out: inout ByteWriter) {
        out.write(atMost: 20) { NumberText.writeDecimal(i, to: $0) }
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
