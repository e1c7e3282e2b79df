import Testing
@testable import Rapport

@Suite("PatternParser")
struct PatternParserTests {
    func parse(_ source: String) throws -> [PatternElement] {
        try PatternParser.parseElements(source)
    }

    func issue(_ source: String) -> ParseIssue? {
        do {
            _ = try PatternParser.parseElements(source)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainWordsAreOneLiteralRun() throws {
        #expect(try parse("where is my") == [PatternElement(.literal("where is my"), offset: 0, length: 11)])
    }

    @Test func extraSpacesCollapseInsideARun() throws {
        #expect(try parse("  where   is ") == [PatternElement(.literal("where is"), offset: 2, length: 10)])
    }

    @Test func punctuationAndEmoticonsAreLiteral() throws {
        #expect(try parse("? :( :-* <3 ^_^ *hugs* $5") == [PatternElement(.literal("? :( :-* <3 ^_^ *hugs* $5"), offset: 0, length: 25)])
    }

    @Test func alternativesWithMultiWordChoices() throws {
        let elements = try parse("still [waiting|not here]")
        #expect(
            elements == [
                PatternElement(.literal("still"), offset: 0, length: 5),
                PatternElement(
                    .alternatives([
                        [PatternElement(.literal("waiting"), offset: 7, length: 7)],
                        [PatternElement(.literal("not here"), offset: 15, length: 8)],
                    ]), offset: 6, length: 18),
            ])
    }

    @Test func nestedAlternatives() throws {
        let elements = try parse("[a [b|c]|d]")
        guard case .alternatives(let outer) = elements.first?.kind else {
            Issue.record("expected alternatives, got \(elements)")
            return
        }
        #expect(outer.count == 2)
        #expect(outer[0].count == 2)
        if case .alternatives(let inner) = outer[0][1].kind {
            #expect(inner == [[PatternElement(.literal("b"), offset: 4, length: 1)], [PatternElement(.literal("c"), offset: 6, length: 1)]])
        } else {
            Issue.record("expected nested alternatives")
        }
    }

    @Test func listsAndBuiltins() throws {
        #expect(
            try parse("where is my <parcel> <mention> <url>") == [
                PatternElement(.literal("where is my"), offset: 0, length: 11),
                PatternElement(.list("parcel"), offset: 12, length: 8),
                PatternElement(.builtin(.mention), offset: 21, length: 9),
                PatternElement(.builtin(.url), offset: 31, length: 5),
            ])
        #expect(try parse("<hashtag> <number> <emoji>").map(\.kind) == [.builtin(.hashtag), .builtin(.number), .builtin(.emoji)])
    }

    @Test func prefixAndAnyToken() throws {
        #expect(
            try parse("get a refund* * now") == [
                PatternElement(.literal("get a"), offset: 0, length: 5),
                PatternElement(.prefix("refund"), offset: 6, length: 7),
                PatternElement(.anyToken, offset: 14, length: 1),
                PatternElement(.literal("now"), offset: 16, length: 3),
            ])
    }

    @Test func prefixInsideAlternatives() throws {
        #expect(
            try parse("[refund*|money back]").first?.kind
                == .alternatives([
                    [PatternElement(.prefix("refund"), offset: 1, length: 7)],
                    [PatternElement(.literal("money back"), offset: 9, length: 10)],
                ]))
    }

    @Test func gaps() throws {
        #expect(try parse("<parcel> {0,3} late").map(\.kind) == [.list("parcel"), .gap(min: 0, max: 3), .literal("late")])
        #expect(try parse("a {2} b").map(\.kind) == [.literal("a"), .gap(min: 2, max: 2), .literal("b")])
        #expect(try parse("a { 1 , 10 } b")[1] == PatternElement(.gap(min: 1, max: 10), offset: 2, length: 10))
    }

    @Test func anchors() throws {
        #expect(try parse("^ hi $").map(\.kind) == [.start, .literal("hi"), .end])
        #expect(try parse("^hi thanks$").map(\.kind) == [.start, .literal("hi thanks"), .end])
        #expect(try parse("^ {0,2} hello").map(\.kind) == [.start, .gap(min: 0, max: 2), .literal("hello")])
    }

    @Test func escapes() throws {
        #expect(try parse(#"50\* \[off\] \<b\> \{x\} \$ \^ a\|b \\"#).map(\.kind) == [.literal(#"50* [off] <b> {x} $ ^ a|b \"#)])
    }

    @Test func escapedStarIsNotAPrefix() throws {
        #expect(try parse(#"refund\*"#).map(\.kind) == [.literal("refund*")])
    }

    @Test func listDirectlyAfterAWord() throws {
        #expect(try parse("my<parcel>").map(\.kind) == [.literal("my"), .list("parcel")])
    }

    @Test(arguments: [
        ("", 0, "empty pattern"),
        ("   ", 0, "empty pattern"),
        ("[a|b", 0, "'[' is never closed"),
        ("x [a||b]", 5, "empty alternative in '[...]'"),
        ("[]", 1, "empty alternative in '[...]'"),
        ("[a|]", 3, "empty alternative in '[...]'"),
        ("a ] b", 2, "']' without a matching '['"),
        ("a | b", 2, "'|' outside of '[...]'"),
        ("where <parcel is", 6, "'<parcel' has no closing '>'"),
        ("a {0,3 b", 7, "expected '}' to close the gap, found 'b'"),
        ("a {x} b", 0, ""),
        ("a {,3} b", 3, "expected the gap's minimum (a number), found ','"),
        ("a {3,} b", 5, "expected the gap's maximum (a number), found '}'"),
        ("a {5,2} b", 3, "the gap's minimum 5 is larger than its maximum 2"),
        ("a {0,11} b", 5, "gap of up to 11 tokens is too wide"),
        ("a {12} b", 3, "gap of up to 12 tokens is too wide"),
        ("{0,2} a", 0, "a gap must stand between two parts of a pattern"),
        ("a {0,2}", 2, "a gap must stand between two parts of a pattern"),
        ("a ^ b", 2, "'^' (start of the comment) can only begin a pattern"),
        ("[^a|b]", 1, "'^' (start of the comment) can only begin a pattern"),
        ("a $ b", 2, "'$' (end of the comment) can only end a pattern"),
        ("[a $|b]", 3, "'$' (end of the comment) can only end a pattern"),
        (#"a \q"#, 2, #"unknown escape '\q'"#),
        (#"a \"#, 2, #"a pattern cannot end with a lone '\'"#),
        ("^ $", 0, "pattern matches no token"),
        ("[{0,2}|a]", 1, "alternative matches no token"),
        ("[[[[[[[[[a]]]]]]]]]", 8, "alternatives are nested more than 8 levels deep"),
    ])
    func errorsNameTheOffendingColumn(source: String, offset: Int, message: String) {
        let found = issue(source)
        if message.isEmpty {
            #expect(found == nil, "'\(source)' should parse as a literal")
            return
        }
        #expect(found?.code == .patternSyntax)
        #expect(found?.offset == offset, "offset for '\(source)'")
        #expect(found?.message == message, "message for '\(source)'")
    }

    @Test func hostileInputFailsCleanly() {
        let deep = String(repeating: "[", count: 10_000) + "a" + String(repeating: "]", count: 10_000)
        #expect(issue(deep)?.message == "alternatives are nested more than 8 levels deep")
        let long = Array(repeating: "word", count: 50_000).joined(separator: " ")
        #expect((try? parse(long))?.count == 1)
    }
}
