import Testing
@testable import Rapport

/// Token kinds, normalization of ASCII text, contractions, elongations and clauses.
@Suite struct TokenizerTests {
    typealias T = TextTestSupport

    @Test func wordsAreLowercasedWithOffsets() {
        let tokens = Tokenizer.tokenize("Where IS my Package")
        #expect(tokens.map(\.text) == ["where", "is", "my", "package"])
        #expect(tokens.map(\.kind) == [.word, .word, .word, .word])
        #expect(tokens.map(\.start) == [0, 6, 9, 12])
        #expect(tokens.map(\.end) == [5, 8, 11, 19])
    }

    @Test func internalHyphensApostrophesAndUnderscoresStayInWords() {
        #expect(
            T.texts("e-mail check-in rock'n'roll i'm it's you're snake_case") == ["e-mail", "check-in", "rock'n'roll", "i'm", "it's", "you're", "snake_case"])
        #expect(T.texts("- 'quoted' -dash") == ["-", "'", "quoted", "'", "-", "dash"])
    }

    @Test func patternAndCommentSpellingsGiveTheSameTexts() {
        #expect(T.texts("I CAN’T log in!!!") == ["i", "ca", "n't", "log", "in", "!"])
        #expect(Array(T.texts("I CAN’T log in!!!").dropFirst().dropLast()) == T.texts("can't log in"))
    }

    @Test func negativeContractionsSplit() {
        #expect(T.texts("don't can't won't isn't ain't") == ["do", "n't", "ca", "n't", "wo", "n't", "is", "n't", "ai", "n't"])
        #expect(T.described("don’t") == ["word:do=do", "word:n't=n’t"])
        #expect(T.described("DONT cant") == ["word:do=DO", "word:n't=NT", "word:ca=ca", "word:n't=nt"])
        for bare in [
            "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "havent", "couldnt", "shouldnt",
            "wouldnt", "arent", "aint",
        ] {
            let texts = T.texts(bare)
            #expect(texts == [String(bare.dropLast(2)), "n't"], "\(bare)")
        }
        #expect(T.texts("cannot") == ["can", "not"])
        #expect(T.texts("n't") == ["n't"])
        // Common misspellings split into the auxiliary they stand for, so patterns written with "doesn't" match.
        #expect(T.texts("it dosnt work") == ["it", "does", "n't", "work"])
        #expect(T.texts("Dosent didint havnt") == ["does", "n't", "did", "n't", "have", "n't"])
        #expect(T.described("dosnt") == ["word:does=dos", "word:n't=nt"])
        // Words that merely end in "nt" are not contractions.
        #expect(T.texts("want event paint") == ["want", "event", "paint"])
    }

    @Test func otherContractionsStayWhole() {
        #expect(T.texts("I'm sure it’s fine, you're right, we'll see") == ["i'm", "sure", "it's", "fine", ",", "you're", "right", ",", "we'll", "see"])
    }

    @Test func elongationsAreSqueezedWithAVariant() {
        let tokens = Tokenizer.tokenize("sooooo goooood pleeeease LOOOOVE good")
        #expect(tokens.map(\.text) == ["soo", "good", "pleease", "loove", "good"])
        #expect(tokens.map(\.variant) == ["so", "god", "please", "love", nil])
        #expect(tokens[0].matches("so") && tokens[1].matches("good") && tokens[2].matches("please"))
        #expect(!tokens[4].matches("god"))
        // Digits are not elongations; two-letter runs are kept.
        #expect(Tokenizer.tokenize("1000 book").map(\.variant) == [nil, nil])
        let tag = Tokenizer.tokenize("#sooooBlessed")
        #expect(tag.map(\.kind) == [.hashtag] && tag[0].text == "sooblessed" && tag[0].variant == "soblessed")
    }

    @Test func numbers() {
        #expect(
            T.described("42 3.5 1,000 $20 20% 10:30 €5 20€ $1,299.99") == [
                "number:42=42", "number:3.5=3.5", "number:1000=1,000", "number:$20=$20", "number:20%=20%",
                "number:10:30=10:30", "number:€5=€5", "number:20€=20€", "number:$1299.99=$1,299.99",
            ])
        // Digits glued to letters make words; separators that are not part of a number stay punctuation.
        #expect(T.described("2nd 4k 1,2") == ["word:2nd=2nd", "word:4k=4k", "number:1=1", "punctuation:,=,", "number:2=2"])
        #expect(T.kinds("$ 5") == [.punctuation, .number])
    }

    @Test func mentionsAndHashtags() {
        #expect(
            T.described("@Ana_B hi #FAIL #Café #1 mail@example.com") == [
                "mention:ana_b=@Ana_B", "word:hi=hi", "hashtag:fail=#FAIL", "hashtag:cafe=#Café", "punctuation:#=#",
                "number:1=1", "word:mail=mail", "punctuation:@=@", "url:example.com=example.com",
            ])
        #expect(T.described("# @ ") == ["punctuation:#=#", "punctuation:@=@"])
    }

    @Test func urls() {
        #expect(
            T.described("see https://Example.com/a?b=1. and HTTP://x.io, www.Foo.org/x) bit.ly/3xYz") == [
                "word:see=see", "url:https://example.com/a?b=1=https://Example.com/a?b=1", "punctuation:.=.",
                "word:and=and", "url:http://x.io=HTTP://x.io", "punctuation:,=,", "url:www.foo.org/x=www.Foo.org/x",
                "punctuation:)=)", "url:bit.ly/3xyz=bit.ly/3xYz",
            ])
        #expect(T.kinds("(see https://en.wikipedia.org/wiki/Foo_(bar))") == [.punctuation, .word, .url, .punctuation])
        // Sentences missing a space after the period are not domains.
        #expect(T.texts("like it.It was fine.Thanks") == ["like", "it", ".", "it", "was", "fine", ".", "thanks"])
        #expect(T.kinds("example.com") == [.url])
        #expect(T.kinds("http:// x") == [.word, .punctuation, .punctuation, .word])
    }

    @Test func emoticons() {
        #expect(
            T.described(":) :-) :( :-( :D ;) :P <3 </3 :/ xD :'( :)))") == [
                "emoticon::)=:)", "emoticon::)=:-)", "emoticon::(=:(", "emoticon::(=:-(", "emoticon::d=:D",
                "emoticon:;)=;)", "emoticon::p=:P", "emoticon:<3=<3", "emoticon:</3=</3", "emoticon::/=:/",
                "emoticon:xd=xD", "emoticon::'(=:'(", "emoticon::)=:)))",
            ])
        #expect(T.described("thanks:) great") == ["word:thanks=thanks", "emoticon::)=:)", "word:great=great"])
        // Not emoticons: a colon before letters, a time, a path.
        #expect(T.kinds("Dear:Dave") == [.word, .punctuation, .word])
        #expect(T.kinds("at 10:30") == [.word, .number])
        #expect(T.kinds("xDD xdx") == [.emoticon, .word])
    }

    @Test func punctuationRunsAreOneToken() {
        #expect(
            T.described("what!!! why??? really?! no?!? ok... wait… hmm..") == [
                "word:what=what", "punctuation:!=!!!", "word:why=why", "punctuation:?=???", "word:really=really",
                "punctuation:?=?!", "word:no=no", "punctuation:?=?!?", "word:ok=ok", "punctuation:...=...",
                "word:wait=wait", "punctuation:...=…", "word:hmm=hmm", "punctuation:...=..",
            ])
        #expect(T.described("yes！！ no？") == ["word:yes=yes", "punctuation:!=！！", "word:no=no", "punctuation:?=？"])
        #expect(T.texts("a, b -- c") == ["a", ",", "b", "-", "c"])
    }

    @Test func clauses() {
        let tokens = Tokenizer.tokenize("not sure but I love it; really: yes\nno. However ok although fine, though")
        let clauses = Dictionary(tokens.map { ($0.text, $0.clause) }, uniquingKeysWith: { a, _ in a })
        #expect(clauses["not"] == 0 && clauses["sure"] == 0)
        #expect(clauses["but"] == 1 && clauses["love"] == 1 && clauses[";"] == 1)
        #expect(clauses["really"] == 2 && clauses[":"] == 2)
        #expect(clauses["yes"] == 3 && clauses["no"] == 4 && clauses["."] == 4)
        #expect(clauses["however"] == 5 && clauses["ok"] == 5)
        #expect(clauses["although"] == 6 && clauses["fine"] == 6 && clauses[","] == 6 && clauses["though"] == 7)
        // A comma ends a clause, so a leading "no," or "not joking," negates nothing after it.
        #expect(Tokenizer.tokenize("no, still broken").map(\.clause) == [0, 0, 1, 1])
        #expect(Tokenizer.tokenize("not joking, no signal").map(\.clause) == [0, 0, 0, 1, 1])
        // Breaks do not pile up and the first clause is 0.
        #expect(Tokenizer.tokenize("But!!! ... \n\n wait").map(\.clause) == [0, 0, 1, 2])
        // A colon inside a word or a time does not break.
        #expect(Tokenizer.tokenize("re:order at 10:30 ok").map(\.clause) == [0, 0, 0, 0, 0, 0])
    }

    @Test func emptyAndBlankText() {
        #expect(Tokenizer.tokenize("").isEmpty)
        #expect(Tokenizer.tokenize(" \t\n\r ").isEmpty)
    }
}
