/// Negative contractions, split so that a negator list can contain `n't`.
enum Contraction {
    /// The text of the negative part of a split contraction.
    static let negative = "n't"

    /// Tweet spellings without an apostrophe that are split like "don't" ("dont" → "do", "n't").
    static let bareNegatives: [StaticString] = [
        "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "werent", "havent", "hasnt", "hadnt",
        "couldnt", "shouldnt", "wouldnt", "arent", "aint", "mustnt", "neednt",
    ]

    /// Common misspellings of negative contractions, with the auxiliary they stand for: "dosnt" is
    /// split like "doesn't" into "does", "n't", so patterns and the negator list see the usual words.
    static let misspelledNegatives: [(spelling: StaticString, stem: String)] = [
        ("dosnt", "does"), ("dosent", "does"), ("doesent", "does"), ("didint", "did"), ("dident", "did"),
        ("isint", "is"), ("wasint", "was"), ("havnt", "have"), ("hasent", "has"), ("wouldent", "would"),
        ("couldent", "could"),
    ]

    /// How a word without an apostrophe splits as a negative contraction.
    enum Split {
        /// One of ``bareNegatives``: the word without its "nt", then "n't".
        case bare
        /// Entry number `entry` of ``misspelledNegatives``: its stem, then "n't".
        case misspelled(entry: Int)
        /// "cannot": "can", then "not".
        case cannot
    }

    /// How the ASCII word `from..<to` (any letter case) splits, or nil when it is not a contraction.
    @inline(__always)
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Split? {
        guard (4...8).contains(to - from) else { return nil }
        guard ASCII.lower(bytes[to - 1]) == 0x74, ASCII.lower(bytes[to - 2]) == 0x6E else {
            return spells(bytes, from: from, to: to, "cannot") ? .cannot : nil
        }
        return negativeSplit(bytes, from: from, to: to)
    }

    /// ``split(_:from:to:)`` of a word already in lowercase (the word scanner's normalized text): the same
    /// answer, without folding the case of the last two bytes and of "cannot" (the split of a word ending
    /// in "nt" still compares its stem through `spells`, which folds case).
    @inline(__always)
    static func splitLowercase(_ text: UnsafeBufferPointer<UInt8>) -> Split? {
        let count = text.count
        guard UInt(bitPattern: count &- 4) <= 4 else { return nil }
        guard text[count &- 1] == 0x74, text[count &- 2] == 0x6E else {
            return count == 6 && equals(text, "cannot") ? .cannot : nil
        }
        return negativeSplit(text, from: 0, to: count)
    }

    /// ``split(_:from:to:)`` of a word of 4 to 8 letters ending in "nt".
    private static func negativeSplit(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Split? {
        for word in bareNegatives where spells(bytes, from: from, to: to, word) { return .bare }
        for (index, entry) in misspelledNegatives.enumerated() where spells(bytes, from: from, to: to, entry.spelling) {
            return .misspelled(entry: index)
        }
        return nil
    }

    /// Conjunctions that start a new clause ("not sure but I love it"), given as normalized UTF-8.
    @inline(__always)
    static func isClauseConjunction(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch text.count {
        case 3: return equals(text, "but")
        case 6: return equals(text, "though")
        case 7: return equals(text, "however")
        case 8: return equals(text, "although")
        default: return false
        }
    }

    /// Whether `text` is the bytes of `word`, of the same length (a byte loop: comparing with a
    /// `String.UTF8View` costs a generic iteration per call).
    @inline(__always)
    private static func equals(_ text: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let expected = word.utf8Start
        for offset in 0..<text.count where text[offset] != expected[offset] { return false }
        return true
    }

    /// Whether the ASCII bytes `from..<to` spell `word` (lowercase ASCII) in any letter case.
    @inline(__always)
    static func spells(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ word: StaticString) -> Bool {
        guard to - from == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for offset in 0..<(to - from) where ASCII.lower(bytes[from + offset]) != expected[offset] { return false }
        return true
    }
}

extension TextScanner {
    /// Whether the scalar at byte `k` is a letter.
    func isLetter(at k: Int) -> Bool {
        guard k < count else { return false }
        let c = bytes[k]
        if c < 0x80 { return ASCII.isLetter(c) }
        let (v, _) = UTF8Scalar.decode(bytes, at: k)
        guard let s = Unicode.Scalar(v), !ScalarClass.isIdeographic(v) else { return false }
        return s.properties.isAlphabetic && !s.properties.isEmojiPresentation
    }

    /// Whether the scalar at byte `k` can start a word (letter or digit).
    func isWordStart(at k: Int) -> Bool {
        guard k < count else { return false }
        let c = bytes[k]
        if c < 0x80 { return ASCII.isAlnum(c) }
        let (v, _) = UTF8Scalar.decode(bytes, at: k)
        guard let s = Unicode.Scalar(v) else { return false }
        return ScalarClass.isWordStart(s)
    }

    /// A word starting at `i`: letters, digits, `_`, combining marks, internal apostrophes (before a letter)
    /// and hyphens (between letters or digits). A word followed by `.label` may turn out to be a domain.
    mutating func scanWord(at i: Int) -> Int {
        var j = i
        var ascii = true
        var apostrophe = -1
        var apostropheLength = 0
        while j < count {
            let c = bytes[j]
            if c < 0x80 {
                if ASCII.isHandle(c) { j += 1; continue }
                if c == 0x27, j > i, isLetter(at: j + 1) {
                    apostrophe = j; apostropheLength = 1
                    j += 1
                    continue
                }
                if c == 0x2D, j > i, isWordStart(at: j + 1) { j += 1; continue }
                break
            }
            let (v, length) = UTF8Scalar.decode(bytes, at: j)
            if ScalarClass.isApostrophe(v) {
                guard j > i, isLetter(at: j + length) else { break }
                apostrophe = j; apostropheLength = length
                j += length
                continue
            }
            if v == 0x200C || v == 0x200D {
                guard isLetter(at: j + length) else { break }
                ascii = false
                j += length
                continue
            }
            guard let s = Unicode.Scalar(v), ScalarClass.isWordContinuation(s) || j == i else { break }
            ascii = false
            j += length
        }
        if ascii, apostrophe < 0, byte(j) == 0x2E, ASCII.isAlnum(byte(j + 1)),
            let end = URLScan.bareDomain(bytes, from: i)
        {
            emitLowered(.url, from: i, to: end, tokenFrom: i)
            return end
        }
        emitWord(from: i, to: j, ascii: ascii, apostrophe: apostrophe, apostropheLength: apostropheLength)
        return j
    }

    /// A word starting with the ASCII letter at `i`: the common case (ASCII letters, digits and `_` only,
    /// ended by a byte that cannot continue it, no run of three identical letters) is lowercased into
    /// `scratch` in the same pass that finds its end; anything else is left to ``scanWord(at:)``, which
    /// gives the same tokens. Only the bytes are classified here: contractions are split by
    /// ``emitSplit(_:from:to:)`` and clauses broken by ``emitText(_:bytes:variant:from:to:)``, as for every word.
    mutating func scanASCIIWord(at i: Int) -> Int {
        // Local pointers, so that the stores to `out` do not make the compiler reload them.
        let source = bytes.baseAddress!
        let out = scratch.baseAddress!
        var j: Int
        // What the byte after the word's letters says (`ASCII.afterWord`): one load, not a test per case.
        var after = ASCII.AfterWord.ends
        if count >= 8 {
            // The first eight bytes at once (most words are shorter): the leading letters, lowered into `out`
            // with the bytes after them (overwritten below); digits, `_` and letters past them one by one.
            let chunk = ASCIIWordChunk(ASCIIWordChunk.load(source, at: i, count: count))
            if chunk.mayHaveTriple { return scanWord(at: i) }
            j = i &+ chunk.length
            if j < count { after = ASCII.afterWord(source[j]) }
            // Most words: one to eight letters, then a byte that ends them (or a `.` that does not make a
            // domain), emitted from the register.
            if after == ASCII.AfterWord.ends || (after == ASCII.AfterWord.dot && !ASCII.isAlnum(byte(j &+ 1))),
                emitShortWord(chunk.lowered, length: chunk.length, from: i, to: j)
            {
                return j
            }
            UnsafeMutableRawPointer(out).storeBytes(of: chunk.lowered.littleEndian, as: UInt64.self)
            if after == ASCII.AfterWord.handle {
                j = ASCIIWordChunk.scanTail(source, count: count, from: i, at: j, previous: j > i ? out[j &- i &- 1] : 0, into: out)
                if j < 0 { return scanWord(at: i) }
                after = j < count ? ASCII.afterWord(source[j]) : ASCII.AfterWord.ends
            }
        } else {
            j = ASCIIWordChunk.scanTail(source, count: count, from: i, at: i, previous: 0, into: out)
            if j < 0 { return scanWord(at: i) }
            if j < count { after = ASCII.afterWord(source[j]) }
        }
        // An apostrophe or hyphen may continue the word, a non-ASCII scalar may continue it or be a curly
        // apostrophe, and `.` before a letter or digit may make it a domain.
        if after >= ASCII.AfterWord.mayContinue, after == ASCII.AfterWord.mayContinue || ASCII.isAlnum(byte(j + 1)) {
            return scanContinuedWord(at: i, stop: j)
        }
        let text = UnsafeBufferPointer(start: UnsafePointer(out), count: j - i)
        if let split = Contraction.splitLowercase(text) {
            emitSplit(split, from: i, to: j)
        } else {
            // Eight zero bytes after the word (`scratch` has room: the word is at most `count` bytes), so the
            // vocabulary's lookup reads it eight bytes at a time.
            UnsafeMutableRawPointer(out + (j &- i)).storeBytes(of: 0, as: UInt64.self)
            emitText(.word, bytes: text, variant: nil, padded: true, from: i, to: j)
        }
        return j
    }

    /// A word starting at `i` whose leading ASCII letters, digits and `_` end at `j`, before a byte that may
    /// continue it: ``scanApostropheWord(at:apostrophe:)`` for an ASCII apostrophe before a letter, else
    /// ``scanWord(at:)``. (A call of its own, so that ``scanASCIIWord(at:)`` does not grow: grown, the compiler
    /// stopped inlining the word's emission into it.)
    @inline(never)
    mutating func scanContinuedWord(at i: Int, stop j: Int) -> Int {
        if bytes[j] == 0x27, ASCII.isLetter(byte(j + 1)) { return scanApostropheWord(at: i, apostrophe: j) }
        return scanWord(at: i)
    }

    /// A word whose leading ASCII letters, digits and `_` (lowered in `scratch`, with no three equal letters
    /// in a row) end at the ASCII apostrophe `a`, followed by a letter ("didn't", "you've"): the common case
    /// (ASCII letters, digits and `_` after it, then a byte that cannot continue the word, no three equal
    /// letters in a row) is lowered and emitted here as ``scanWord(at:)`` and ``emitWord(from:to:ascii:apostrophe:apostropheLength:)``
    /// would emit it: "n't" split off when it ends the word, else one word; anything else is left to
    /// ``scanWord(at:)``.
    mutating func scanApostropheWord(at i: Int, apostrophe a: Int) -> Int {
        let source = bytes.baseAddress!
        let out = scratch.baseAddress!
        out[a &- i] = 0x27
        let end = ASCIIWordChunk.scanTail(source, count: count, from: i, at: a &+ 1, previous: 0x27, into: out)
        // A third equal letter, or a second apostrophe, a hyphen or a non-ASCII scalar that may continue it.
        if end < 0 || (end < count && ASCII.afterWord(source[end]) == ASCII.AfterWord.mayContinue) { return scanWord(at: i) }
        if a > i &+ 1, out[a &- i &- 1] == 0x6E, end == a &+ 2, out[end &- i &- 1] == 0x74 {
            // The word before the "n", then "n't" (written over the word once it is emitted).
            UnsafeMutableRawPointer(out + (a &- i &- 1)).storeBytes(of: 0, as: UInt64.self)
            emitText(.word, bytes: UnsafeBufferPointer(start: out, count: a &- i &- 1), variant: nil, padded: true, from: i, to: a &- 1)
            out[0] = 0x6E
            out[1] = 0x27
            out[2] = 0x74
            emitPadded(.word, length: 3, from: a &- 1, to: end)
        } else {
            emitPadded(.word, length: end &- i, from: i, to: end)
        }
        return end
    }

    /// Emits the word `from..<to`, splitting negative contractions ("don't", "dont" → "do", "n't";
    /// "cannot" → "can", "not").
    mutating func emitWord(from i: Int, to j: Int, ascii: Bool, apostrophe: Int, apostropheLength: Int) {
        if apostrophe > i + 1, ASCII.lower(bytes[apostrophe - 1]) == 0x6E, apostrophe + apostropheLength + 1 == j,
            ASCII.lower(bytes[j - 1]) == 0x74
        {
            emitPlainWord(from: i, to: apostrophe - 1, ascii: ascii)
            emit(.word, Contraction.negative, from: apostrophe - 1, to: j)
            return
        }
        if ascii, apostrophe < 0, let split = Contraction.split(bytes, from: i, to: j) {
            emitSplit(split, from: i, to: j)
            return
        }
        emitPlainWord(from: i, to: j, ascii: ascii)
    }

    /// Emits the ASCII word `from..<to` split as `split` says.
    @inline(never)
    mutating func emitSplit(_ split: Contraction.Split, from i: Int, to j: Int) {
        switch split {
        case .bare:
            emitPlainWord(from: i, to: j - 2, ascii: true)
            emit(.word, Contraction.negative, from: j - 2, to: j)
        case .misspelled(let entry):
            emit(.word, Contraction.misspelledNegatives[entry].stem, from: i, to: j - 2)
            emit(.word, Contraction.negative, from: j - 2, to: j)
        case .cannot:
            emit(.word, "can", from: i, to: i + 3)
            emit(.word, "not", from: i + 3, to: j)
        }
    }

    /// Emits `from..<to` as one word (a number when it folds to ASCII digits, as full-width digits do).
    private mutating func emitPlainWord(from i: Int, to j: Int, ascii: Bool) {
        emitWordText(.word, from: i, to: j, ascii: ascii, tokenFrom: i)
    }

    /// Emits a token covering bytes `tokenFrom..<to` whose text is the normalized word `from..<to` (with its
    /// elongation variant). A `.word` that folds to ASCII digits becomes a number.
    mutating func emitWordText(_ kind: Token.Kind, from i: Int, to j: Int, ascii: Bool, tokenFrom: Int) {
        if ascii {
            let lengths = Normalizer.asciiWord(bytes, from: i, to: j, into: scratch)
            if lengths.variant < 0 {
                // No variant after the text: eight zero bytes there, for the lookup (`scratch` has room).
                UnsafeMutableRawPointer(scratch.baseAddress! + lengths.text).storeBytes(of: 0, as: UInt64.self)
                emitText(
                    kind, bytes: UnsafeBufferPointer(rebasing: scratch[0..<lengths.text]), variant: nil, padded: lengths.text > 0,
                    from: tokenFrom, to: j)
                return
            }
            let text = UnsafeBufferPointer(rebasing: scratch[0..<lengths.text])
            let variant = lengths.variant < 0 ? nil : UnsafeBufferPointer(rebasing: scratch[(j - i)..<(j - i + lengths.variant)])
            emitText(kind, bytes: text, variant: variant, from: tokenFrom, to: j)
            return
        }
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
        let folded = Normalizer.fold(raw)
        // Folding only removes marks, and a word starts with a letter or digit; keep the raw text if it ever
        // folded to nothing rather than make an empty token.
        let squeezed = Normalizer.squeeze(folded.isEmpty ? raw : folded)
        let text = squeezed.text
        var kind = kind
        if kind == .word, text.utf8.allSatisfy(ASCII.isDigit) { kind = .number }
        emit(kind, text, variant: squeezed.variant, from: tokenFrom, to: j)
    }

    /// A number starting at `i` whose digits start at `d` (after a currency sign): `42`, `1,000`, `3.5`,
    /// `10:30`, `$20`, `20%`, `20€`. Digits glued to letters make a word (`2nd`, `4k`, `9gag.com`).
    mutating func scanNumber(at i: Int, digitsFrom d: Int) -> Int {
        var j = d
        while ASCII.isDigit(byte(j)) { j += 1 }
        if d == i, byte(j) == 0x5F || ASCII.isLetter(byte(j)) || (byte(j) >= 0x80 && isLetter(at: j)) {
            return scanWord(at: i)
        }
        var grouped = false
        while byte(j) == 0x2C, ASCII.isDigit(byte(j + 1)), ASCII.isDigit(byte(j + 2)), ASCII.isDigit(byte(j + 3)),
            !ASCII.isDigit(byte(j + 4))
        {
            j += 4
            grouped = true
        }
        if byte(j) == 0x2E, ASCII.isDigit(byte(j + 1)) {
            j += 1
            while ASCII.isDigit(byte(j)) { j += 1 }
        } else if !grouped, byte(j) == 0x3A, ASCII.isDigit(byte(j + 1)), ASCII.isDigit(byte(j + 2)),
            !ASCII.isDigit(byte(j + 3))
        {
            j += 3
        }
        if byte(j) == 0x25 {
            j += 1
        } else if d == i, byte(j) == 0xE2, byte(j + 1) == 0x82, byte(j + 2) == 0xAC {
            j += 3
        }
        emitLowered(.number, from: i, to: j, tokenFrom: i, skipping: 0x2C)
        return j
    }
}
