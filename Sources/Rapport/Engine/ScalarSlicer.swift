/// Cuts substrings out of UTF-8 text by Unicode-scalar offsets, walking the bytes forward.
///
/// The slicer remembers where the last range started, so ranges sorted by start (as spans are)
/// cost one pass over the text plus the length of each range; a range that starts earlier than the
/// previous one walks again from the beginning.
package struct ScalarSlicer {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The scalar offset and byte offset of the last range's start.
    private var scalar = 0
    private var byte = 0
    /// How many bytes the text starts with that are ASCII: within them a scalar offset is a byte offset.
    private let asciiPrefix: Int

    /// A slicer over `bytes`, which must be valid UTF-8 (the bytes of a `String`).
    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        asciiPrefix = Self.asciiPrefix(of: bytes)
    }

    /// The length of the ASCII prefix of `bytes`, eight bytes at a time.
    private static func asciiPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            let high = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) & 0x8080_8080_8080_8080
            if high != 0 { return index + high.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count, base[index] < 0x80 { index += 1 }
        return index
    }

    /// The text of the half-open scalar range `start..<end`, clamped to the text (empty when
    /// `end <= start`).
    mutating func slice(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8(start, end), as: UTF8.self)
    }

    /// The UTF-8 of the half-open scalar range `start..<end`, clamped to the text (empty when
    /// `end <= start`): whole scalars, valid UTF-8.
    package mutating func utf8(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        if start < scalar {
            scalar = 0
            byte = 0
        }
        (scalar, byte) = advance(scalar, byte, to: start)
        let upper = advance(scalar, byte, to: end).byte
        return UnsafeBufferPointer(rebasing: bytes[byte..<max(byte, upper)])
    }

    /// The position of scalar offset `offset` (or of the end of the text), walking from `scalar` at
    /// `byte`. Eight bytes at a time while the target lies beyond them: a word holds as many scalars
    /// as it has bytes that are not UTF-8 continuation bytes (`10xxxxxx`).
    private func advance(_ scalar: Int, _ byte: Int, to offset: Int) -> (scalar: Int, byte: Int) {
        // Within the ASCII prefix the target's byte offset is its scalar offset.
        if scalar <= offset, offset <= asciiPrefix { return (offset, offset) }
        var scalar = scalar, byte = byte
        let count = bytes.count
        guard let base = bytes.baseAddress else { return (scalar, byte) }
        while scalar < offset, byte + 8 <= count {
            let word = UnsafeRawPointer(base + byte).loadUnaligned(as: UInt64.self)
            let starts = 8 - (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            if scalar + starts > offset { break }
            scalar += starts
            byte += 8
        }
        // The word may have ended inside a scalar: move on to the next scalar's first byte.
        while byte < count, base[byte] & 0xC0 == 0x80 { byte += 1 }
        while scalar < offset, byte < count {
            byte += 1
            while byte < count, base[byte] & 0xC0 == 0x80 { byte += 1 }
            scalar += 1
        }
        return (scalar, byte)
    }

    /// The text of each half-open scalar range of `text` (clamped to the text).
    static func slices(of text: String, ranges: [(Int, Int)]) -> [String] {
        if ranges.isEmpty { return [] }
        var text = text
        return text.withUTF8 { bytes in
            var slicer = ScalarSlicer(bytes)
            return ranges.map { slicer.slice($0.0, $0.1) }
        }
    }
}
