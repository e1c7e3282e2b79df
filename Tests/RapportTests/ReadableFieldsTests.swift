import Testing
@testable import Rapport

/// The engine names the comment fields it can read, so readers keep exactly those.
@Suite struct ReadableFieldsTests {
    static func engine(_ yaml: String) throws -> Engine {
        try Engine(pack: RulePack.load(files: [(name: "p.yaml", text: "rapport: 1\n" + yaml)]))
    }

    @Test func whenOperandsAndTemplateVariablesWithTheirStandIns() throws {
        let engine = try Self.engine(
            """
            rules:
              - id: r
                label: complaint
                match: [late]
                when: 'author.followers >= 10 and platform == "x"'
                reply: ["Hi {author|there}, {field.order.id}"]
            """)
        #expect(engine.readableFields == ["author.followers", "platform", "author.handle", "author", "author.name", "field.order.id", "order.id"])
    }

    @Test func noAuthorStandInsWhenNoAuthorKeyIsRead() throws {
        let engine = try Self.engine(
            """
            rules:
              - id: r
                label: complaint
                match: [late]
                when: "likes > 3"
            """)
        #expect(engine.readableFields == ["likes"])
    }
}
