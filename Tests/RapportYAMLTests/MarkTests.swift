import RapportYAML
import Testing

/// Nodes carry 1-based line:column marks; columns count Unicode scalars, tabs count as one.
@Suite struct MarkTests {
    @Test func blockMappingAndSequenceMarks() throws {
        let root = try load(
            """
            pack:
              name: demo
            rules:
              - id: a
                match: [x, "y"]
              - |
                text
            """)
        #expect(root.mark == Mark(line: 1, column: 1))
        #expect(root["pack"]?.mark == Mark(line: 2, column: 3))
        #expect(root["pack", "name"]?.mark == Mark(line: 2, column: 9))
        #expect(root["rules"]?.mark == Mark(line: 4, column: 3))
        #expect(root["rules", 0]?.mark == Mark(line: 4, column: 5))
        #expect(root["rules", 0, "id"]?.mark == Mark(line: 4, column: 9))
        #expect(root["rules", 0, "match"]?.mark == Mark(line: 5, column: 12))
        #expect(root["rules", 0, "match", 0]?.mark == Mark(line: 5, column: 13))
        #expect(root["rules", 0, "match", 1]?.mark == Mark(line: 5, column: 16))
        #expect(root["rules", 1]?.mark == Mark(line: 6, column: 5))
        let keys = root.mapping?.entries.map(\.key.mark)
        #expect(keys == [Mark(line: 1, column: 1), Mark(line: 3, column: 1)])
    }

    @Test func flowMappingMarks() throws {
        let root = try load("{a: 1, b: {c: [2]}}")
        #expect(root.mark == Mark(line: 1, column: 1))
        #expect(root["a"]?.mark == Mark(line: 1, column: 5))
        #expect(root["b"]?.mark == Mark(line: 1, column: 11))
        #expect(root["b", "c"]?.mark == Mark(line: 1, column: 15))
        #expect(root["b", "c", 0]?.mark == Mark(line: 1, column: 16))
    }

    @Test func columnsCountUnicodeScalarsOnNonASCIILines() throws {
        // "é" is 2 bytes, "日本" 6 bytes, "😀" 4 bytes: columns must not count bytes.
        let root = try load(
            """
            café: [é, ü]
            日本: 😀 ok
            x: {ключ: значение}
            """)
        #expect(root["café"]?.mark == Mark(line: 1, column: 7))
        #expect(root["café", 1]?.mark == Mark(line: 1, column: 11))
        #expect(root["日本"]?.mark == Mark(line: 2, column: 5))
        #expect(root["日本"]?.scalar?.string == "😀 ok")
        #expect(root["x", "ключ"]?.mark == Mark(line: 3, column: 11))
    }

    @Test func errorColumnsCountUnicodeScalars() {
        // The stray "]" is the 11th scalar of the line (but its 15th byte).
        let error = loadError("ok: 1\n日本: [a, b]]\n")
        #expect(error?.kind == .syntax)
        #expect(error?.mark == Mark(line: 2, column: 11))
        let quoted = loadError("ключ: \"значение\n")
        #expect(quoted?.contextMark == Mark(line: 1, column: 7))
        #expect(quoted?.mark == Mark(line: 2, column: 1))
    }

    @Test func tabsCountAsOneColumn() throws {
        let root = try load("a:\t[x,\ty]")
        #expect(root["a"]?.mark == Mark(line: 1, column: 4))
        #expect(root["a", 1]?.mark == Mark(line: 1, column: 8))
    }

    @Test func crlfLineBreaks() throws {
        let root = try load("a: 1\r\nb:\r\n  - x\r\n")
        #expect(root["b"]?.mark == Mark(line: 3, column: 3))
        #expect(root["b", 0]?.mark == Mark(line: 3, column: 5))
    }

    @Test func byteOrderMarkIsNotAColumn() throws {
        let root = try load("\u{FEFF}a: 1\nb: 2\n")
        #expect(root["a"]?.mark == Mark(line: 1, column: 4))
        #expect(root["b"]?.scalar?.value == .int(2))
    }

    @Test func markOrderAndDescription() {
        #expect(Mark(line: 2, column: 1) > Mark(line: 1, column: 40))
        #expect(Mark(line: 3, column: 2) < Mark(line: 3, column: 10))
        #expect(Mark(line: 12, column: 5).description == "12:5")
    }
}
