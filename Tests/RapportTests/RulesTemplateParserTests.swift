import Testing
@testable import Rapport

@Suite("TemplateParser")
struct TemplateParserTests {
    func issue(_ source: String) -> ParseIssue? {
        do {
            _ = try TemplateParser.segments(of: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func textVariablesAndFallbacks() throws {
        #expect(
            try TemplateParser.segments(of: "Thank you, {author|friend}! Love, {brand}") == [
                .text("Thank you, "),
                .variable(path: ["author"], fallback: "friend", offset: 11),
                .text("! Love, "),
                .variable(path: ["brand"], fallback: nil, offset: 34),
            ])
    }

    @Test func dottedAndFieldPaths() throws {
        #expect(
            try TemplateParser.segments(of: "{author.followers}{ field.order.id | your order }") == [
                .variable(path: ["author", "followers"], fallback: nil, offset: 0),
                .variable(path: ["field", "order", "id"], fallback: " your order ", offset: 18),
            ])
    }

    @Test func doubledBracesAreLiteral() throws {
        #expect(try TemplateParser.segments(of: "{{not a var}} and }}") == [.text("{not a var} and }")])
    }

    @Test func emptyFallbackIsAllowed() throws {
        #expect(try TemplateParser.segments(of: "Hi{author|}") == [.text("Hi"), .variable(path: ["author"], fallback: "", offset: 2)])
    }

    @Test(arguments: [
        ("Hi {author", 3, "template-syntax", "'{' is never closed"),
        ("Hi {a {b}", 3, "template-syntax", "'{' is never closed"),
        ("Hi }", 3, "template-syntax", "'}' without a matching '{'"),
        ("Hi {}", 3, "template-syntax", "empty placeholder '{}'"),
        ("Hi {author..name}", 4, "template-syntax", "'author..name' is not a valid variable name"),
        ("Hi {autor}", 4, "unknown-template-variable", "unknown template variable 'autor'"),
        ("Hi {  followers|x}", 6, "unknown-template-variable", "unknown template variable 'followers'"),
        ("Hi {field}", 4, "unknown-template-variable", "unknown template variable 'field'"),
    ])
    func errors(source: String, offset: Int, code: String, message: String) {
        let found = issue(source)
        #expect(found?.offset == offset, "offset for '\(source)'")
        #expect(found?.code.rawValue == code, "code for '\(source)'")
        #expect(found?.message == message, "message for '\(source)'")
    }

    @Test func suggestions() {
        #expect(issue("{autor}")?.hint == "did you mean 'author'?")
        #expect(issue("{followers}")?.hint == "did you mean 'author.followers'?")
        #expect(issue("{order_id}")?.hint == "use field.order_id for another comment field")
    }

    @Test func everyKnownVariableParses() throws {
        for name in TemplateParser.knownVariables {
            #expect(try TemplateParser.segments(of: "{\(name)}") == [.variable(path: name.split(separator: ".").map(String.init), fallback: nil, offset: 0)])
        }
    }
}
