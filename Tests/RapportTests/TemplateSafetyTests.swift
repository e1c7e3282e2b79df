import Testing
@testable import Rapport

/// Reply templates never evaluate text that came from a comment: matched text, authors and fields
/// holding template syntax come out literally, through the real loader and engine.
@Suite struct TemplateSafetyTests {
    static let pack = """
        rapport: 1
        pack: {name: t, language: en, brand: Acme}
        rules:
          - id: complaint.refund
            label: complaint
            match: ["refund {0,10} now"]
            reply: ["You wrote '{match}', {author|friend}; order {field.order|unknown}. {brand}"]
        """

    @Test(arguments: ["{brand}", "{author}", "{match}", "{field.order|x}", "{{brand}}", "{brand|{author}}", "$(id) %s"])
    func commentTextWithTemplateSyntaxComesOutLiterally(_ payload: String) throws {
        let engine = try Engine(pack: try RulePack.load(files: [(name: "t.yaml", text: Self.pack)]))
        let verdict = engine.classify(
            Comment(
                id: "1", text: "refund \(payload) now", author: payload,
                fields: ["order": .string(payload)]))
        #expect(verdict.rules == ["complaint.refund"])
        let reply = try #require(verdict.suggestions.first)
        let match = try #require(verdict.spans.first?.text)
        #expect(match == "refund \(payload) now")
        #expect(reply == "You wrote '\(match)', \(payload); order \(payload). Acme")
    }
}
