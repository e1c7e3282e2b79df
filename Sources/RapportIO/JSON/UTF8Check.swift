/// UTF-8 validation helpers for error messages and repair.
enum UTF8Check {
    /// The offset of the first byte that does not start a valid UTF-8 sequence (count if all valid).
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        while i < n {
            // Eight ASCII bytes at a time (texts are mostly ASCII around a few other scalars).
            if n - i >= 8, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if n - i < length { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            if b == 0xE0, bytes[i + 1] < 0xA0 { return i }
            if b == 0xED, bytes[i + 1] >= 0xA0 { return i }
            if b == 0xF0, bytes[i + 1] < 0x90 { return i }
            if b == 0xF4, bytes[i + 1] >= 0x90 { return i }
            i += length
        }
        return n
    }

    /// `bytes` as a string when they are valid UTF-8, else nil: the same answer as
    /// `String(validating:as:)`, without its generic per-call overhead (this runs for every string
    /// of every record).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard firstInvalidOffset(bytes) == bytes.count else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
