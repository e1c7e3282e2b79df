import Testing
@testable import Rapport

/// Unicode normalization, emoji sequences, scripts, control characters, and HTML entities with offsets.
@Suite struct TextUnicodeTests {
    typealias T = TextTestSupport

    @Test func accentCaseAndWidthFolding() {
        #expect(T.texts("café CAFÉ ＣＡＦÉ Cafe\u{301}") == ["cafe", "cafe", "cafe", "cafe"])
        #expect(T.texts("Straße ﬁne Ⅻ") == ["strasse", "fine", "xii"])
        #expect(T.described("ｈｅｌｌｏ　ｗｏｒｌｄ！") == ["word:hello=ｈｅｌｌｏ", "word:world=ｗｏｒｌｄ", "punctuation:!=！"])
        #expect(T.described("２０２６") == ["number:2026=２０２６"])
    }

    @Test func combiningMarksStayInTheirWordAndOffsetsCountScalars() {
        let text = "e\u{301}cole ok"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == ["ecole", "ok"])
        #expect(tokens.map(\.start) == [0, 7])
        #expect(tokens.map(\.end) == [6, 9])
        // A combining mark with nothing before it makes no token.
        #expect(T.texts("\u{301} a") == ["a"])
    }

    @Test func turkishDottedAndDotlessI() {
        #expect(T.texts("İSTANBUL İstanbul istanbul") == ["istanbul", "istanbul", "istanbul"])
        // Dotless ı is a different letter and stays one.
        #expect(T.texts("ılık") == ["ılık"])
    }

    @Test func rightToLeftScripts() {
        #expect(T.described("שלום עולם!") == ["word:שלום=שלום", "word:עולם=עולם", "punctuation:!=!"])
        // Arabic harakat are folded away so a rule can be written without them; ؟ asks like ?.
        #expect(T.texts("مَرْحَبًا بك؟") == ["مرحبا", "بك", "?"])
        // Bidirectional controls make no tokens.
        #expect(T.texts("\u{200F}שלום\u{200E} ok") == ["שלום", "ok"])
    }

    @Test func ideographsAreOneWordEach() {
        #expect(T.described("我要退款 ok") == ["word:我=我", "word:要=要", "word:退=退", "word:款=款", "word:ok=ok"])
        #expect(T.texts("한국어 좋아요") == ["한국어", "좋아요"])
    }

    @Test func emojiSequencesAreOneTokenEach() {
        let text = "👍🏽 👨‍👩‍👧‍👦 🇫🇷🇩🇪 1️⃣ #️⃣ ❤️ ❤ 🏴󠁧󠁢󠁥󠁮󠁧󠁿 👩🏾‍💻 😂😂"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.allSatisfy { $0.kind == .emoji })
        #expect(tokens.map { T.source(of: $0, in: text) } == ["👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🇩🇪", "1️⃣", "#️⃣", "❤️", "❤", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "👩🏾‍💻", "😂", "😂"])
        #expect(tokens[6].text == tokens[7].text)
        #expect(tokens[6].text == "\u{2764}")
        #expect(tokens[0].text == "👍🏽" && tokens[0].variant == "👍" && tokens[0].matches("👍"))
        #expect(tokens[4].text == "1\u{20E3}")
        #expect(tokens[9].variant == "👩‍💻")
    }

    @Test func emojiNextToWords() {
        #expect(T.described("love it😍so much") == ["word:love=love", "word:it=it", "emoji:😍=😍", "word:so=so", "word:much=much"])
        // Text-style symbols are not emoji unless asked for with U+FE0F.
        #expect(T.kinds("Brand™ ©") == [.word, .punctuation, .punctuation])
        #expect(T.kinds("©\u{FE0F}") == [.emoji])
    }

    @Test func controlCharactersAndNULMakeNoTokens() {
        let text = "a\u{0}b\u{7}c\u{1B}[0m d\u{FEFF}e"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == ["a", "b", "c", "[", "0m", "d", "e"])
        #expect(tokens.map(\.start) == [0, 2, 4, 6, 7, 10, 12])
    }

    @Test func loneApostrophesAndMarksAreNotWords() {
        // U+02BC is a letter to Unicode but an apostrophe to us; alone it is punctuation (this used to hang).
        #expect(T.described("\u{2BC}7 \u{5B0} ’") == ["punctuation:'=\u{2BC}", "number:7=7", "punctuation:'=’"])
    }

    @Test func curlyQuotesBecomeStraight() {
        #expect(T.texts("“great” ‘ok’") == ["\"", "great", "\"", "'", "ok", "'"])
    }

    @Test func htmlEntitiesDecodeWithOriginalOffsets() {
        let text = "AT&amp;T &lt;3 &quot;hi&quot; it&#39;s don&#x27;t &#128512; &bogus; &amp"
        let tokens = Tokenizer.tokenize(text)
        #expect(
            tokens.map { "\($0.text)=\(T.source(of: $0, in: text))" } == [
                "at=AT", "&=&amp;", "t=T", "<3=&lt;3", "\"=&quot;", "hi=hi", "\"=&quot;", "it's=it&#39;s",
                "do=do", "n't=n&#x27;t", "😀=&#128512;", "&=&", "bogus=bogus", ";=;", "&=&", "amp=amp",
            ])
        #expect(tokens[3].kind == .emoticon && tokens[10].kind == .emoji)
        // Decoding happens once: a double-encoded entity shows its inner text.
        #expect(T.texts("&amp;lt;") == ["&", "lt", ";"])
        // Invalid numeric entities stay literal.
        #expect(T.texts("&#0; &#xD800; &#99999999;").contains("#"))
    }

    @Test func literalUnicodeEscapesFromExports() {
        let text = "wait\\u2026 what \\u00e9t\\u00e9 \\ud83d\\ude00 C:\\users"
        #expect(
            T.described(text) == [
                "word:wait=wait", "punctuation:...=\\u2026", "word:what=what", "word:ete=\\u00e9t\\u00e9",
                "emoji:😀=\\ud83d\\ude00", "word:c=C", "punctuation::=:", "punctuation:\\=\\", "word:users=users",
            ])
        #expect(Tokenizer.tokenize(text)[1].clause == 0 && Tokenizer.tokenize(text)[2].clause == 1)
    }
}
