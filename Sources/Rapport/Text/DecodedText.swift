/// Comment text after HTML entities (`&amp;`, `&#39;`, `&#x1F600;`…) and literal `\uXXXX` escapes (as in
/// `\u2026`, common in exports) are decoded, with the original range of every decoded scalar.
///
/// An entity or escape decodes to one scalar that maps to the whole original range it was written as, so
/// token offsets computed on the decoded text can be mapped back into the original text. Only the decoded
/// entities and escapes are kept (``Entity``): every other scalar moves by what the ones before it shortened
/// the text, and one binary search finds that (an array of offsets per scalar cost three appends a byte).
struct DecodedText {
    /// The decoded text as UTF-8.
    let utf8: [UInt8]
    /// The decoded entities and escapes, in text order.
    private let entities: [Entity]

    /// One decoded entity or escape: its scalar's offset in the decoded text, the offset (in scalars of the
    /// original text) where it was written and its length there (in scalars, which are its bytes: it is ASCII).
    struct Entity: Equatable {
        var decoded: Int
        var original: Int
        var length: Int
    }

    /// Decodes `bytes` (valid UTF-8), or returns `nil` when there is nothing to decode.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        // Nothing is allocated for a text whose `&` and `\` start no entity or escape ("AT&T").
        var first = 0
        while first < n, !startsEntity(bytes, at: first) { first += 1 }
        guard first < n else { return nil }
        var entities: [Entity] = []
        // Every entity and escape is at least as long as its scalar's UTF-8 ("&lt;" 4 bytes for 1, "&#65536;"
        // 8 for 4, `\u0800` 6 for 3, a surrogate pair 12 for 4), so the decoded text fits in `n` bytes.
        let utf8 = [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            let out = buffer.baseAddress!
            var written = 0
            var copiedFrom = 0
            // Scalars of the original text before `copiedFrom`, and how many fewer the decoded text has.
            var scalars = 0
            var shortened = 0
            var i = first
            while i < n {
                guard let decoded = entity(bytes, at: i) else {
                    i += 1
                    continue
                }
                (out + written).initialize(from: base + copiedFrom, count: i - copiedFrom)
                written += i - copiedFrom
                scalars += scalarCount(base + copiedFrom, i - copiedFrom)
                entities.append(Entity(decoded: scalars - shortened, original: scalars, length: decoded.length))
                for unit in UTF8.encode(decoded.value)! {
                    out[written] = unit
                    written += 1
                }
                scalars += decoded.length
                shortened += decoded.length - 1
                i += decoded.length
                copiedFrom = i
            }
            (out + written).initialize(from: base + copiedFrom, count: n - copiedFrom)
            initialized = written + n - copiedFrom
        }
        return entities.isEmpty ? nil : DecodedText(utf8: utf8, entities: entities)
    }

    /// The scalar and length of the entity or escape at byte `i`, or nil (entities and escapes are ASCII, and
    /// no byte of a multi-byte scalar is `&` or `\`).
    @inline(__always)
    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: Unicode.Scalar, length: Int)? {
        switch bytes[i] {
        case 0x26: HTMLEntity.decode(bytes, at: i)
        case 0x5C: UnicodeEscape.decode(bytes, at: i)
        default: nil
        }
    }

    /// Whether an entity or escape starts at byte `i`.
    private static func startsEntity(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let c = bytes[i]
        return (c == 0x26 || c == 0x5C) && entity(bytes, at: i) != nil
    }

    /// The number of scalars in the `count` bytes of valid UTF-8 at `start` (the bytes that do not continue one).
    private static func scalarCount(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var scalars = 0
        for k in 0..<count where start[k] & 0xC0 != 0x80 { scalars += 1 }
        return scalars
    }

    /// The offsets in scalars of the original text where the decoded scalars `start` and `end - 1` were
    /// written: the start of the first and the end of the last.
    func original(start: Int, end: Int) -> (start: Int, end: Int) {
        (originalStart(of: start), originalEnd(of: end - 1))
    }

    /// Where (in scalars of the original text) the decoded scalar `k` starts.
    func originalStart(of k: Int) -> Int {
        guard let entity = lastEntity(atOrBefore: k) else { return k }
        return entity.decoded == k ? entity.original : k + entity.original + entity.length - entity.decoded - 1
    }

    /// Where (in scalars of the original text) the decoded scalar `k` ends.
    func originalEnd(of k: Int) -> Int {
        guard let entity = lastEntity(atOrBefore: k) else { return k + 1 }
        return entity.decoded == k ? entity.original + entity.length : k + entity.original + entity.length - entity.decoded
    }

    /// The last entity whose decoded scalar is at or before `k` (a binary search), or nil.
    private func lastEntity(atOrBefore k: Int) -> Entity? {
        var low = 0
        var high = entities.count
        while low < high {
            let middle = (low + high) / 2
            if entities[middle].decoded <= k { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? entities[low - 1] : nil
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
