import Testing
@testable import Rapport

/// Alternatives are looked up by the word they start with, but must still be tried in the order they
/// were written: the first one that lets the whole pattern match decides the span.
@Suite struct AlternativeDispatchTests {
    /// The token range of the single hit of `pattern` on `text`.
    func span(_ pattern: String, _ text: String, lists: [String: [String]] = [:]) throws -> [Int32] {
        let hits = try rawHits([pattern], Tokenizer.tokenize(text), lists: lists)
        return hits.flatMap { [$0.start, $0.end] }
    }

    @Test func writtenOrderDecidesBetweenAlternativesWithTheSameFirstWord() throws {
        #expect(try span("x [late|late again]", "x late again") == [0, 2])
        #expect(try span("x [late again|late]", "x late again") == [0, 3])
    }

    @Test func keyedAndUnkeyedAlternativesKeepTheirOrder() throws {
        let lists = ["things": ["order", "order number"]]
        // The list alternative is not keyed by a word; it comes first, so it is tried first.
        #expect(try span("x [<things>|order number]", "x order number", lists: lists) == [0, 3])
        #expect(try span("x [order|<things>]", "x order number", lists: lists) == [0, 2])
        // An alternative starting with a gap or a class is always a candidate.
        #expect(try span("x [{1,1} number|order]", "x order number") == [0, 3])
        #expect(try span("x [<number>|seven]", "x 7") == [0, 2])
    }

    @Test func variantsFindTheirAlternative() throws {
        // "sooo" has text "soo" and variant "so"; either may be the word an alternative starts with.
        #expect(try span("[so|very] good", "sooo good") == [0, 2])
        #expect(try span("[soo|very] good", "sooo good") == [0, 2])
        #expect(try span("[very|so] good", "sooo good") == [0, 2])
    }

    @Test func alternativesAtTheEndOfTheCommentOnlyMatchWhatNeedsNoToken() throws {
        #expect(try span("late [again|$]", "late") == [0, 1])
        #expect(try span("late [again|now]", "late").isEmpty)
    }

    @Test func backtrackingIntoALaterAlternativeStillWorks() throws {
        // The first alternative matches "late" but then "again" is missing; the second must be tried.
        #expect(try span("[late|late again] again", "late again again") == [0, 2])
        #expect(try span("[very late|late] now", "late now") == [0, 2])
    }
}
