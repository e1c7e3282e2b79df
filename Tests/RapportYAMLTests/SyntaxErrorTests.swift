import RapportYAML
import Testing

/// libyaml's errors come through with both marks, 1-based, in a fixed message format.
@Suite struct SyntaxErrorTests {
    @Test func unclosedFlowSequence() {
        let error = loadError("rules: [a, b\nother: c\n")
        #expect(error?.kind == .syntax)
        #expect(error?.description == "2:6: did not find expected ',' or ']' (while parsing a flow sequence that started at 1:8)")
        #expect(error?.message == "did not find expected ',' or ']' (while parsing a flow sequence that started at 1:8)")
        #expect(error?.problem == "did not find expected ',' or ']'")
        #expect(error?.context == "while parsing a flow sequence")
        #expect(error?.contextMark == Mark(line: 1, column: 8))
    }

    @Test func unterminatedQuotedScalar() {
        let error = loadError("a: \"unterminated\n")
        #expect(error?.description == "2:1: found unexpected end of stream (while scanning a quoted scalar that started at 1:4)")
    }

    @Test func badIndentation() {
        let error = loadError("a:\n  b: 1\n c: 2\n")
        #expect(error?.description == "3:2: did not find expected key (while parsing a block mapping that started at 1:1)")
    }

    @Test func tabIndentation() {
        let error = loadError("a:\n\tb: 1\n")
        #expect(error?.description == "2:1: found character that cannot start any token (while scanning for the next token that started at 2:1)")
    }

    @Test func mappingValueInPlainScalar() {
        let error = loadError("a: b: c\n")
        #expect(error?.description == "1:5: mapping values are not allowed in this context")
        #expect(error?.context == nil)
        #expect(error?.contextMark == nil)
    }

    @Test func emptyAliasName() {
        let error = loadError("a: *\n")
        #expect(error?.description == "1:5: did not find expected alphabetic or numeric character (while scanning an alias that started at 1:4)")
    }
}
