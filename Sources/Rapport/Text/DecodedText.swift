/// Comment text after HTML entities (`&amp;`, `&#39;`, `&#x1F600;`…) and literal `\uXXXX` escapes (as in
/// `\u2026`, common in exports) are decoded, with the original range of every decoded scalar.
///
/// An entity or escape decodes to one scalar that maps to the whole original range it was written as, so
/// token offsets computed on the decoded text can be mapped back into the original text.
struct DecodedText {
    /// The decoded text as UTF-8.
    var utf8: [UInt8] = []
    /// For each decoded scalar, the offset (in scalars of the original text) where it starts.
    var starts: [Int] = []
    /// For each decoded scalar, the offset (in scalars of the original text) just past it.
    var ends: [Int] = []

    /// Decodes `bytes` (valid UTF-8), or returns `nil` when there is nothing to decode.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        guard mayHaveEscapes(bytes) else { return nil }
        var out = DecodedText()
        out.utf8.reserveCapacity(bytes.count)
        out.starts.reserveCapacity(bytes.count)
        out.ends.reserveCapacity(bytes.count)
        var changed = false
        var i = 0
        var scalar = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            // Entities and escapes are ASCII, so their byte length is their scalar length.
            let decoded: (value: Unicode.Scalar, length: Int)? =
                c == 0x26 ? HTMLEntity.decode(bytes, at: i) : c == 0x5C ? UnicodeEscape.decode(bytes, at: i) : nil
            if let decoded {
                out.append(decoded.value, start: scalar, end: scalar + decoded.length)
                i += decoded.length
                scalar += decoded.length
                changed = true
                continue
            }
            // Byte by byte: appending the scalar's slice costs a generic call (about 80 instructions) per scalar.
            let end = min(i + UTF8Scalar.length(leading: c), n)
            while i < end {
                out.utf8.append(bytes[i])
                i += 1
            }
            out.starts.append(scalar)
            out.ends.append(scalar + 1)
            scalar += 1
        }
        return changed ? out : nil
    }

    /// Whether `bytes` contains `&` or `\` (eight bytes at a time while it can).
    static func mayHaveEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var k = 0
        while k + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // A byte of `a` or `b` is zero where `word` has `&` or `\`; `(x - ones) & ~x & highs` is nonzero
            // exactly when `x` has a zero byte.
            let a = word ^ (0x26 &* ones)
            let b = word ^ (0x5C &* ones)
            if ((a &- ones) & ~a | (b &- ones) & ~b) & highs != 0 { return true }
            k += 8
        }
        while k < count {
            if base[k] == 0x26 || base[k] == 0x5C { return true }
            k += 1
        }
        return false
    }

    private mutating func append(_ value: Unicode.Scalar, start: Int, end: Int) {
        UTF8.encode(value) { utf8.append($0) }
        starts.append(start)
        ends.append(end)
    }
}

/// Decoding of the HTML character references that social-media exports contain.
enum HTMLEntity {
    /// The scalar of the entity starting with `&` at `i`, and the entity's length in bytes; `nil` when the
    /// text at `i` is not a known entity terminated by `;`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: Unicode.Scalar, length: Int)? {
        let n = bytes.count
        var semi = i + 1
        while semi < n, semi - i <= 10, bytes[semi] != 0x3B { semi += 1 }
        guard semi < n, bytes[semi] == 0x3B, semi > i + 1 else { return nil }
        let length = semi - i + 1
        if bytes[i + 1] == 0x23 {  // '#'
            var j = i + 2
            var radix: UInt32 = 10
            if j < semi, bytes[j] | 0x20 == 0x78 { radix = 16; j += 1 }
            guard j < semi, semi - j <= 8 else { return nil }
            var value: UInt32 = 0
            while j < semi {
                guard let digit = HexDigit.value(bytes[j]), digit < radix else { return nil }
                value = value * radix + digit
                j += 1
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, length)
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<semi]), as: UTF8.self)
        let value: UInt32
        switch name {
        case "amp": value = 0x26
        case "lt": value = 0x3C
        case "gt": value = 0x3E
        case "quot": value = 0x22
        case "apos": value = 0x27
        case "nbsp": value = 0xA0
        case "hellip": value = 0x2026
        case "lsquo": value = 0x2018
        case "rsquo": value = 0x2019
        case "ldquo": value = 0x201C
        case "rdquo": value = 0x201D
        case "ndash": value = 0x2013
        case "mdash": value = 0x2014
        case "euro": value = 0x20AC
        case "pound": value = 0xA3
        case "copy": value = 0xA9
        case "reg": value = 0xAE
        case "trade": value = 0x2122
        default: return nil
        }
        return (Unicode.Scalar(value)!, length)
    }
}

/// Decoding of literal `\uXXXX` escapes (and `\uD83D\uDE00` surrogate pairs) left in exported text.
enum UnicodeEscape {
    /// The scalar of the escape starting with `\` at `i` and its length in bytes, or `nil`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: Unicode.Scalar, length: Int)? {
        guard let high = unit(bytes, at: i) else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard let low = unit(bytes, at: i + 6), (0xDC00...0xDFFF).contains(low) else { return nil }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value).map { ($0, 12) }
        }
        // Control characters stay literal: an escaped NUL is more likely data than text.
        guard high >= 0x20, let scalar = Unicode.Scalar(high) else { return nil }
        return (scalar, 6)
    }

    private static func unit(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        guard i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
        var value: UInt32 = 0
        for j in (i + 2)..<(i + 6) {
            guard let digit = HexDigit.value(bytes[j]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}

/// Hexadecimal digit values of ASCII bytes.
enum HexDigit {
    /// The value of `byte` as a hexadecimal digit, or `nil`.
    @inline(__always)
    static func value(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }
}
