import Testing
import Rapport
@testable import RapportIO

/// Round 11 of the record path: the scanner's fast paths for tokens with no whitespace between them,
/// string values that are valid UTF-8 accepted in one pass, and UTF-8 checked eight ASCII bytes at a time.
@Suite struct RecordPathRound11Tests {
    /// The first invalid offset by the standard library's UTF-8 validation, independent of `UTF8Check`:
    /// walks scalar by scalar, each the one to four bytes that `String(validating:as:)` accepts on their
    /// own (UTF-8 is prefix-free, so at most one length does), and stops where none does.
    static func referenceFirstInvalidOffset(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let next = (1...4).first { length in
                offset + length <= bytes.count
                    && String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            }
            guard let length = next else { return offset }
            offset += length
        }
        return offset
    }

    @Test func firstInvalidOffsetAgreesWithTheByteByByteCheck() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("plain ascii ".utf8), [0xC3, 0xA9], [0xE2, 0x80, 0xA8], [0xF0, 0x9F, 0x91, 0x8F],
            [0xFF], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0x7F], [0x00],
        ]
        var checked = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
            }
            let found = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) }
            #expect(found == Self.referenceFirstInvalidOffset(bytes), "\(bytes)")
            checked += 1
        }
        // Every place of one bad byte in runs of ASCII around the eight-byte steps.
        for length in 0...24 {
            for place in 0..<max(1, length) {
                for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x80, 0xA8], [0x80]] {
                    var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
                    if length > 0 { bytes.replaceSubrange(place..<(place + 1), with: bad) }
                    let found = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) }
                    #expect(found == Self.referenceFirstInvalidOffset(bytes), "\(bytes)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
    }

    /// Whitespace of every kind (and none) at every place JSON allows it, and a stray byte at each
    /// of those places, decode (or fail, with the same message and place) as the reference does.
    @Test func whitespaceBetweenTokensDecodesAlike() throws {
        let tokens = [
            "{", #""id""#, ":", #""c1""#, ",", #""author""#, ":", "{", #""name""#, ":", #""iris""#, ",", #""followers""#, ":",
            "65", "}", ",", #""tags""#, ":", "[", "1", ",", "true", ",", "null", "]", ",", #""text""#, ":",
            #""Love my new sneakers! 👏""#, "}",
        ]
        for place in 0...tokens.count {
            for space in ["", " ", "\t", "\n", "\r\n ", "  \t", "x", ":", ","] {
                var record = ""
                for (i, token) in tokens.enumerated() {
                    if i == place { record += space }
                    record += token
                }
                if place == tokens.count { record += space }
                try RecordDecodingTests.check(Array(record.utf8))
            }
        }
    }

    /// String values that are not ASCII but valid UTF-8 (accepted by the first pass) and invalid ones (read
    /// again by the full scan, for its error) at the eight-byte steps and at the record's end.
    @Test func nonASCIIStringValuesDecodeAlike() throws {
        let odd: [[UInt8]] = [[0xC3, 0xA9], [0xF0, 0x9F, 0x91, 0x8F], [0xE2, 0x80, 0xA8], [0xFF], [0xC3], [0xED, 0xA0, 0x80]]
        for length in 0...18 {
            let plain = Array("abcdefghijklmnopqrs".utf8.prefix(length))
            for position in 0...length {
                for bytes in odd {
                    let value = Array(plain[..<position]) + bytes + Array(plain[position...])
                    for record in [
                        Array(#"{"id":"x","text":""#.utf8) + value + Array(#""}"#.utf8),
                        Array(#"{"text":""#.utf8) + value + Array(#"","id":"x"}"#.utf8),
                        Array(#"{"text":"t","platform":""#.utf8) + value + Array(#"\n"}"#.utf8),
                    ] {
                        try RecordDecodingTests.check(record)
                    }
                }
            }
        }
    }
}
