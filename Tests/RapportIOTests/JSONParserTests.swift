import Testing
@testable import RapportIO

@Suite("JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesNestedObjectsAndKeepsNumberLiterals() throws {
        let value = try parse(#"{"id": 1730000000000000001, "user": {"screen_name": "ana", "followers_count": 12000}, "ok": true, "x": null, "f": -1.5e3}"#)
        #expect(value[path: "id"] == .number("1730000000000000001"))
        #expect(value[path: "user.screen_name"] == .string("ana"))
        #expect(value[path: "user.followers_count"]?.fieldValue == .number(12000))
        #expect(value[path: "ok"] == .bool(true))
        #expect(value[path: "x"] == .null)
        #expect(value[path: "f"]?.fieldValue == .number(-1500))
        #expect(value[path: "user.missing"] == nil)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""caf\u00e9 \ud83d\ude00 \"q\" \\ \n\t/""#)
        #expect(value == .string("café 😀 \"q\" \\ \n\t/"))
        // A lone surrogate becomes U+FFFD rather than failing the record.
        #expect(try parse(#""a\ud800b""#) == .string("a\u{FFFD}b"))
    }

    @Test func dottedKeysAreFoundDirectly() throws {
        let value = try parse(#"{"author.followers": 5}"#)
        #expect(value[path: "author.followers"] == .number("5"))
    }

    @Test(arguments: [
        (#"{"a": 1"#, 7, "unexpected end of record, expected ',' or '}'"),
        (#"{"a" 1}"#, 5, "unexpected '1', expected ':'"),
        (#"{"a": tru}"#, 6, "invalid literal"),
        (#"[1, 2] x"#, 7, "unexpected 'x' after the end of the value"),
        (#"{"a": "open}"#, 6, "unterminated string"),
        (#"{"a": 01x}"#, 8, "unexpected 'x', expected ',' or '}'"),
        ("", 0, "empty record"),
    ])
    func reportsWhereAndWhat(_ input: String, _ offset: Int, _ message: String) {
        #expect(throws: JSONSyntaxError(offset: offset, message: message)) { try parse(input) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#"!"}"#.utf8)
        #expect(throws: JSONSyntaxError(offset: 13, message: "invalid UTF-8 in string")) { try JSONParser.parse(bytes) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try parse(deep) }
    }
}
