/// Shortcuts for reading a term table's rows (``PackFileDecoder/decodeTermRows(_:columns:what:add:)``)
/// from their bytes: the words of a plain term without the tokenizer, and a plain decimal weight without
/// making a `String`. Each gives exactly what the general path gives, or nil to leave the field to it.
enum TermRowFields {
    /// The words of the term written in `fields` of `bytes` (fields are runs of bytes other than spaces
    /// and tabs) when it is one or two fields and each is a ``PlainWords/isPlainWord(_:_:)``: then the
    /// tokenizer gives one word per field, its bytes as they are. Nil otherwise (the caller tokenizes the term).
    static func plainWords(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: ArraySlice<Range<Int>>) -> [String]? {
        guard (1...2).contains(fields.count) else { return nil }
        for field in fields where !PlainWords.isPlainWord(bytes, field) { return nil }
        return fields.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    /// The text of the two fields `fields` of `bytes` joined by one space, made in place (what
    /// `words.joined(separator: " ")` gives for the words `plainWords` read from them).
    static func joined(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: ArraySlice<Range<Int>>) -> String {
        let first = fields[fields.startIndex], second = fields[fields.startIndex + 1]
        return String(unsafeUninitializedCapacity: first.count + 1 + second.count) { text in
            var at = 0
            for byte in bytes[first] {
                text[at] = byte
                at += 1
            }
            text[at] = 0x20
            at += 1
            for byte in bytes[second] {
                text[at] = byte
                at += 1
            }
            return at
        }
    }

    /// Powers of ten that a `Double` holds exactly (up to 10^22).
    private static let exactPowersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The number written in `range` of `bytes` when it is a plain decimal (`-`? digits, then `.` and
    /// digits or not) of at most 15 digits, or nil for anything else (which `Double(_:)` then reads).
    ///
    /// The digits make an integer below 2^53 and the power of ten of the fraction is exact, so one
    /// division rounds correctly: the same `Double` that `Double(_:)` gives for the text.
    static func plainNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var k = range.lowerBound
        let end = range.upperBound
        let negative = k < end && bytes[k] == 0x2D
        if negative { k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = -1
        while k < end {
            let c = bytes[k]
            if c == 0x2E {
                guard fraction < 0, digits > 0 else { return nil }
                fraction = 0
            } else {
                let digit = c &- 0x30
                guard digit < 10 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            k += 1
        }
        guard digits > 0, digits <= 15, fraction != 0 else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[max(fraction, 0)]
        return negative ? -value : value
    }
}
