// libFuzzer harness for the `when` parser and evaluator: the bytes drive a generator of long
// `and`/`or` chains, deep nesting with parentheses and `not`, and raw text. Built by scripts/fuzz.sh.
// A generated expression must parse exactly when it is within the nesting and term limits, and
// must then evaluate to the value worked out while generating it; raw text must parse or throw.
@testable import Rapport

/// The comment every expression is evaluated against: `a` true, `b` false, `likes` 5.
private let comment = Comment(id: "f", text: "x", fields: ["a": .bool(true), "b": .bool(false), "likes": .number(5)])

/// Reads the fuzzer's bytes as choices; past the end every choice is 0.
private struct Choices {
    var bytes: [UInt8]
    var index = 0
    mutating func next() -> Int {
        defer { index += 1 }
        return index < bytes.count ? Int(bytes[index]) : 0
    }
}

/// A generated expression's text, its value, its deepest nesting and its comparisons.
private struct Generated {
    var text: String
    var value: Bool
    var depth: Int
    var terms: Int
}

/// Generates an `or` of `and` chains; a term is an atom, `not` a term or a parenthesised expression.
private func generate(_ choices: inout Choices, depth: Int, budget: inout Int) -> Generated {
    // Chain length: mostly short, sometimes thousands of terms (a long chain at any depth).
    let shape = choices.next()
    let length = shape < 200 ? 1 + shape % 4 : shape < 250 ? 1 + choices.next() * 8 : 1_000 + choices.next() * 200
    var text = "", value = false, group = true, deepest = depth, terms = 0
    for index in 0..<length {
        let joinWithOr = index > 0 && choices.next() % 3 == 0
        if index > 0 {
            text += joinWithOr ? " or " : " and "
            if joinWithOr { value = value || group; group = true }
        }
        let term = term(&choices, depth: depth, budget: &budget)
        text += term.text
        group = group && term.value
        deepest = max(deepest, term.depth)
        terms += term.terms
    }
    value = value || group
    return Generated(text: text, value: value, depth: deepest, terms: terms)
}

private func term(_ choices: inout Choices, depth: Int, budget: inout Int) -> Generated {
    let kind = choices.next() % 8
    if kind == 0, budget > 0, depth < 40 {
        budget -= 1
        let inner = generate(&choices, depth: depth + 1, budget: &budget)
        return Generated(text: "(" + inner.text + ")", value: inner.value, depth: inner.depth, terms: inner.terms)
    }
    if kind == 1, depth < 40 {
        let inner = term(&choices, depth: depth + 1, budget: &budget)
        return Generated(text: "not " + inner.text, value: !inner.value, depth: inner.depth, terms: inner.terms)
    }
    let atoms: [(String, Bool)] = [
        ("a", true), ("b", false), ("likes > 3", true), ("likes >= 6", false),
        ("missing", false), ("label == complaint", true), ("likes in [1, 5]", true), ("b != true", true),
    ]
    let atom = atoms[choices.next() % atoms.count]
    return Generated(text: atom.0, value: atom.1, depth: depth, terms: 1)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWhen(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    return FieldLookup.with(comment, label: .complaint) { lookup in
        fuzzWhen(bytes, mode: mode, evaluator: ConditionEvaluator(fields: lookup))
    }
}

/// One input, its expressions evaluated by `evaluator`.
private func fuzzWhen(_ bytes: [UInt8], mode: UInt8, evaluator: ConditionEvaluator) -> CInt {
    if mode % 4 == 0 {
        // Raw text: parse or throw, then evaluate whatever parsed.
        if let expression = try? ExpressionParser.parse(String(decoding: bytes.dropFirst(), as: UTF8.self), maxTerms: 100_000) {
            _ = evaluator.evaluate(expression)
        }
        return 0
    }
    var choices = Choices(bytes: Array(bytes.dropFirst()))
    var budget = 64
    let generated = generate(&choices, depth: 0, budget: &budget)
    let maxTerms = mode % 4 == 1 ? PackLimits.default.maxWhenTerms : 1_000_000
    let fits = generated.depth < ExpressionParser.maxNesting && generated.terms <= maxTerms
    do throws(ParseIssue) {
        let expression = try ExpressionParser.parse(generated.text, maxTerms: maxTerms)
        check(fits, "parsed an expression of depth \(generated.depth) and \(generated.terms) terms")
        check(evaluator.evaluate(expression) == generated.value, "evaluated to the wrong value: \(generated.text.prefix(300))")
        check(expression == expression, "an expression is not equal to itself")
    } catch {
        check(!fits, "refused an expression within the limits (\(error)): \(generated.text.prefix(300))")
        check(error.code == .whenSyntax || error.code == .whenLimit, "unexpected error \(error.code)")
    }
    return 0
}
