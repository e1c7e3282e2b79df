import Testing

@testable import Rapport

/// The vocabulary's lookup (a hash table of the words, a trie of the prefixes alone) gives what its
/// definition gives: the id of the word whose bytes are the text's, and the ids of the prefixes whose
/// bytes start the text, shortest first.
@Suite struct VocabularyLookupTests {
    /// The definition: the word id of the word with the same bytes (`ids`: every word's bytes with its id),
    /// the prefix ids by testing every prefix.
    static func expected(_ text: [UInt8], in vocabulary: Vocabulary, ids: [[UInt8]: Int32]) -> (id: Int32, prefixes: [Int32]) {
        guard !text.isEmpty else { return (-1, []) }
        let prefixes = vocabulary.prefixes.enumerated()
            .filter { !$0.element.utf8.isEmpty && text.starts(with: $0.element.utf8) }
            .sorted { $0.element.utf8.count < $1.element.utf8.count }
            .map { Int32($0.offset) }
        return (ids[text] ?? -1, prefixes)
    }

    /// Every word's bytes with its id (the first id, should two words have the same bytes).
    static func ids(_ vocabulary: Vocabulary) -> [[UInt8]: Int32] {
        var ids: [[UInt8]: Int32] = [:]
        for (id, word) in vocabulary.words.enumerated() where ids[Array(word.utf8)] == nil { ids[Array(word.utf8)] = Int32(id) }
        #expect(ids.count == vocabulary.words.count)
        return ids
    }

    static func check(_ text: [UInt8], in vocabulary: Vocabulary, ids: [[UInt8]: Int32]) {
        let (id, prefixes) = expected(text, in: vocabulary, ids: ids)
        text.withUnsafeBufferPointer { buffer in
            var hits: [Int32] = [7]
            let found = vocabulary.lookup(buffer, prefixHits: &hits)
            #expect(found == id, "\(text)")
            #expect(hits == [7] + prefixes, "\(text)")
        }
        // The word scanner's lookup: the text followed by eight zero bytes, read eight at a time.
        guard !text.isEmpty else { return }
        let padded = text + [UInt8](repeating: 0, count: 8)
        padded.withUnsafeBufferPointer { buffer in
            let hits = UnsafeMutablePointer<Int32>.allocate(capacity: text.count)
            defer { hits.deallocate() }
            var count = 0
            let found = Vocabulary.Reader(vocabulary.table).lookup(
                padded: UnsafeBufferPointer(rebasing: buffer[0..<text.count]), hits: hits, count: &count)
            #expect(found == id, "\(text)")
            #expect(Array(UnsafeBufferPointer(start: hits, count: count)) == prefixes, "\(text)")
        }
    }

    /// Every word and prefix, each of their shorter and longer texts, and the words with one byte changed
    /// (same length and same first eight bytes, different hash or different rest).
    @Test func everyWordAndPrefixAndTheirNeighbours() {
        for vocabulary in TokenStreamTests.vocabularies {
            let ids = Self.ids(vocabulary)
            for text in vocabulary.words + vocabulary.prefixes {
                let bytes = Array(text.utf8)
                for length in 0...bytes.count { Self.check(Array(bytes[0..<length]), in: vocabulary, ids: ids) }
                for suffix: [UInt8] in [[0x73], [0x61, 0x62], [0], Array("ingness".utf8)] { Self.check(bytes + suffix, in: vocabulary, ids: ids) }
                for position in bytes.indices {
                    var changed = bytes
                    changed[position] ^= 0x01
                    Self.check(changed, in: vocabulary, ids: ids)
                }
            }
        }
    }

    /// Random texts over a few letters (many of them words or prefixes of the vocabulary), of every length
    /// from 0 to 20, and texts with NUL bytes (which the hash's zero padding must not confuse).
    @Test func randomTexts() {
        var random = SplitMix64(seed: 1_806)
        let letters = Array("aeiolnrstu'".utf8)
        for vocabulary in TokenStreamTests.vocabularies {
            let ids = Self.ids(vocabulary)
            for _ in 0..<3_000 {
                let length = Int(random.next() % 21)
                let text = (0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }
                Self.check(text, in: vocabulary, ids: ids)
            }
            for word in vocabulary.words.prefix(200) where word.utf8.count < 8 {
                Self.check(Array(word.utf8) + [0], in: vocabulary, ids: ids)
                Self.check([0] + Array(word.utf8), in: vocabulary, ids: ids)
            }
        }
    }

    /// Interning tells texts apart by their bytes: canonically equivalent spellings (equal as `String`s) get
    /// ids of their own, and the same bytes get the same id.
    @Test func internsByBytes() {
        var vocabulary = Vocabulary()
        let composed = vocabulary.intern(word: "caf\u{E9}")
        let decomposed = vocabulary.intern(word: "cafe\u{301}")
        #expect("caf\u{E9}" == "cafe\u{301}")
        #expect(composed != decomposed)
        #expect(vocabulary.intern(word: "caf\u{E9}") == composed)
        #expect(vocabulary.intern(word: "cafe\u{301}") == decomposed)
        #expect(vocabulary.intern(prefix: "caf\u{E9}") == 0)
        #expect(vocabulary.intern(prefix: "cafe\u{301}") == 1)
        #expect(vocabulary.wordCount == 2 && vocabulary.prefixCount == 2)
        vocabulary.freeze()
        let ids = Self.ids(vocabulary)
        for text in ["caf\u{E9}", "cafe\u{301}", "cafe", "caf\u{E9}s"] { Self.check(Array(text.utf8), in: vocabulary, ids: ids) }
    }

    /// Words longer than eight bytes that share their first eight bytes are told apart by the rest.
    @Test func longWordsSharingTheirHead() throws {
        let engine = try engine(
            [rule("r", .praise, match: ["<words>", "abcdefgh*"])],
            lists: ["words": ["abcdefghij", "abcdefghik", "abcdefgh", "abcdefghijklmnopq", "abcdefghijklmnopr"]])
        let vocabulary = engine.compiled.matcher.vocabulary
        let ids = Self.ids(vocabulary)
        for text in [
            "abcdefghij", "abcdefghik", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "abcdefghijklmnopr",
            "abcdefghijklmnops", "abcdefghijklmnop", "abcdefghijklmnopqr", "abcdefg",
        ] {
            Self.check(Array(text.utf8), in: vocabulary, ids: ids)
        }
        #expect(vocabulary.words.contains("abcdefghijklmnopq"))
    }
}
