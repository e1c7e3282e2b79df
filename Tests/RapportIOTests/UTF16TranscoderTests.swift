import Testing
@testable import RapportIO

/// UTF-16 input is turned into the same UTF-8 however the reads cut it.
@Suite struct UTF16TranscoderTests {
    static func transcode(_ bytes: [UInt8], bigEndian: Bool, pieces: Int) -> [UInt8] {
        var transcoder = UTF16Transcoder(bigEndian: bigEndian)
        var out: [UInt8] = []
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: UTF16Transcoder.maxOutput(forInput: bytes.count) + 8)
        defer { output.deallocate() }
        var at = 0
        while at < bytes.count {
            let next = min(bytes.count, at + pieces)
            let n = bytes[at..<next].withUnsafeBufferPointer { transcoder.transcode($0, into: output) }
            out += UnsafeBufferPointer(start: output, count: n)
            at = next
        }
        out += UnsafeBufferPointer(start: output, count: transcoder.finish(into: output))
        return out
    }

    @Test(arguments: [1, 2, 3, 5, 1000])
    func everyCutGivesTheSameText(pieces: Int) {
        let text = "a é 日本 😀𝄞 end"
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(Self.transcode(little, bigEndian: false, pieces: pieces) == Array(text.utf8))
        #expect(Self.transcode(big, bigEndian: true, pieces: pieces) == Array(text.utf8))
        // A lone low surrogate, a high surrogate followed by a letter, a high surrogate and an odd byte at the end.
        let broken: [UInt8] = [0x00, 0xDC, 0x3D, 0xD8, 0x41, 0x00, 0x3D, 0xD8, 0x42]
        #expect(Self.transcode(broken, bigEndian: false, pieces: pieces) == Array("\u{FFFD}\u{FFFD}A\u{FFFD}\u{FFFD}".utf8))
    }
}
