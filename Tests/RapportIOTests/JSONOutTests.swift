import Testing
@testable import RapportIO

/// `JSONOut.escaped` finds bytes to escape eight at a time; it must write what a byte-by-byte
/// escaper writes, wherever the escapes fall (in a whole word, in the overlapping last word, or
/// right after another escape).
@Suite struct JSONOutTests {
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for c in bytes {
            switch c {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(c >> 4)], hex[Int(c & 0xF)]]
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: 16)
        bytes.withUnsafeBufferPointer { JSONOut.escaped($0, into: &writer) }
        return writer.bytes
    }

    @Test func escapesLikeByteByByte() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        for length in 0..<40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in
                    Bool.random(using: &rng) ? UInt8(ascii: "a") : alphabet.randomElement(using: &rng)!
                }
                #expect(Self.escaped(bytes) == Self.reference(bytes), "\(bytes)")
            }
        }
        // An escaped byte just below the overlapping last word, followed by bytes a borrow could flag.
        for prefix in 0..<16 {
            for special: UInt8 in [0x00, 0x0A, 0x22, 0x5C] {
                let bytes = Array(repeating: UInt8(ascii: "x"), count: prefix) + [special] + [0x20, 0x21, 0x23, 0x5D, 0x23, 0x20, 0x21]
                #expect(Self.escaped(bytes) == Self.reference(bytes), "\(bytes)")
            }
        }
    }
}
