/// UTF-8 decoding helpers for the tokenizer's byte scanner (input is always valid UTF-8: it comes from a
/// `String`).
enum UTF8Scalar {
    /// The number of bytes of the scalar whose first byte is `c`.
    @inline(__always)
    static func length(leading c: UInt8) -> Int {
        c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
    }

    /// The scalar value starting at byte `i` and its length in bytes.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        if c0 < 0xE0 { return ((c0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if c0 < 0xF0 {
            return ((c0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
        }
        let value =
            (c0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
            | UInt32(b[i + 3] & 0x3F)
        return (value, 4)
    }
}

/// Classification of ASCII bytes (the tokenizer's fast path).
enum ASCII {
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
    /// Letters, digits and `_`: the characters of a handle or a hashtag.
    @inline(__always) static func isHandle(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }
    /// Space, tab and line breaks.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// `lower(c)` when `c` is a handle character (`isHandle`), else 0: one load instead of two tests.
    @inline(__always) static func handleLower(_ c: UInt8) -> UInt8 { handleLowerTable.utf8Start[Int(c)] }

    /// The 256 values of ``handleLower(_:)``, 32 bytes a line.
    @inline(__always) static var handleLowerTable: StaticString {
        """
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\00123456789\0\0\0\0\0\0\
        \0abcdefghijklmnopqrstuvwxyz\0\0\0\0_\
        \0abcdefghijklmnopqrstuvwxyz\0\0\0\0\0\
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
        \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0
        """
    }

    /// What the byte `c` after a word's leading ASCII letters means for the word scanner (one load instead
    /// of the tests): ``AfterWord/handle`` for a handle character (``isHandle``: the word goes on),
    /// ``AfterWord/mayContinue`` for a non-ASCII byte, `'` or `-` (it may continue the word), ``AfterWord/dot``
    /// for `.` (a domain when a letter or digit follows), else ``AfterWord/ends``.
    @inline(__always) static func afterWord(_ c: UInt8) -> UInt8 { afterWordTable.utf8Start[Int(c)] }

    /// The values of ``afterWord(_:)``.
    enum AfterWord {
        static let ends = UInt8(ascii: "0")
        static let handle = UInt8(ascii: "1")
        static let mayContinue = UInt8(ascii: "2")
        static let dot = UInt8(ascii: "3")
    }

    /// The 256 values of ``afterWord(_:)``, 64 bytes a line.
    @inline(__always) static var afterWordTable: StaticString {
        """
        0000000000000000000000000000000000000002000002301111111111000000\
        0111111111111111111111111110000101111111111111111111111111100000\
        2222222222222222222222222222222222222222222222222222222222222222\
        2222222222222222222222222222222222222222222222222222222222222222
        """
    }
}

/// Classification of non-ASCII scalars (the tokenizer's slow path).
enum ScalarClass {
    /// Han ideographs and kana: scripts written without spaces, so each scalar is a word of its own.
    @inline(__always)
    static func isIdeographic(_ v: UInt32) -> Bool {
        (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFF).contains(v)
    }

    /// Curly and modifier apostrophes, normalized to `'`.
    @inline(__always)
    static func isApostrophe(_ v: UInt32) -> Bool { v == 0x2019 || v == 0x02BC || v == 0x2018 }

    /// Line and paragraph separators, which break clauses like a newline.
    @inline(__always)
    static func isLineBreak(_ v: UInt32) -> Bool { v == 0x2028 || v == 0x2029 || v == 0x85 }

    /// Scalars that make no token of their own: format and control characters, stray variation selectors,
    /// combining marks with nothing to combine with, tag characters.
    static func isIgnorable(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .format, .control, .nonspacingMark, .spacingMark, .enclosingMark, .surrogate: return true
        default: return false
        }
    }

    /// Scalars that can start a word: letters and decimal digits (not ideographs, which are words alone).
    static func isWordStart(_ s: Unicode.Scalar) -> Bool {
        if isIdeographic(s.value) { return false }
        let p = s.properties
        switch p.generalCategory {
        case .decimalNumber: return true
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return p.isAlphabetic
        }
    }

    /// Scalars that can continue a word: letters, decimal digits and combining marks.
    static func isWordContinuation(_ s: Unicode.Scalar) -> Bool {
        if isIdeographic(s.value) { return false }
        let p = s.properties
        if p.isAlphabetic { return !p.isEmojiPresentation }
        switch p.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return s.value != 0x20E3 && !(0xFE00...0xFE0F).contains(s.value)
        default: return false
        }
    }

    /// Whether `s` is a letter (ASCII or not), for apostrophe and hyphen decisions.
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? ASCII.isLetter(UInt8(s.value)) : s.properties.isAlphabetic
    }

    /// Scalars that are emoji in text only when followed by U+FE0F (©, ®, ™, ℹ): otherwise symbols.
    @inline(__always)
    static func isTextDefaultEmoji(_ v: UInt32) -> Bool {
        v == 0xA9 || v == 0xAE || v == 0x2122 || v == 0x2139 || v == 0x3030 || v == 0x303D
    }

    /// Regional indicator symbols (two make a flag).
    @inline(__always)
    static func isRegionalIndicator(_ v: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(v) }

    /// Emoji skin-tone modifiers.
    @inline(__always)
    static func isSkinTone(_ v: UInt32) -> Bool { (0x1F3FB...0x1F3FF).contains(v) }

    /// Variation selectors 15 and 16 (text and emoji presentation).
    @inline(__always)
    static func isVariationSelector(_ v: UInt32) -> Bool { v == 0xFE0E || v == 0xFE0F }

    /// Tag characters (subdivision flags such as England's).
    @inline(__always)
    static func isTag(_ v: UInt32) -> Bool { (0xE0020...0xE007F).contains(v) }

    /// Currency signs that may start a number (`$` is handled on the ASCII path).
    @inline(__always)
    static func isCurrency(_ v: UInt32) -> Bool { v == 0x20AC || v == 0xA3 || v == 0xA5 || v == 0x20B9 }

    /// Scalars that end a sentence like `.` (ideographic, Devanagari, Arabic full stops; full-width `.`).
    @inline(__always)
    static func isFullStop(_ v: UInt32) -> Bool { v == 0x3002 || v == 0xFF0E || v == 0x0964 || v == 0x06D4 }

    /// `!`-like scalars: full-width `!`, `‼`.
    @inline(__always)
    static func isBang(_ v: UInt32) -> Bool { v == 0xFF01 || v == 0x203C }

    /// `?`-like scalars: full-width `?`, `⁉`, `⁈`, `⁇`, Arabic `؟`.
    @inline(__always)
    static func isQuestion(_ v: UInt32) -> Bool {
        v == 0xFF1F || v == 0x2049 || v == 0x2048 || v == 0x2047 || v == 0x061F
    }
}
