import Testing
@testable import Rapport

/// Conditions compiled once per engine (``CompiledCondition``) and the byte-wise comparison of ASCII
/// strings that spares lowercasing them.
@Suite struct CompiledConditionTests {
    /// Every pair of short strings over letters of both cases and the bytes between the upper- and
    /// lower-case letters (`[`, `_`) orders as the lowercased strings do.
    @Test func asciiOrderIsTheOrderOfTheLowercasedStrings() {
        let alphabet: [String] = ["a", "A", "b", "Z", "z", "_", "[", "0", " "]
        var words: [String] = [""]
        for _ in 0..<2 { words += words.flatMap { word in alphabet.map { word + $0 } } }
        words = Array(Set(words)).sorted()
        for a in words {
            for b in words {
                let x = a.lowercased(), y = b.lowercased()
                let expected = x == y ? 0 : (x < y ? -1 : 1)
                #expect(ConditionEvaluator.asciiOrderIgnoringCase(a, b) == expected, "'\(a)' '\(b)'")
            }
        }
    }

    @Test func nonASCIIStringsAreLeftToLowercasing() {
        #expect(ConditionEvaluator.asciiOrderIgnoringCase("café", "CAFE") == nil)
        #expect(ConditionEvaluator.asciiOrderIgnoringCase("x", "É") == nil)
        #expect(ConditionEvaluator.order(.string("Émile"), .string("émile")) == 0)
        #expect(ConditionEvaluator.order(.string("Complaint"), .string("complaint")) == 0)
    }

    /// Compiled conditions over a comment's fields and the decided label: dotted paths, literals,
    /// membership, case-insensitive strings, numbers read from text, missing fields.
    @Test func compiledConditionsEvaluateAsWritten() throws {
        let comment = Comment(
            id: "1", text: "t", author: "@ana",
            fields: ["author.followers": .number(12_000), "platform": .string("X"), "likes": .string("1.2K")])
        try FieldLookup.with(comment, label: .complaint) { lookup in
            let evaluator = ConditionEvaluator(fields: lookup)
            let cases: [(String, Bool)] = [
                ("label == complaint and author.followers >= 10000", true), ("label != praise", true),
                ("platform in [x, youtube]", true), ("platform not in [X]", false), ("likes > 1000 or label == praise", true),
                ("not likes", false), ("missing == 3", false), ("missing != 3", true), ("author == '@ANA'", true),
                ("platform == 'Y'", false), ("author.followers < 10000", false), ("label in [praise, question]", false),
            ]
            for (source, expected) in cases {
                let condition = CompiledCondition(try ExpressionParser.parse(source))
                #expect(evaluator.evaluate(condition) == expected, "\(source)")
            }
        }
    }
}
