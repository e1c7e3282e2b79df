import Testing
@testable import Rapport

@Suite("ExpressionParser")
struct ExpressionParserTests {
    func issue(_ source: String) -> ParseIssue? {
        do {
            _ = try ExpressionParser.parse(source)
            return nil
        } catch {
            return error
        }
    }

    func field(_ path: String, _ offset: Int) -> Operand {
        Operand(.field(path.split(separator: ".").map(String.init)), offset: offset)
    }

    @Test func comparisonWithBareWordAndNumber() throws {
        let e = try ExpressionParser.parse("label == complaint and author.followers >= 10000")
        #expect(
            e
                == Expression(
                    .and([
                        Expression(.compare(field("label", 0), .equal, Operand(.string("complaint"), offset: 9)), offset: 0),
                        Expression(.compare(field("author.followers", 23), .greaterOrEqual, Operand(.number(10000), offset: 43)), offset: 23),
                    ]), offset: 0))
    }

    @Test func andBindsTighterThanOr() throws {
        let e = try ExpressionParser.parse("a or b and c")
        guard case .or(let terms) = e.kind, terms.count == 2, let left = terms.first, let right = terms.last else {
            Issue.record("expected or at the top, got \(e)")
            return
        }
        #expect(left.kind == .truthy(field("a", 0)))
        guard case .and = right.kind else {
            Issue.record("expected and on the right")
            return
        }
    }

    @Test func parenthesesAndNot() throws {
        let e = try ExpressionParser.parse("not (likes > 50 or verified)")
        guard case .not(let inner) = e.kind, case .or(let terms) = inner.kind, terms.count == 2, let a = terms.first, let b = terms.last else {
            Issue.record("unexpected shape \(e)")
            return
        }
        #expect(inner.offset == 4)
        #expect(a.kind == .compare(field("likes", 5), .greater, Operand(.number(50), offset: 13)))
        #expect(b.kind == .truthy(field("verified", 19)))
    }

    @Test func membershipAndNotIn() throws {
        #expect(
            try ExpressionParser.parse("platform in [twitter, 'facebook', 3]").kind
                == .membership(
                    field("platform", 0),
                    [Operand(.string("twitter"), offset: 13), Operand(.string("facebook"), offset: 22), Operand(.number(3), offset: 34)],
                    negated: false))
        #expect(
            try ExpressionParser.parse("label not in [praise, other]").kind
                == .membership(
                    field("label", 0), [Operand(.string("praise"), offset: 14), Operand(.string("other"), offset: 22)], negated: true))
    }

    @Test func valuesOfEveryKind() throws {
        #expect(try ExpressionParser.parse("verified == true").kind == .compare(field("verified", 0), .equal, Operand(.bool(true), offset: 12)))
        #expect(try ExpressionParser.parse("x != \"a b\"").kind == .compare(field("x", 0), .notEqual, Operand(.string("a b"), offset: 5)))
        #expect(try ExpressionParser.parse("score < -1.5").kind == .compare(field("score", 0), .less, Operand(.number(-1.5), offset: 8)))
        #expect(try ExpressionParser.parse("n <= 10_000").kind == .compare(field("n", 0), .lessOrEqual, Operand(.number(10000), offset: 5)))
    }

    @Test(arguments: [
        ("label = complaint", 6, "when-syntax", "'=' is not an operator"),
        ("label == complant", 9, "unknown-label", "unknown label 'complant'"),
        ("label in [praise, compliant]", 18, "unknown-label", "unknown label 'compliant'"),
        ("label > 3", 6, "when-type", "'label' can only be compared with '==', '!=' or 'in'"),
        ("label == 3", 9, "when-type", "'label' is compared with the number 3, which is not a label"),
        ("label", 0, "when-syntax", "'label' needs a comparison, as in 'label == complaint'"),
        ("likes > many", 8, "when-type", "'>' needs a number, not 'many'"),
        ("likes >= 'ten'", 9, "when-type", "'>=' needs a number, not 'ten'"),
        ("likes > 5 and", 13, "when-syntax", "expected a field name such as 'label' or 'author.followers', found the end of the condition"),
        ("(likes > 5", 0, "when-syntax", "'(' is never closed"),
        ("likes > 5)", 9, "when-syntax", "unexpected ')' after a complete condition"),
        ("likes > 5 likes", 10, "when-syntax", "unexpected 'likes' after a complete condition"),
        ("x == 'open", 5, "when-syntax", "string is never closed"),
        ("x in a", 5, "when-syntax", "expected '[' after 'in', found 'a'"),
        ("x in []", 6, "when-syntax", "empty list after 'in'"),
        ("x in [a b]", 8, "when-syntax", "expected ',' or ']' in the list, found 'b'"),
        ("x not 3", 2, "when-syntax", "'not' after a field must be followed by 'in'"),
        ("x && y", 2, "when-syntax", "'&' is not an operator"),
        ("x > 10k", 6, "when-syntax", "unexpected 'k' after the number 10"),
        ("x == @", 5, "when-syntax", "unexpected character '@'"),
        ("5 > likes", 0, "when-syntax", "expected a field name such as 'label' or 'author.followers', found number 5"),
        ("", 0, "when-syntax", "expected a field name such as 'label' or 'author.followers', found the end of the condition"),
    ])
    func errors(source: String, offset: Int, code: String, message: String) {
        let found = issue(source)
        #expect(found?.offset == offset, "offset for '\(source)'")
        #expect(found?.code.rawValue == code, "code for '\(source)'")
        #expect(found?.message == message, "message for '\(source)'")
    }

    @Test func misspeltLabelGetsDidYouMean() {
        #expect(issue("label == praize")?.hint == "did you mean 'praise'?")
    }

    @Test func deepNestingFailsCleanly() {
        let deep = String(repeating: "(", count: 5_000) + "x" + String(repeating: ")", count: 5_000)
        #expect(issue(deep)?.message == "condition is nested more than 32 levels deep")
        let nots = String(repeating: "not ", count: 5_000) + "x"
        #expect(issue(nots)?.message == "condition is nested more than 32 levels deep")
    }

    @Test func chainsAreOneFlatNodeAndParenthesesNest() throws {
        let e = try ExpressionParser.parse("a and b and c or d or (e and f)")
        guard case .or(let terms) = e.kind, terms.count == 3, case .and(let first) = terms[0].kind else {
            Issue.record("unexpected shape \(e)")
            return
        }
        #expect(first.map(\.kind) == [.truthy(field("a", 0)), .truthy(field("b", 6)), .truthy(field("c", 12))])
        #expect(terms[1].kind == .truthy(field("d", 17)))
        guard case .and(let inner) = terms[2].kind else {
            Issue.record("expected the parenthesised 'and' as the last term")
            return
        }
        #expect(terms[2].offset == 22)
        #expect(inner.count == 2)
    }

    @Test func termLimitCountsComparisonsInsideParenthesesAndNot() {
        #expect((try? ExpressionParser.parse("a and (b or not c)", maxTerms: 3)) != nil)
        let issue: ParseIssue?
        do {
            _ = try ExpressionParser.parse("a and (b or not c) or d", maxTerms: 3)
            issue = nil
        } catch {
            issue = error
        }
        #expect(issue?.code == .whenLimit)
        #expect(issue?.offset == 22)
    }
}
