import Testing
@testable import Rapport

/// The word scanner's short words (one to eight ASCII letters, emitted from a register with
/// ``TextScanner/emitShortWord(_:length:from:to:)`` and looked up by ``Vocabulary/Reader/lookup(shortWord:head:hits:count:)``)
/// give what the general path gives.
@Suite struct ShortWordTests {
    @Test func headsAreTheWordsBytes() {
        #expect(TextScanner<TokenList>.cannotHead == TextScanner<TokenList>.head("cannot"))
        #expect(TextScanner<TokenList>.butHead == TextScanner<TokenList>.head("but"))
        #expect(TextScanner<TokenList>.thoughHead == TextScanner<TokenList>.head("though"))
        #expect(TextScanner<TokenList>.howeverHead == TextScanner<TokenList>.head("however"))
        #expect(TextScanner<TokenList>.althoughHead == TextScanner<TokenList>.head("although"))
    }

    /// The short-word lookup against the general one on every word and prefix of the test vocabularies
    /// of at most eight bytes, and on random short texts over a few letters.
    @Test func shortWordLookupIsTheGeneralLookup() {
        var random = SplitMix64(seed: 31)
        var texts: [String] = []
        for vocabulary in TokenStreamTests.vocabularies { texts += vocabulary.words + vocabulary.prefixes }
        let letters = Array("abnotsuhw'".utf8)
        for _ in 0..<5_000 {
            let length = 1 + Int(random.next() % 8)
            texts.append(String(decoding: (0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }, as: UTF8.self))
        }
        for vocabulary in TokenStreamTests.vocabularies {
            let reader = Vocabulary.Reader(vocabulary.table)
            for text in texts where (1...8).contains(text.utf8.count) {
                let bytes = Array(text.utf8)
                var head: UInt64 = 0
                for (k, byte) in bytes.enumerated() { head |= UInt64(byte) << UInt64(8 * k) }
                bytes.withUnsafeBufferPointer { buffer in
                    let hits = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * buffer.count + 2)
                    defer { hits.deallocate() }
                    var generalCount = 0
                    let general = reader.lookup(buffer, hits: hits, count: &generalCount)
                    let generalHits = Array(UnsafeBufferPointer(start: hits, count: generalCount))
                    var shortCount = 0
                    let short = reader.lookup(shortWord: buffer, head: head, hits: hits, count: &shortCount)
                    #expect(short == general, "\(text)")
                    #expect(Array(UnsafeBufferPointer(start: hits, count: shortCount)) == generalHits, "\(text)")
                }
            }
        }
    }

    /// Random texts of short and long words, conjunctions, contractions, elongations, digits, dots,
    /// commas and apostrophes: their tokens and streams are those of the same text after a no-break space,
    /// which makes no token but leaves no ASCII prefix, so that no word takes the short path there (the
    /// offsets one scalar further on).
    @Test func shortWordsTokenizeAsTheGeneralPathDoes() {
        var random = SplitMix64(seed: 1_831)
        let pieces = [
            "but", "But", "BUT", "though", "however", "although", "butt", "tho", "cannot", "CanNot", "dont", "cant", "didnt",
            "dosnt", "want", "ant", "nt", "mint", "points", "went", "i", "a", "is", "the", "love", "great", "awesome", "terrible",
            "customer", "everything", "sooo", "ok", "x", "xD", "no", "not", "don't", "i'm", "it's", "well-known", "go.", "foo.com",
            "e.g.", "a1", "abc_d", "10", "$20", "#fail", "@ana", "café", "hello", "WORLD", "n't",
        ]
        let gaps = [" ", " ", " ", "  ", ", ", ". ", "! ", "? ", "\n", "... ", ".", "-", "'", " :) "]
        for round in 0..<3_000 {
            var text = ""
            for _ in 0..<(1 + Int(random.next() % 12)) {
                text += pieces[Int(random.next() % UInt64(pieces.count))]
                text += gaps[Int(random.next() % UInt64(gaps.count))]
            }
            if round % 3 == 0 { text = String(text.dropLast()) }
            let shifted = "\u{A0}" + text
            let expected = Tokenizer.tokenize(shifted).map { token in
                Token(
                    kind: token.kind, text: token.text, start: token.start - 1, end: token.end - 1, clause: token.clause,
                    variant: token.variant)
            }
            #expect(Tokenizer.tokenize(text) == expected, "\(text.debugDescription)")
            for vocabulary in TokenStreamTests.vocabularies {
                let direct = TokenStream(text: text, vocabulary: vocabulary)
                let general = TokenStream(text: shifted, vocabulary: vocabulary)
                #expect(direct.ids.elementsEqual(general.ids), "\(text.debugDescription)")
                #expect(direct.variantIds.elementsEqual(general.variantIds), "\(text.debugDescription)")
                #expect(direct.kinds.elementsEqual(general.kinds), "\(text.debugDescription)")
                #expect(direct.clauses.elementsEqual(general.clauses), "\(text.debugDescription)")
                #expect(direct.starts.elementsEqual(general.starts.map { $0 - 1 }), "\(text.debugDescription)")
                #expect(direct.ends.elementsEqual(general.ends.map { $0 - 1 }), "\(text.debugDescription)")
                #expect(direct.prefixStart.elementsEqual(general.prefixStart), "\(text.debugDescription)")
                #expect(direct.prefixHits.elementsEqual(general.prefixHits), "\(text.debugDescription)")
                #expect(direct.first == general.first, "\(text.debugDescription)")
            }
            TokenStreamTests.checkSameStream(text)
        }
    }
}
