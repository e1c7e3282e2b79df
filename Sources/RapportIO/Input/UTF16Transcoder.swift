/// Turns UTF-16 (little- or big-endian) into UTF-8 as it is read, piece by piece: a code unit or a
/// surrogate pair cut between two reads is completed by the next one. A lone surrogate, or an odd
/// byte at the end of input, becomes U+FFFD (as JSON's lone `\ud800` escapes do), so nothing is dropped.
struct UTF16Transcoder {
    let bigEndian: Bool
    /// A byte of a code unit whose other byte has not been read yet.
    private var pendingByte: UInt8?
    /// A high surrogate waiting for its low half.
    private var pendingHigh: UInt16?

    init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// The most UTF-8 bytes ``transcode(_:into:)`` writes for `count` input bytes.
    static func maxOutput(forInput count: Int) -> Int { (count + 1) / 2 * 3 + 3 }

    /// Transcodes `input`; writes into `output` (room for ``maxOutput(forInput:)`` bytes) and returns
    /// how many bytes it wrote.
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        var i = 0
        let n = input.count
        if let first = pendingByte, n > 0 {
            pendingByte = nil
            written += take(unit(first, input[0]), into: output + written)
            i = 1
        }
        while i + 1 < n {
            written += take(unit(input[i], input[i + 1]), into: output + written)
            i += 2
        }
        if i < n { pendingByte = input[i] }
        return written
    }

    /// At the end of input: U+FFFD for a half code unit or an unpaired high surrogate left over.
    mutating func finish(into output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        if pendingHigh != nil { pendingHigh = nil; written += Self.encode(0xFFFD, into: output) }
        if pendingByte != nil { pendingByte = nil; written += Self.encode(0xFFFD, into: output + written) }
        return written
    }

    private func unit(_ a: UInt8, _ b: UInt8) -> UInt16 {
        bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
    }

    private mutating func take(_ unit: UInt16, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        if let high = pendingHigh {
            pendingHigh = nil
            if (0xDC00...0xDFFF).contains(unit) {
                let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                return Self.encode(scalar, into: output)
            }
            written += Self.encode(0xFFFD, into: output)
        }
        switch unit {
        case 0xD800...0xDBFF: pendingHigh = unit
        case 0xDC00...0xDFFF: written += Self.encode(0xFFFD, into: output + written)
        default: written += Self.encode(UInt32(unit), into: output + written)
        }
        return written
    }

    /// Writes `scalar` as UTF-8; returns the byte count.
    private static func encode(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
