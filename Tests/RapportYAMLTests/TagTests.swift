import RapportYAML
import Testing

/// Explicit tags decide a scalar's type; core tags must fit the text.
@Suite struct TagTests {
    @Test func coreTagsDecideTheType() throws {
        let root = try load(
            """
            a: !!str 1
            b: !!int "3"
            c: !!float 2
            d: !!bool 'true'
            e: !!null ""
            f: !!str
            g: !!float "-.inf"
            h: !!int 0x10
            """)
        #expect(root["a"]?.scalar?.value == .string("1"))
        #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(root["b"]?.scalar?.value == .int(3))
        #expect(root["c"]?.scalar?.value == .float(2))
        #expect(root["d"]?.scalar?.value == .bool(true))
        #expect(root["e"]?.scalar?.value == .null)
        #expect(root["f"]?.scalar?.value == .string(""))
        #expect(root["g"]?.scalar?.value == .float(-.infinity))
        #expect(root["h"]?.scalar?.value == .int(16))
    }

    @Test func nonSpecificAndCustomTagsGiveStrings() throws {
        let root = try load(
            """
            %TAG !e! tag:example.com,2026:
            ---
            a: ! 12
            b: !custom true
            c: !e!thing 1.5
            """)
        #expect(root["a"]?.scalar?.value == .string("12"))
        #expect(root["a"]?.scalar?.tag == "!")
        #expect(root["b"]?.scalar?.value == .string("true"))
        #expect(root["b"]?.scalar?.tag == "!custom")
        #expect(root["c"]?.scalar?.value == .string("1.5"))
        #expect(root["c"]?.scalar?.tag == "tag:example.com,2026:thing")
    }

    @Test func collectionTagsAreKept() throws {
        let root = try load("a: !!map {x: 1}\nb: !!seq [1]\n")
        #expect(root["a"]?.mapping?.tag == "tag:yaml.org,2002:map")
        #expect(root["b"]?.sequence?.tag == "tag:yaml.org,2002:seq")
    }

    @Test(arguments: [
        ("v: !!int abc", "'abc' is not a valid !!int value"),
        ("v: !!int 1.5", "'1.5' is not a valid !!int value"),
        ("v: !!bool yes", "'yes' is not a valid !!bool value"),
        ("v: !!null x", "'x' is not a valid !!null value"),
        ("v: !!float one", "'one' is not a valid !!float value"),
    ])
    func coreTagThatDoesNotFitIsAnError(_ text: String, _ problem: String) {
        let error = loadError(text)
        #expect(error?.kind == .tagMismatch)
        #expect(error?.problem == problem)
        #expect(error?.mark == Mark(line: 1, column: 4))
    }
}
