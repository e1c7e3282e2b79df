@testable import Rapport

// Hand-built rule packs for the engine tests, independent of the YAML decoder and the pattern
// parser. `pattern(_:)` is a deliberately tiny reader of the token syntax (docs/ARCHITECTURE.md,
// "Token patterns"), written for these tests only (whitespace-separated elements; `[..|..]` may nest).

let testFile = "test.yaml"

func here(_ line: Int = 1, _ column: Int = 1) -> SourceLocation { SourceLocation(file: testFile, line: line, column: column) }

/// Builds a `Pattern` AST from pattern text.
func pattern(_ source: String, line: Int = 1) -> Pattern {
    let scalars = Array(source.unicodeScalars)
    var position = 0
    func skipSpaces() { while position < scalars.count, scalars[position] == " " { position += 1 } }
    func word() -> String {
        let start = position
        while position < scalars.count, !" |]".unicodeScalars.contains(scalars[position]) { position += 1 }
        return String(String.UnicodeScalarView(scalars[start..<position]))
    }
    func sequence(until terminators: String) -> [PatternElement] {
        var elements: [PatternElement] = []
        while true {
            skipSpaces()
            guard position < scalars.count, !terminators.unicodeScalars.contains(scalars[position]) else { return elements }
            let start = position
            if scalars[position] == "[" {
                position += 1
                var alternatives: [[PatternElement]] = []
                while true {
                    alternatives.append(sequence(until: "|]"))
                    if position < scalars.count, scalars[position] == "|" { position += 1; continue }
                    position += 1  // ]
                    break
                }
                elements.append(PatternElement(.alternatives(alternatives), offset: start, length: position - start))
                continue
            }
            let text = word()
            let kind: PatternElement.Kind
            if text == "*" {
                kind = .anyToken
            } else if text == "^" {
                kind = .start
            } else if text == "$" {
                kind = .end
            } else if text.hasPrefix("<"), text.hasSuffix(">"), text.count > 2 {
                let name = String(text.dropFirst().dropLast())
                kind = TokenClass(rawValue: name).map { .builtin($0) } ?? .list(name)
            } else if text.hasPrefix("{"), text.hasSuffix("}"), text.contains(",") {
                let bounds = text.dropFirst().dropLast().split(separator: ",").map { Int($0)! }
                kind = .gap(min: bounds[0], max: bounds[1])
            } else if text.count > 1, text.hasSuffix("*") {
                kind = .prefix(String(text.dropLast()))
            } else {
                kind = .literal(text)
            }
            elements.append(PatternElement(kind, offset: start, length: position - start))
        }
    }
    return Pattern(source: source, location: here(line, 5), elements: sequence(until: ""))
}

/// Builds a `Template` AST from template text (`{path|fallback}` placeholders).
func template(_ source: String) -> Template {
    var segments: [Template.Segment] = []
    var text = ""
    var index = source.startIndex
    var offset = 0
    while index < source.endIndex {
        if source[index] == "{", let close = source[index...].firstIndex(of: "}") {
            if !text.isEmpty { segments.append(.text(text)); text = "" }
            let inner = source[source.index(after: index)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            segments.append(
                .variable(
                    path: parts[0].split(separator: ".").map(String.init),
                    fallback: parts.count > 1 ? String(parts[1]) : nil, offset: offset))
            offset += source[index...close].count
            index = source.index(after: close)
        } else {
            text.append(source[index])
            index = source.index(after: index)
            offset += 1
        }
    }
    if !text.isEmpty { segments.append(.text(text)) }
    return Template(source: source, location: here(), segments: segments)
}

func rule(
    _ id: String, _ label: Label? = nil, weight: Double = 1, match: [String] = [], unless: [String] = [],
    when: Condition? = nil, escalate: Escalation? = nil, reply: [String] = []
) -> Rule {
    Rule(
        id: id, label: label, weight: weight, match: match.map { pattern($0) }, unless: unless.map { pattern($0) },
        when: when, escalate: escalate, reply: reply.map(template), location: here())
}

func pack(
    _ rules: [Rule], lists: [String: [String]] = [:], threshold: Double = 1, precedence: [Label] = [.complaint, .question, .praise],
    brand: String? = "Acme", replies: DefaultReplies = DefaultReplies()
) -> RulePack {
    var all = ["negators": ["not", "no", "never", "hardly", "without"]]
    all.merge(lists) { _, new in new }
    var phraseLists: [String: PhraseList] = [:]
    for (name, entries) in all { phraseLists[name] = PhraseList(name: name, entries: entries, location: here()) }
    return RulePack(
        settings: PackSettings(name: "test", brand: brand, threshold: threshold, precedence: precedence),
        lists: phraseLists, replies: replies, rules: rules)
}

func engine(
    _ rules: [Rule], lists: [String: [String]] = [:], threshold: Double = 1,
    precedence: [Label] = [.complaint, .question, .praise], replies: DefaultReplies = DefaultReplies(),
    options: Engine.Options = Engine.Options()
) throws(RulePackError) -> Engine {
    try Engine(pack: pack(rules, lists: lists, threshold: threshold, precedence: precedence, replies: replies), options: options)
}

// `when` expression builders.
func field(_ path: String) -> Operand { Operand(.field(path.split(separator: ".").map(String.init)), offset: 0) }
func number(_ value: Double) -> Operand { Operand(.number(value), offset: 0) }
func string(_ value: String) -> Operand { Operand(.string(value), offset: 0) }
func boolean(_ value: Bool) -> Operand { Operand(.bool(value), offset: 0) }
func compare(_ lhs: Operand, _ op: ComparisonOperator, _ rhs: Operand) -> Expression { Expression(.compare(lhs, op, rhs), offset: 0) }
func and(_ lhs: Expression, _ rhs: Expression) -> Expression { Expression(.and([lhs, rhs]), offset: 0) }
func or(_ lhs: Expression, _ rhs: Expression) -> Expression { Expression(.or([lhs, rhs]), offset: 0) }
func not(_ inner: Expression) -> Expression { Expression(.not(inner), offset: 0) }
func condition(_ expression: Expression, _ source: String = "condition") -> Condition {
    Condition(source: source, location: here(), expression: expression)
}

/// Ids of the rules of `engine` that fire on `text`.
func fired(_ engine: Engine, _ text: String, fields: [String: FieldValue] = [:]) -> [String] {
    engine.classify(Comment(id: "t", text: text, fields: fields)).rules
}

/// True when a one-rule engine with `patternText` fires on `text`.
func matches(_ patternText: String, _ text: String, lists: [String: [String]] = [:]) throws -> Bool {
    let engine = try engine([rule("r", .question, match: [patternText])], lists: lists)
    return fired(engine, text) == ["r"]
}

/// Hand-built tokens, for matcher tests that need token kinds the stand-in tokenizer lacks.
func tok(_ kind: Token.Kind, _ text: String, _ index: Int, clause: Int = 0) -> Token {
    Token(kind: kind, text: text, start: index * 10, end: index * 10 + 5, clause: clause)
}

/// Pattern hits (pattern id, token start, token end) of `patterns` over hand-built `tokens`.
func rawHits(_ patterns: [String], _ tokens: [Token], lists: [String: [String]] = [:]) throws -> [RawHit] {
    let engine = try engine([rule("r", .question, match: patterns)], lists: lists)
    let stream = TokenStream(tokens: tokens, vocabulary: engine.compiled.matcher.vocabulary)
    return engine.compiled.matcher.hits(in: stream)
}
