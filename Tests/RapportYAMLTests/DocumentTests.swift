import RapportYAML
import Testing

/// `parse` takes one document; `parseStream` takes them all.
@Suite struct DocumentTests {
    @Test func secondDocumentIsAnError() {
        let error = loadError("rapport: 1\n---\nrapport: 2\n")
        #expect(error?.kind == .multipleDocuments)
        #expect(error?.description == "2:1: a file may hold only one YAML document; this is a second one")
    }

    @Test func explicitMarkersAroundOneDocumentAreFine() throws {
        let root = try #require(try YAMLParser.parse("---\na: 1\n...\n"))
        #expect(root["a"]?.scalar?.value == .int(1))
    }

    @Test(arguments: ["", "   \n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n"])
    func emptyDocumentsAreNil(_ text: String) throws {
        #expect(try YAMLParser.parse(text) == nil)
    }

    @Test func explicitNullIsNotEmpty() throws {
        let root = try #require(try YAMLParser.parse("~\n"))
        #expect(root.scalar?.value == .null)
        #expect(try YAMLParser.parse("''")?.scalar?.value == .string(""))
    }

    @Test func parseStreamReturnsEveryDocument() throws {
        let docs = try YAMLParser.parseStream("a: 1\n---\n- x\n--- \n...\n---\nplain\n")
        #expect(docs.count == 4)
        #expect(docs[0]?["a"]?.scalar?.value == .int(1))
        #expect(docs[1]?.sequence?.items.count == 1)
        #expect(docs[2] == nil)
        #expect(docs[3]?.scalar?.string == "plain")
        #expect(docs[3]?.mark == Mark(line: 7, column: 1))
        #expect(try YAMLParser.parseStream("").isEmpty)
    }

    @Test func bytesAndStringAgree() throws {
        let text = "name: café\nlist: [1, 2.5, ~]\n"
        #expect(try YAMLParser.parse(bytes: Array(text.utf8)) == YAMLParser.parse(text))
        #expect(try YAMLParser.parseStream(bytes: Array(text.utf8)) == YAMLParser.parseStream(text))
    }

    @Test func mappingSubscriptFindsScalarKeysByText() throws {
        let root = try load("1: one\ntrue: yes\nname: x\n")
        #expect(root["1"]?.scalar?.string == "one")
        #expect(root["true"]?.scalar?.string == "yes")
        #expect(root["missing"] == nil)
    }
}
