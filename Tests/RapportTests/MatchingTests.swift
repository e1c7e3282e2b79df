import Testing
@testable import Rapport

@Suite struct MatchingTests {
    @Test func literalIsConsecutiveTokensIgnoringCase() throws {
        #expect(try matches("where is my", "Hey, WHERE is My order"))
        #expect(try !matches("where is my", "where is the order, my friend"))
        #expect(try !matches("where is my", "where my is"))
    }

    @Test func alternativesMayHaveSeveralTokens() throws {
        let pattern = "still [waiting|not here|missing]"
        #expect(try matches(pattern, "I am still waiting"))
        #expect(try matches(pattern, "it is still not here!"))
        #expect(try matches(pattern, "still missing"))
        #expect(try !matches(pattern, "still not arrived"))
        #expect(try !matches(pattern, "waiting still"))
    }

    @Test func nestedAndOptionalAlternatives() throws {
        #expect(try matches("[my [order|parcel]|the delivery] [is|was] late", "the delivery was late"))
        #expect(try matches("[my [order|parcel]|the delivery] [is|was] late", "my parcel is late"))
        #expect(try !matches("[my [order|parcel]|the delivery] [is|was] late", "my delivery is late"))
        #expect(try matches("is [really|] late", "is late"))
        #expect(try matches("is [really|] late", "is really late"))
    }

    @Test func anAlternativeTriedAfterALaterGroupFailedStillContinuesAfterItsOwnGroup() throws {
        // "a" leaves "[c|d]" to fail at "b" (the group's continuation was pushed over the first's); "a b"
        // must then go on with "[c|d] e", not with what the failed group would have run next.
        #expect(try matches("x [a|a b] [c|d] e", "x a b c e"))
        #expect(try matches("x [a|a b] [c|d] [e|f] g", "x a b d f g"))
        #expect(try !matches("x [a|a b] [c|d] e", "x a b e"))
    }

    @Test func listEntriesMayHaveSeveralTokens() throws {
        let lists = ["parcel": ["order", "package", "order number"]]
        #expect(try matches("where is my <parcel>", "where is my package?", lists: lists))
        #expect(try matches("my <parcel> please", "my order number please", lists: lists))
        #expect(try matches("my <parcel> please", "my order please", lists: lists))
        #expect(try !matches("where is my <parcel>", "where is my refund", lists: lists))
        #expect(try matches("<parcel> late", "Order late", lists: lists))
    }

    @Test func prefixMatchesTheWordAndLongerWords() throws {
        #expect(try matches("refund*", "I want a refund"))
        #expect(try matches("refund*", "they REFUNDED me"))
        #expect(try matches("full refund*", "a full refunds policy"))
        #expect(try !matches("refund*", "no ref here"))
        #expect(try !matches("refund* now", "refunding later"))
    }

    @Test func starIsExactlyOneToken() throws {
        #expect(try matches("my * is broken", "my phone is broken"))
        #expect(try !matches("my * is broken", "my is broken"))
        #expect(try !matches("my * is broken", "my new phone is broken"))
    }

    @Test func gapAllowsMinToMaxTokens() throws {
        let pattern = "order {1,2} late"
        #expect(try !matches(pattern, "order late"))
        #expect(try matches(pattern, "order was late"))
        #expect(try matches(pattern, "order was very late"))
        #expect(try !matches(pattern, "order was very very late"))
        #expect(try matches("order {0,3} late", "order late"))
    }

    @Test func leadingStarAndGapsNeedTokensBefore() throws {
        #expect(try !matches("* late", "late again"))
        #expect(try matches("* late", "so late"))
        #expect(try !matches("{2,3} late", "so late"))
        #expect(try matches("{2,3} late", "really so late"))
        #expect(try matches("{0,3} late", "late"))
        #expect(try matches("* [late|slow]", "so slow"))
        #expect(try !matches("* [late|slow]", "slow"))
    }

    @Test func leadingGapIsPartOfTheSpan() throws {
        let engine = try engine([rule("r", .question, match: ["* late"])])
        let verdict = engine.classify(Comment(text: "so very late"))
        #expect(verdict.spans.map(\.text) == ["very late"])
    }

    @Test func startAnchorSkipsLeadingMentionsAndEndAnchorIsTheLastToken() throws {
        #expect(try matches("^ why", "why is it late"))
        #expect(try !matches("^ why", "but why is it late"))
        #expect(try matches("late $", "it is late"))
        #expect(try !matches("late $", "late again"))
        #expect(try matches("^ why $", "why"))
        let tokens = [tok(.mention, "acme", 0), tok(.mention, "bob", 1), tok(.word, "why", 2), tok(.word, "late", 3)]
        let hits = try rawHits(["^ why"], tokens)
        #expect(hits.map { [$0.start, $0.end] } == [[2, 3]])
        #expect(try rawHits(["^ late"], tokens).isEmpty)
        #expect(try rawHits(["^ * late"], tokens).map { [$0.start, $0.end] } == [[2, 4]])
    }

    @Test func builtinsMatchByTokenKind() throws {
        let tokens = [
            tok(.mention, "acme", 0), tok(.word, "see", 1), tok(.url, "example.com/x", 2), tok(.number, "42", 3),
            tok(.hashtag, "fail", 4), tok(.emoji, "😡", 5), tok(.emoticon, ":(", 6),
        ]
        func starts(_ pattern: String) throws -> [Int32] { try rawHits([pattern], tokens).map(\.start) }
        #expect(try starts("<mention>") == [0])
        #expect(try starts("<url>") == [2])
        #expect(try starts("<number>") == [3])
        #expect(try starts("<hashtag>") == [4])
        #expect(try starts("<emoji>") == [5, 6])
        #expect(try starts("see <url>") == [1])
    }

    @Test func hashtagAlsoMatchesItsWordButWordsDoNotMatchMentions() throws {
        let tokens = [tok(.hashtag, "fail", 0), tok(.mention, "fail", 1), tok(.word, "fail", 2)]
        #expect(try rawHits(["fail"], tokens).map(\.start) == [0, 2])
        #expect(try rawHits(["fai*"], tokens).map(\.start) == [0, 2])
    }

    @Test func overlappingPatternsOfManyRulesAllHit() throws {
        let engine = try engine([
            rule("a", .complaint, match: ["late"]),
            rule("b", .complaint, match: ["very late"]),
            rule("c", .question, match: ["late {0,2} why"]),
            rule("d", .praise, match: ["on time"]),
        ])
        #expect(fired(engine, "very late, why?") == ["a", "b", "c"])
    }

    @Test func aRuleFiresOnceHoweverManyPatternsHit() throws {
        let engine = try engine([rule("a", .complaint, weight: 2, match: ["late", "slow", "late again"])])
        let verdict = engine.classify(Comment(text: "late, slow, late again"))
        #expect(verdict.rules == ["a"])
        #expect(verdict.scores["complaint"] == 2)
        #expect(verdict.spans.count == 4)
    }

    @Test func undefinedListIsADiagnosticNotACrash() throws {
        do {
            _ = try engine([rule("r", .question, match: ["where is my <parcle>"])], lists: ["parcel": ["order"]])
            Issue.record("expected an error")
        } catch {
            let diagnostic = try #require(error.errors.first)
            #expect(diagnostic.code == .undefinedList)
            #expect(diagnostic.column == 5 + 12)
            #expect(diagnostic.hint == "did you mean '<parcel>'?")
        }
    }

    @Test func patternsThatMatchNoTokenAreErrors() throws {
        for source in ["", "{0,2}", "^ $"] {
            #expect(throws: RulePackError.self) { try engine([rule("r", .question, match: [source])]) }
        }
        #expect(throws: RulePackError.self) { try engine([rule("r", .question, match: ["a {3,1} b"])]) }
        #expect(throws: RulePackError.self) { try engine([rule("r", .question, match: ["a {0,500} b"])]) }
    }

    @Test func pathologicalPatternsStopWithinTheStepBudget() throws {
        let pattern = Array(repeating: "{0,50}", count: 8).joined(separator: " ") + " zzz"
        let text = Array(repeating: "a", count: 300).joined(separator: " ")
        #expect(try !matches("a " + pattern, text))
    }

    @Test func manyAlternativesAtTheStartAreStillFound() throws {
        let words = (0..<200).map { "w\($0)" }
        let pattern = "[" + words.joined(separator: "|") + "] end"
        #expect(try matches(pattern, "w150 end"))
        #expect(try matches(pattern, "x w3 end"))
        #expect(try !matches(pattern, "w150 w151"))
    }

    @Test func tokenizerFeaturesReachTheMatcher() throws {
        #expect(try matches("fail", "what a #FAIL"))
        #expect(try matches("so good", "sooooo goooood"))
        #expect(try matches("<emoji>", "thanks 👍🏽"))
        #expect(try matches("<emoji>", "thanks :-)"))
        #expect(try matches("<mention> see <url>", "@bob see https://example.com/x"))
        #expect(try matches("cafe", "Café"))
        #expect(try matches("refund*", "ＲＥＦＵＮＤＳ please"))
        #expect(try matches("👍", "👍🏽 great"))
        let engine = try engine([rule("p", .praise, match: ["like"])], lists: ["negators": ["not", "n't"]])
        #expect(fired(engine, "I don't like it") == [])
        #expect(fired(engine, "I do like it") == ["p"])
    }
}
