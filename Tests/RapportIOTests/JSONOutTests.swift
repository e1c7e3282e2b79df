import Testing
import RapportSupport
@testable import RapportIO

/// `JSONOut.escaped` finds bytes to escape eight at a time; it must write what a byte-by-byte
/// escaper writes, wherever the escapes fall (in a whole word, in the overlapping last word, or
/// right after another escape).
@Suite struct JSONOutTests {
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            // The Unicode line breaks NEL (C2 85), LS (E2 80 A8) and PS (E2 80 A9).
            if c == 0xC2, i < bytes.count, bytes[i] == 0x85 { out += Array(#"\u0085"#.utf8); i += 1; continue }
            if c == 0xE2, i + 1 < bytes.count, bytes[i] == 0x80, bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9 {
                out += Array((bytes[i + 1] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                i += 2
                continue
            }
            switch c {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case ..<0x20, 0x7F:
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
        let alphabet: [UInt8] = [
            0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xFF,
            0xC2, 0x85, 0xE2, 0x80, 0xA8, 0xA9, 0xA7, 0xAA,
        ]
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

    /// Plain ASCII is copied eight bytes at a time as it is checked: one byte that is not plain, at any
    /// place of a string of any length, sends it to the escaping path; text written before stays.
    /// A byte JSON holds as it is: printable ASCII but `"` and `\\`.
    static func referencePlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C
    }

    @Test func plainBitsAgreeWithBytes() {
        for byte in UInt8.min...UInt8.max {
            #expect(JSONEscaping.isPlain(byte) == Self.referencePlain(byte), "\(byte)")
            // Each byte value at each place of a word of plain bytes, and after bytes that borrow.
            for place in 0..<8 {
                for filler: UInt8 in [0x61, 0x20, 0x7E, 0x23, 0x5D] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[place] = byte
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect((JSONEscaping.notPlainBits(word) == 0) == bytes.allSatisfy(Self.referencePlain), "\(bytes)")
                }
            }
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC2, 0xE2, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in Bool.random(using: &rng) ? UInt8(ascii: "a") : alphabet.randomElement(using: &rng)! }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect((JSONEscaping.notPlainBits(word) == 0) == bytes.allSatisfy(Self.referencePlain), "\(bytes)")
        }
        // Whole texts: a byte that is not plain at each place, in whole words and in the last few bytes.
        for length in 0..<24 {
            for place in 0..<max(length, 1) {
                for special in alphabet + [UInt8(ascii: "a")] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "b"), count: length)
                    if length > 0 { bytes[place] = special }
                    #expect(bytes.withUnsafeBufferPointer(JSONEscaping.isPlain) == bytes.allSatisfy(Self.referencePlain), "\(bytes)")
                }
            }
        }
    }

    @Test func plainASCIICopiedAsChecked() {
        let printable = Array(UInt8(0x20)...UInt8(0x7E))
        for length in 0..<40 {
            let plain = (0..<length).map { printable[($0 * 7 + length) % printable.count] }
            var writer = ByteWriter(capacity: 16)
            writer.append(UInt8(ascii: "x"))
            plain.withUnsafeBufferPointer { JSONOut.escaped($0, into: &writer) }
            #expect(writer.bytes == [UInt8(ascii: "x")] + Self.reference(plain), "\(plain)")
            for position in 0..<length {
                for odd: UInt8 in [0x00, 0x1F, 0x22, 0x5C, 0x7F, 0x80, 0xC2, 0xE2, 0xFF] {
                    var bytes = plain
                    bytes[position] = odd
                    #expect(Self.escaped(bytes) == Self.reference(bytes), "\(bytes)")
                }
            }
        }
        let every = printable + printable.reversed()
        #expect(Self.escaped(every) == Self.reference(every))
    }

    /// JSON Lines consumers that split on Unicode line boundaries (NEL, LS, PS) see one record per
    /// line, and DEL is never written raw; neighbours of those characters stay as they are.
    @Test func escapesUnicodeLineBreaksAndDelete() {
        for text in ["a\u{85}b", "\u{2028}", "x\u{2029}", "\u{7F}", "12345678\u{2028}9", "1234567\u{2029}", "123456\u{85}"] {
            let out = String(decoding: Self.escaped(Array(text.utf8)), as: UTF8.self)
            #expect(!out.unicodeScalars.contains { [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) }, "\(out.debugDescription)")
        }
        #expect(Self.escaped(Array("a\u{85}b\u{2028}c\u{2029}d\u{7F}e".utf8)) == Array(#""a\u0085b\u2028c\u2029d\u007fe""#.utf8))
        // Characters that share a lead byte are copied: © … ‧ ‪ € ’, U+0080, U+00A0.
        let kept = "\u{A9}\u{2026}\u{2027}\u{202A}\u{20AC}\u{2019}\u{80}\u{A0} long enough for words"
        #expect(Self.escaped(Array(kept.utf8)) == Array("\"\(kept)\"".utf8))
    }

    /// Scores with up to three decimals take a fast path; it must print what `String(Double)` prints.
    @Test func numbersWithThreeDecimalsPrintAsSwiftDoes() {
        var values: [Double] = [0.001, -0.001, 0.05, 0.5, 1.25, -1.139, 8.911, 0.103, 999_999_999.999, 0.0001, 1e-7, 12.5, -0.07]
        // Integral values, the edges of the fast path (10⁹, 10¹⁵), zero of both signs, non-finite values.
        values += [0, -0.0, 1, -1, 7, 10, 99, 100, -100, 12_345, 999_999_999, 1e9, -1e9, 1_000_000_000.5, 1e15, -1e15, 1e16, 2.5e20]
        values += [.nan, .infinity, -.infinity, .ulpOfOne, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.0005, 0.0015, 0.1 + 0.2]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            values.append(Double(Int.random(in: -2_000_000_000_000...2_000_000_000_000, using: &rng)) / 1000)
            values.append(Double.random(in: -1e10...1e10, using: &rng))
            values.append(Double.random(in: -2...2, using: &rng))
        }
        for thousandths in stride(from: -20_000, through: 20_000, by: 7) { values.append(Double(thousandths) / 1000) }
        for value in values {
            var writer = ByteWriter(capacity: 32)
            JSONOut.number(value, into: &writer)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == NumberText.json(value), "\(value)")
        }
    }
}
