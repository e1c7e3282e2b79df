import RapportYAML
import Testing

/// `Node.jsonValue`: the JSON shape of a tree, as the YAML test suite writes it.
@Suite struct JSONViewTests {
    @Test func valuesAndKeys() throws {
        let root = try load(
            """
            s: text
            i: 42
            f: 2.5
            b: false
            n: ~
            l: [1, 'two']
            1: one
            ~: null key
            ? [a, b]
            : complex
            """)
        let expected = Node.JSONValue.object([
            "s": .string("text"), "i": .int(42), "f": .float(2.5), "b": .bool(false), "n": .null,
            "l": .array([.int(1), .string("two")]), "1": .string("one"), "~": .string("null key"),
            "[\"a\",\"b\"]": .string("complex"),
        ])
        #expect(root.jsonValue == expected)
    }

    @Test func description() throws {
        let root = try load("b: [1, 2.5, \"q\\\"\\n\", ~, true]\na: {x: .inf}\n")
        #expect(root.jsonValue.description == #"{"a":{"x":".inf"},"b":[1,2.5,"q\"\n",null,true]}"#)
    }

    @Test func readerAgreesWithTheView() throws {
        let values = try JSONReader.values(#"{"a": [1, 2.5e1, "x\u00e9\ud83d\ude00"], "b": null} 3 "s""#)
        #expect(values == [.object(["a": .array([.int(1), .float(25), .string("xé😀")]), "b": .null]), .int(3), .string("s")])
        #expect(Node.JSONValue.int(1).matches(.float(1.0)))
        #expect(!Node.JSONValue.int(1).matches(.string("1")))
        #expect(!Node.JSONValue.object(["a": .int(1)]).matches(.object(["a": .int(1), "b": .null])))
    }
}
