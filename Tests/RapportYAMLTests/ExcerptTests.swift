import RapportYAML
import Testing

/// The offending line and a caret under the column, for diagnostics.
@Suite struct ExcerptTests {
    @Test func caretUnderTheProblem() throws {
        let source = "rules: [a, b\nother: c\n"
        let error = try #require(loadError(source))
        #expect(error.excerpt(source: source) == "other: c\n     ^")
    }

    @Test func caretOnTheFirstColumn() {
        #expect(SourceExcerpt.render("a\nbcd\n", at: Mark(line: 2, column: 1)) == "bcd\n^")
    }

    @Test func tabsAreKeptInTheCaretLine() {
        #expect(SourceExcerpt.render("\tkey:\t[x\n", at: Mark(line: 1, column: 7)) == "\tkey:\t[x\n\t    \t^")
    }

    @Test func nonASCIIColumnsAreScalars() throws {
        let source = "ok: 1\n日本: [a, b]]\n"
        let error = try #require(loadError(source))
        // Two wide characters take two cells each in a terminal.
        #expect(error.excerpt(source: source) == "日本: [a, b]]\n            ^")
        #expect(SourceExcerpt.render("café: [", at: Mark(line: 1, column: 5)) == "café: [\n    ^")
        // A combining accent takes no cell.
        #expect(SourceExcerpt.render("cafe\u{301}: [", at: Mark(line: 1, column: 6)) == "cafe\u{301}: [\n    ^")
    }

    @Test func lineBreakVariants() {
        #expect(SourceExcerpt.render("a\r\nbc\r\nd", at: Mark(line: 2, column: 2)) == "bc\n ^")
        #expect(SourceExcerpt.render("a\rbc\rd", at: Mark(line: 3, column: 1)) == "d\n^")
        #expect(SourceExcerpt.render("a\u{2028}bc", at: Mark(line: 2, column: 3)) == "bc\n  ^")
    }

    @Test func markPastTheEnd() {
        #expect(SourceExcerpt.render("a: \"x\n", at: Mark(line: 2, column: 1)) == "\n^")
        #expect(SourceExcerpt.render("a: b", at: Mark(line: 1, column: 6)) == "a: b\n     ^")
        #expect(SourceExcerpt.render("a", at: Mark(line: 9, column: 1)) == "\n^")
    }

    @Test func byteOrderMarkIsLeftOut() {
        #expect(SourceExcerpt.render("\u{FEFF}a: [\n", at: Mark(line: 1, column: 4)) == "a: [\n   ^")
    }

    @Test func longLinesAreCutAroundTheColumn() {
        let line = String(repeating: "a", count: 500) + "X" + String(repeating: "b", count: 500)
        let excerpt = SourceExcerpt.render(line, at: Mark(line: 1, column: 501))
        let parts = excerpt.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(parts.count == 2)
        #expect(parts[0].hasPrefix("…a") && parts[0].hasSuffix("b…"))
        #expect(parts[0].unicodeScalars.count == SourceExcerpt.maxWidth + 2)
        // The caret still points at the X.
        let caretColumn = parts[1].count
        #expect(Array(parts[0])[caretColumn - 1] == "X")
        let start = SourceExcerpt.render(line, at: Mark(line: 1, column: 3))
        #expect(start.hasPrefix("aaa") && start.hasSuffix("\n  ^"))
    }

    @Test func encodingErrorExcerptPointsAtTheBadByte() throws {
        let bytes = Array("name: ok\nbad: x".utf8) + [0xFF] + Array(" y\n".utf8)
        let error = try #require(loadError(bytes: bytes))
        let source = String(decoding: bytes, as: UTF8.self)
        #expect(error.excerpt(source: source) == "bad: x\u{FFFD} y\n      ^")
    }
}
