import RapportSupport

/// Parses `when` expressions into ``Expression`` trees with offsets, and checks them.
///
/// Grammar (lowest precedence first):
/// ```
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" or ")" | comparison
/// comparison := field [ op value | "in" list | "not" "in" list ]
/// op         := == | != | < | <= | > | >=
/// list       := "[" value ("," value)* "]"
/// value      := number | "quoted" | 'quoted' | true | false | bare-word (a string)
/// ```
/// A field is a dotted path (`label`, `author.followers`). Checks: `label` compares only with
/// `==`, `!=` and `in`, and only with labels (`unknown-label`, with did-you-mean); `<`, `<=`, `>`,
/// `>=` need a number on the right (`when-type`). Syntax errors have code `when-syntax`.
///
/// A chain of `and`s (or of `or`s) becomes one flat node holding every term, so parsing, checking and
/// evaluating recurse once per level of parentheses or `not` (at most ``maxNesting``), never once per
/// term. An expression with more than `maxTerms` comparisons is refused with code `when-limit`.
public enum ExpressionParser {
    /// How deep parentheses and `not` may nest.
    public static let maxNesting = 32

    /// Parses and checks `source`, located at `location`, into a ``Condition``; at most `maxTerms`
    /// comparisons (``PackLimits/maxWhenTerms``); `label` may be compared with the built-in labels and
    /// `labels` (a pack's own).
    public static func parse(
        _ source: String, at location: SourceLocation,
        maxTerms: Int = PackLimits.default.maxWhenTerms, labels: [Label] = []
    ) throws(ParseIssue) -> Condition {
        Condition(source: source, location: location, expression: try parse(source, maxTerms: maxTerms, labels: labels))
    }

    /// Parses and checks `source`; at most `maxTerms` comparisons (``PackLimits/maxWhenTerms``);
    /// `label` may be compared with the built-in labels and `labels` (a pack's own).
    public static func parse(
        _ source: String, maxTerms: Int = PackLimits.default.maxWhenTerms, labels: [Label] = []
    ) throws(ParseIssue) -> Expression {
        var parser = ExpressionParserState(tokens: try ExpressionLexer.tokens(of: source), length: source.unicodeScalars.count)
        parser.maxTerms = maxTerms
        parser.labels = Label.builtIn + labels
        let expression = try parser.disjunction(depth: 0)
        if let extra = parser.peek, extra.kind != .end {
            throw ParseIssue(
                .whenSyntax, at: extra.offset, "unexpected \(extra.kind.display) after a complete condition",
                hint: "join conditions with 'and' or 'or'")
        }
        return expression
    }
}

/// A lexical token of a `when` expression.
struct ExpressionToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case word(String)
        case number(Double)
        case string(String)
        case op(ComparisonOperator)
        case open, close, openBracket, closeBracket, comma, end

        var display: String {
            switch self {
            case .word(let w): "'\(w)'"
            case .number(let n): "number \(NumberText.compact(n))"
            case .string(let s): "string \"\(s)\""
            case .op(let o): "'\(o.rawValue)'"
            case .open: "'('"
            case .close: "')'"
            case .openBracket: "'['"
            case .closeBracket: "']'"
            case .comma: "','"
            case .end: "the end of the condition"
            }
        }
    }

    var kind: Kind
    var offset: Int
}

enum ExpressionLexer {
    static func tokens(of source: String) throws(ParseIssue) -> [ExpressionToken] {
        let s = Array(source.unicodeScalars)
        var i = 0
        var tokens: [ExpressionToken] = []
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || isDigit(c) || c == "." || c == "-" }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            let start = i
            if c.properties.isWhitespace { i += 1; continue }
            switch c {
            case "(": tokens.append(.init(kind: .open, offset: i)); i += 1
            case ")": tokens.append(.init(kind: .close, offset: i)); i += 1
            case "[": tokens.append(.init(kind: .openBracket, offset: i)); i += 1
            case "]": tokens.append(.init(kind: .closeBracket, offset: i)); i += 1
            case ",": tokens.append(.init(kind: .comma, offset: i)); i += 1
            case "=", "!", "<", ">":
                if next == "=" {
                    let op: ComparisonOperator =
                        switch c {
                        case "=": .equal;
                        case "!": .notEqual;
                        case "<": .lessOrEqual;
                        default: .greaterOrEqual
                        }
                    tokens.append(.init(kind: .op(op), offset: i)); i += 2
                } else if c == "<" || c == ">" {
                    tokens.append(.init(kind: .op(c == "<" ? .less : .greater), offset: i)); i += 1
                } else if c == "=" {
                    throw ParseIssue(.whenSyntax, at: i, "'=' is not an operator", hint: "did you mean '=='?")
                } else {
                    throw ParseIssue(.whenSyntax, at: i, "'!' is not an operator", hint: "write 'not' to negate, or '!=' to compare")
                }
            case "&", "|":
                let word = c == "&" ? "and" : "or"
                throw ParseIssue(.whenSyntax, at: i, "'\(c)' is not an operator", hint: "write '\(word)'")
            case "\"", "'":
                i += 1
                var text = ""
                while i < s.count, s[i] != c { text.unicodeScalars.append(s[i]); i += 1 }
                guard i < s.count else {
                    throw ParseIssue(.whenSyntax, at: start, "string is never closed", hint: "add the closing \(c)")
                }
                i += 1
                tokens.append(.init(kind: .string(text), offset: start))
            default:
                if isDigit(c) || (c == "-" && isDigit(next)) {
                    var digits = String(c)
                    i += 1
                    while i < s.count, isDigit(s[i]) || s[i] == "_" || (s[i] == "." && isDigit(i + 1 < s.count ? s[i + 1] : nil)) {
                        if s[i] != "_" { digits.unicodeScalars.append(s[i]) }
                        i += 1
                    }
                    if i < s.count, isWordStart(s[i]) {
                        throw ParseIssue(.whenSyntax, at: i, "unexpected '\(s[i])' after the number \(digits)")
                    }
                    guard let value = Double(digits) else {
                        throw ParseIssue(.whenSyntax, at: start, "'\(digits)' is not a number")
                    }
                    tokens.append(.init(kind: .number(value), offset: start))
                } else if isWordStart(c) {
                    var word = ""
                    while i < s.count, isWordPart(s[i]) { word.unicodeScalars.append(s[i]); i += 1 }
                    tokens.append(.init(kind: .word(word), offset: start))
                } else {
                    throw ParseIssue(.whenSyntax, at: i, "unexpected character '\(c)'")
                }
            }
        }
        tokens.append(.init(kind: .end, offset: s.count))
        return tokens
    }
}

/// Recursive-descent parser over ``ExpressionToken``s.
struct ExpressionParserState {
    let tokens: [ExpressionToken]
    let length: Int
    var position = 0
    /// Comparisons read so far, and how many are allowed.
    var terms = 0
    var maxTerms = Int.max
    /// The labels `label` may be compared with.
    var labels = Label.builtIn

    static let keywords: Set<String> = ["and", "or", "not", "in", "true", "false"]

    var peek: ExpressionToken? { position < tokens.count ? tokens[position] : nil }
    var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    mutating func advance() -> ExpressionToken {
        let token = current
        position += 1
        return token
    }

    func isWord(_ word: String) -> Bool {
        if case .word(let w) = current.kind { return w == word }
        return false
    }

    func issue(_ token: ExpressionToken, _ message: String, hint: String? = nil) -> ParseIssue {
        ParseIssue(.whenSyntax, at: token.offset, message, hint: hint)
    }

    /// `a or b or c` as one `.or` node of every term (a single term stays itself).
    mutating func disjunction(depth: Int) throws(ParseIssue) -> Expression {
        let first = try conjunction(depth: depth)
        guard isWord("or") else { return first }
        var terms = [first]
        while isWord("or") {
            _ = advance()
            terms.append(try conjunction(depth: depth))
        }
        return Expression(.or(terms), offset: first.offset)
    }

    /// `a and b and c` as one `.and` node of every term (a single term stays itself).
    mutating func conjunction(depth: Int) throws(ParseIssue) -> Expression {
        let first = try unary(depth: depth)
        guard isWord("and") else { return first }
        var terms = [first]
        while isWord("and") {
            _ = advance()
            terms.append(try unary(depth: depth))
        }
        return Expression(.and(terms), offset: first.offset)
    }

    mutating func unary(depth: Int) throws(ParseIssue) -> Expression {
        guard depth < ExpressionParser.maxNesting else {
            throw issue(current, "condition is nested more than \(ExpressionParser.maxNesting) levels deep")
        }
        if isWord("not") {
            let token = advance()
            let inner = try unary(depth: depth + 1)
            return Expression(.not(inner), offset: token.offset)
        }
        if current.kind == .open {
            let open = advance()
            let inner = try disjunction(depth: depth + 1)
            guard current.kind == .close else {
                throw issue(current.kind == .end ? open : current, "'(' is never closed", hint: "add ')'")
            }
            _ = advance()
            return Expression(inner.kind, offset: open.offset)
        }
        return try comparison()
    }

    mutating func comparison() throws(ParseIssue) -> Expression {
        let fieldToken = current
        terms += 1
        if terms > maxTerms {
            throw ParseIssue(
                .whenLimit, at: fieldToken.offset, "the condition has more than \(maxTerms) comparisons",
                hint: "split the rule, or put the values in one 'in [...]' list; the limit can be raised with --limit when-terms=N")
        }
        guard case .word(let name) = fieldToken.kind, !Self.keywords.contains(name) else {
            throw issue(fieldToken, "expected a field name such as 'label' or 'author.followers', found \(fieldToken.kind.display)")
        }
        _ = advance()
        let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty) else {
            throw issue(fieldToken, "'\(name)' is not a valid field path")
        }
        let field = Operand(.field(path), offset: fieldToken.offset)
        let isLabel = path == ["label"]
        if case .op(let op) = current.kind {
            let opToken = advance()
            let value = try self.value()
            if isLabel {
                guard op == .equal || op == .notEqual else {
                    throw ParseIssue(.whenType, at: opToken.offset, "'label' can only be compared with '==', '!=' or 'in'")
                }
                try checkLabel(value)
            } else if op != .equal, op != .notEqual {
                guard case .number = value.kind else {
                    throw ParseIssue(.whenType, at: value.offset, "'\(op.rawValue)' needs a number, not \(value.display)")
                }
            }
            return Expression(.compare(field, op, value), offset: fieldToken.offset)
        }
        var negated = false
        if isWord("not") {
            let notToken = advance()
            guard isWord("in") else {
                throw issue(notToken, "'not' after a field must be followed by 'in'", hint: "write 'not \(name) ...' to negate a condition")
            }
            negated = true
        }
        if isWord("in") {
            _ = advance()
            let values = try list()
            if isLabel { for v in values { try checkLabel(v) } }
            return Expression(.membership(field, values, negated: negated), offset: fieldToken.offset)
        }
        if isLabel {
            throw issue(current.kind == .end ? fieldToken : current, "'label' needs a comparison, as in 'label == complaint'")
        }
        return Expression(.truthy(field), offset: fieldToken.offset)
    }

    func checkLabel(_ value: Operand) throws(ParseIssue) {
        guard case .string(let text) = value.kind else {
            throw ParseIssue(
                .whenType, at: value.offset, "'label' is compared with \(value.display), which is not a label",
                hint: "labels are question, complaint, praise and other")
        }
        guard labels.contains(Label(rawValue: text)) else {
            let names = labels.map(\.rawValue)
            throw ParseIssue(
                .unknownLabel, at: value.offset, "unknown label '\(text)'",
                hint: DidYouMean.hint(for: text, in: names) ?? "labels are \(names.joined(separator: ", "))")
        }
    }

    mutating func value() throws(ParseIssue) -> Operand {
        let token = current
        switch token.kind {
        case .number(let n): _ = advance(); return Operand(.number(n), offset: token.offset)
        case .string(let s): _ = advance(); return Operand(.string(s), offset: token.offset)
        case .word("true"): _ = advance(); return Operand(.bool(true), offset: token.offset)
        case .word("false"): _ = advance(); return Operand(.bool(false), offset: token.offset)
        case .word(let w) where !Self.keywords.contains(w):
            _ = advance()
            return Operand(.string(w), offset: token.offset)
        default:
            throw issue(token, "expected a value, found \(token.kind.display)")
        }
    }

    mutating func list() throws(ParseIssue) -> [Operand] {
        guard current.kind == .openBracket else {
            throw issue(current, "expected '[' after 'in', found \(current.kind.display)", hint: "write 'in [a, b]'")
        }
        let open = advance()
        var values: [Operand] = []
        if current.kind == .closeBracket {
            throw issue(current, "empty list after 'in'")
        }
        while true {
            values.append(try value())
            if current.kind == .comma { _ = advance(); continue }
            if current.kind == .closeBracket { _ = advance(); break }
            if current.kind == .end { throw issue(open, "'[' is never closed", hint: "add ']'") }
            throw issue(current, "expected ',' or ']' in the list, found \(current.kind.display)")
        }
        return values
    }
}

extension Operand {
    /// How the operand reads in a message.
    var display: String {
        switch kind {
        case .field(let path): "field '\(path.joined(separator: "."))'"
        case .number(let n): "the number \(NumberText.compact(n))"
        case .string(let s): "'\(s)'"
        case .bool(let b): "\(b)"
        }
    }
}
