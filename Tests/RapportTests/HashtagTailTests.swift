import Testing

@testable import Rapport

/// A compound hashtag that no pattern names whole is read also as its longest ending that is a pattern
/// word (``HashtagTail``).
@Suite struct HashtagTailTests {
    @Test func compoundTagMatchesItsLastWord() throws {
        let engine = try engine([
            rule("bad", .complaint, match: ["[#sucks|#fail]"]),
            rule("good", .praise, match: ["#rocks"]),
        ])
        #expect(fired(engine, "waiting again #usairsucks") == ["bad"])
        #expect(fired(engine, "#brandfail today") == ["bad"])
        #expect(fired(engine, "crew was great #flightrocks") == ["good"])
        // The whole tag still matches as before.
        #expect(fired(engine, "#fail") == ["bad"])
    }

    @Test func onlyEndingsThePackNamesAsHashtagsAreTaken() throws {
        // "leaks" is a pattern word but no pattern names "#leaks": "#trumpleaks" is not read as it.
        let engine = try engine([rule("leak", .complaint, match: ["leaks"]), rule("fail", .complaint, match: ["#fail"])])
        #expect(fired(engine, "the roof leaks") == ["leak"])
        #expect(fired(engine, "#trumpleaks") == [])
        #expect(fired(engine, "#brandfail") == ["fail"])
    }

    @Test func tagNamedWholeKeepsItsOwnWord() throws {
        let engine = try engine([
            rule("tag", .complaint, match: ["#customerservicefail"]),
            rule("tail", .complaint, match: ["#fail"]),
        ])
        // The pack names the tag: it is that word, not its ending.
        #expect(fired(engine, "#customerservicefail") == ["tag"])
    }

    @Test func negatedStartKeepsTheTailQuiet() throws {
        let engine = try engine([rule("happy", .praise, match: ["#happy"]), rule("wait", .praise, match: ["#wait"])])
        #expect(fired(engine, "#sonothappy") == [])
        #expect(fired(engine, "#cannotwait") == [])
        #expect(fired(engine, "#sohappy") == ["happy"])
    }

    @Test func shortEndingsAndWordsAreNotSplit() throws {
        let engine = try engine([rule("bad", .complaint, match: ["#bad", "#fail"])])
        // Endings shorter than four bytes are not taken, a word is never split, and a tag that is only
        // the word is the word itself.
        #expect(fired(engine, "#notbad") == [])
        #expect(fired(engine, "#toobad") == [])
        #expect(fired(engine, "epicfail") == [])
        #expect(fired(engine, "#fail") == ["bad"])
    }

    @Test func accentedEndingIsFoldedLikeAWord() throws {
        let engine = try engine([rule("bad", .complaint, match: ["#échec"])])
        #expect(fired(engine, "#grandéchec") == ["bad"])
        #expect(fired(engine, "#grandechec") == ["bad"])
    }
}
