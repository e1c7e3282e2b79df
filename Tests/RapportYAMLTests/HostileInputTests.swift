import RapportYAML
import Testing

/// Hostile files fail fast with a clear error: no crash, no stack overflow, no runaway memory.
@Suite struct HostileInputTests {
    @Test func billionLaughs() {
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let names = Array("abcdefghijklmnop").map(String.init)
        for i in 1..<names.count {
            let refs = Array(repeating: "*\(names[i - 1])", count: 10).joined(separator: ", ")
            lines.append("\(names[i]): &\(names[i]) [\(refs)]")
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count < 1200)
        let error = loadError(text)
        #expect(error?.kind == .aliasBudget)
        #expect(error?.problem == "aliases expand to more than 100000 nodes; is this an alias bomb?")
    }

    @Test func deepFlowNesting() {
        let depth = 10_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = loadError(text)
        #expect(error?.kind == .tooDeep)
        #expect(error?.description == "1:65: nesting is deeper than the limit of 64 levels")
    }

    @Test func deepBlockNesting() {
        let text = String(repeating: "- ", count: 10_000) + "x\n"
        let error = loadError(text)
        #expect(error?.kind == .tooDeep)
        #expect(error?.mark == Mark(line: 1, column: 129))
    }

    @Test func deepIndentedMappings() {
        var text = ""
        for level in 0..<200 { text += String(repeating: " ", count: level) + "k:\n" }
        let error = loadError(text)
        #expect(error?.kind == .tooDeep)
    }

    @Test func depthWithinTheLimitLoads() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try YAMLParser.parse(text) != nil)
    }

    @Test func hugeScalar() {
        let limit = YAMLLimits.default.maxScalarBytes
        let text = "pattern: " + String(repeating: "a", count: limit + 1) + "\n"
        let error = loadError(text)
        #expect(error?.kind == .tooLarge)
        #expect(error?.description == "1:10: scalar of \(limit + 1) bytes is longer than the limit of \(limit)")
    }

    @Test func hugeInput() {
        let error = loadError("a: 1\n", limits: YAMLLimits(maxInputBytes: 4))
        #expect(error?.kind == .tooLarge)
        #expect(error?.description == "1:1: input is 5 bytes, more than the limit of 4")
    }

    @Test func invalidUTF8() {
        let error = loadError(bytes: Array("name: ok\nbad: ".utf8) + [0xFF, 0x0A])
        #expect(error?.kind == .encoding)
        #expect(error?.description == "2:6: invalid leading UTF-8 octet (byte 0xFF at offset 14)")
    }

    @Test func invalidUTF8AfterNonASCII() {
        // "é" and "😀" take one column each although they take 2 and 4 bytes.
        // The mark points at the start of the broken sequence, the message at the bad byte.
        let error = loadError(bytes: Array("a: 1\né😀: ".utf8) + [0xC3, 0x28])
        #expect(error?.kind == .encoding)
        #expect(error?.description == "2:5: invalid trailing UTF-8 octet (byte 0x28 at offset 14)")
    }

    @Test func truncatedUTF8AtTheEnd() {
        let error = loadError(bytes: Array("a: ".utf8) + [0xE2, 0x82])
        #expect(error?.kind == .encoding)
        #expect(error?.description == "1:4: incomplete UTF-8 octet sequence (at offset 3)")
    }

    @Test func controlCharacter() {
        let error = loadError("a: b\r\nc: d\u{1}\n")
        #expect(error?.kind == .encoding)
        #expect(error?.description == "2:5: control characters are not allowed (U+0001 at offset 10)")
    }

    @Test func nulByte() {
        let error = loadError(bytes: [0x61, 0x3A, 0x20, 0x00])
        #expect(error?.kind == .encoding)
        #expect(error?.mark == Mark(line: 1, column: 4))
    }
}
