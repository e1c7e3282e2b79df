/// The tokenizer's single pass over UTF-8 bytes.
///
/// Positions are byte offsets into `bytes`; a token's scalar offsets are counted incrementally when it is
/// emitted (tokens are emitted in order), then mapped through `decoded` when entities were decoded. Every
/// `scan…` method returns a position greater than the one it was given, so the scan always terminates.
/// Tokens go to `sink` as they are found; ASCII words, numbers, mentions and URLs are normalized into
/// `scratch` without making a `String`.
struct TextScanner<Sink: TokenSink> {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    /// Original ranges of decoded scalars, when the text had entities or escapes.
    let decoded: DecodedText?
    /// Room for the normalized text and variant of any token, and eight bytes past the longest: at least
    /// `2 * count + 8` bytes.
    let scratch: UnsafeMutableBufferPointer<UInt8>
    /// Where tokens go (valid while the scanner runs).
    let sink: UnsafeMutablePointer<Sink>
    private var emitted = 0
    private var clause = 0
    private var pendingBreak = false
    /// Bytes before this position are all ASCII, so there a byte offset is also a scalar offset.
    private let asciiPrefix: Int
    /// Positions up to which a byte offset is the scalar offset in the original text: the ASCII prefix when
    /// nothing was decoded, else -1 (``emitShortWord(_:length:from:to:)`` takes only words ending there).
    private let plainLimit: Int
    private var countedByte: Int
    private var countedScalar: Int

    /// A scanner of `bytes`; `asciiPrefix` is their number of leading ASCII bytes when the caller knows it
    /// (see ``prescan(_:)``).
    init(
        bytes: UnsafeBufferPointer<UInt8>, decoded: DecodedText?, scratch: UnsafeMutableBufferPointer<UInt8>,
        sink: UnsafeMutablePointer<Sink>, asciiPrefix: Int? = nil
    ) {
        precondition(scratch.count >= 2 * bytes.count + 8)
        self.bytes = bytes
        self.count = bytes.count
        self.decoded = decoded
        self.scratch = scratch
        self.sink = sink
        let prefix = asciiPrefix ?? Self.asciiPrefixLength(bytes)
        self.asciiPrefix = prefix
        self.plainLimit = decoded == nil ? prefix : -1
        self.countedByte = prefix
        self.countedScalar = prefix
    }

    /// In one pass over `bytes` (eight at a time while it can): their number of leading ASCII bytes
    /// (``asciiPrefixLength(_:)``) and whether they contain `&` or `\` (``DecodedText/mayHaveEscapes(_:)``).
    static func prescan(_ bytes: UnsafeBufferPointer<UInt8>) -> (asciiPrefix: Int, mayHaveEscapes: Bool) {
        guard let base = bytes.baseAddress else { return (0, false) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var prefix = -1
        var escapes = false
        var k = 0
        while k + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            if prefix < 0, word & highs != 0 { prefix = k + (word & highs).trailingZeroBitCount >> 3 }
            // A byte of `a` or `b` is zero where `word` has `&` or `\`; `(x - ones) & ~x & highs` is nonzero
            // exactly when `x` has a zero byte.
            let a = word ^ (0x26 &* ones)
            let b = word ^ (0x5C &* ones)
            if ((a &- ones) & ~a | (b &- ones) & ~b) & highs != 0 {
                escapes = true
                if prefix >= 0 { return (prefix, true) }
            }
            k += 8
        }
        while k < count {
            let c = base[k]
            if prefix < 0, c >= 0x80 { prefix = k }
            if c == 0x26 || c == 0x5C { escapes = true }
            k += 1
        }
        return (prefix < 0 ? count : prefix, escapes)
    }

    /// The number of leading ASCII bytes of `bytes` (eight at a time while it can).
    static func asciiPrefixLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var k = 0
        while k + 8 <= count, raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { k += 8 }
        while k < count, base[k] < 0x80 { k += 1 }
        return k
    }

    /// Tokenizes the whole text into `sink`.
    mutating func run() {
        var i = 0
        while i < count {
            let c = bytes[i]
            if c == 0x20 {
                i += 1
                continue
            }
            let next: Int
            if c >= 0x80 {
                next = scanNonASCII(at: i)
            } else if Self.startsPlainWord(c, next: byte(i + 1)) {
                // Most tokens: a short word emitted here, else straight to the word scanner, past the
                // dispatch of `scanASCII`.
                let end = count >= 8 ? shortWord(at: i) : -1
                next = end >= 0 ? end : scanASCIIWord(at: i)
            } else {
                next = scanASCII(at: i, c)
            }
            // Every scanner consumes at least one scalar; this guard keeps the loop finite regardless.
            i = next > i ? next : i + UTF8Scalar.length(leading: c)
        }
    }

    /// Whether an ASCII letter `c` followed by `next` starts a word for ``scanASCIIWord(at:)`` without
    /// anything that ``scanASCII(at:_:)`` looks for first: a URL (only `h` and `w` start one) or an emoticon
    /// (a letter starts one only before `_`, or as the `x` of `xD`).
    @inline(__always)
    static func startsPlainWord(_ c: UInt8, next: UInt8) -> Bool {
        let lowered = c | 0x20
        guard lowered &- 0x61 < 26, lowered != 0x68, lowered != 0x77, next != 0x5F else { return false }
        return lowered != 0x78 || next | 0x20 != 0x64
    }

    // MARK: Emitting

    /// The byte at `i`, or 0 past the end.
    @inline(__always)
    func byte(_ i: Int) -> UInt8 { i < count ? bytes[i] : 0 }

    /// The scalar offset of byte position `position` (never less than a position asked before).
    @inline(__always)
    private mutating func scalarOffset(_ position: Int) -> Int {
        if position <= asciiPrefix { return position }
        return countScalars(to: position)
    }

    /// `scalarOffset` past the ASCII prefix: counts scalars from the last position asked.
    private mutating func countScalars(to position: Int) -> Int {
        var scalar = countedScalar
        var i = countedByte
        while i < position {
            if bytes[i] & 0xC0 != 0x80 { scalar += 1 }
            i += 1
        }
        countedByte = position
        countedScalar = scalar
        return scalar
    }

    /// Appends a token made from bytes `from..<to` whose normalized text is `text` (see ``emitText(_:bytes:variant:from:to:)``).
    mutating func emit(_ kind: Token.Kind, _ text: String, variant: String? = nil, from: Int, to: Int) {
        var text = text
        text.withUTF8 { textBytes in
            if var variant {
                variant.withUTF8 { variantBytes in emitText(kind, bytes: textBytes, variant: variantBytes, from: from, to: to) }
            } else {
                emitText(kind, bytes: textBytes, variant: nil, from: from, to: to)
            }
        }
    }

    /// Appends a token made from bytes `from..<to` whose normalized text is the UTF-8 `text`.
    /// `padded`: `variant` is nil and eight zero bytes that may be read follow `text` (see
    /// ``TokenSink/add(_:paddedText:start:end:clause:)``).
    @inline(__always)
    mutating func emit(
        _ kind: Token.Kind, bytes text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        padded: Bool = false, from: Int, to: Int
    ) {
        var start = scalarOffset(from)
        var end = scalarOffset(to)
        if let decoded { (start, end) = decoded.original(start: start, end: end) }
        if pendingBreak {
            if emitted > 0 { clause += 1 }
            pendingBreak = false
        }
        if padded {
            sink.pointee.add(kind, paddedText: text, start: start, end: end, clause: clause)
        } else {
            sink.pointee.add(kind, text: text, variant: variant, start: start, end: end, clause: clause)
        }
        emitted += 1
    }

    /// Appends a token whose text is the normalized `text` of a word, a number, a hashtag or an emoticon:
    /// a `.word` that is a clause conjunction ("but", "though", "however", "although") starts a new
    /// clause. Every word's token is emitted here (the hot `emit` does not look at the text).
    @inline(__always)
    mutating func emitText(
        _ kind: Token.Kind, bytes text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?, padded: Bool = false,
        from: Int, to: Int
    ) {
        if kind == .word, Contraction.isClauseConjunction(text) { breakClause() }
        emit(kind, bytes: text, variant: variant, padded: padded, from: from, to: to)
    }

    /// Appends a token made from the ASCII bytes `from..<to`, lowercased (skipping bytes equal to `skip`),
    /// covering the original bytes `tokenFrom..<to`.
    mutating func emitLowered(_ kind: Token.Kind, from: Int, to: Int, tokenFrom: Int, skipping skip: UInt8 = 0) {
        let length = Normalizer.asciiLower(bytes, from: from, to: to, skipping: skip, into: scratch)
        emitPadded(kind, length: length, from: tokenFrom, to: to)
    }

    /// Appends a token without a variant whose text is the first `length` bytes of `scratch`, covering bytes
    /// `from..<to`: eight zero bytes are written after the text (`scratch` has room: a text is at most
    /// `count` bytes), so the vocabulary's lookup reads it eight bytes at a time.
    @inline(__always)
    mutating func emitPadded(_ kind: Token.Kind, length: Int, from: Int, to: Int) {
        let out = scratch.baseAddress!
        UnsafeMutableRawPointer(out + length).storeBytes(of: 0, as: UInt64.self)
        emit(kind, bytes: UnsafeBufferPointer(start: out, count: length), variant: nil, padded: length > 0, from: from, to: to)
    }

    /// The end of the word starting with the ASCII letter at `i` (in a text of at least eight bytes), emitted
    /// by ``emitShortWord(_:length:from:to:)``, when it is one to eight letters followed by a byte that
    /// ends it (or by a `.` that does not make it a domain) with no three equal letters in a row among the
    /// eight bytes read; else -1, nothing emitted (``scanASCIIWord(at:)`` takes it). Inlined into the scan
    /// loop, so that the common word costs no call.
    @inline(__always)
    mutating func shortWord(at i: Int) -> Int {
        let source = bytes.baseAddress!
        let chunk = ASCIIWordChunk(ASCIIWordChunk.load(source, at: i, count: count))
        if chunk.mayHaveTriple { return -1 }
        let j = i &+ chunk.length
        let after = j < count ? ASCII.afterWord(source[j]) : ASCII.AfterWord.ends
        guard after == ASCII.AfterWord.ends || (after == ASCII.AfterWord.dot && !ASCII.isAlnum(byte(j &+ 1))),
            emitShortWord(chunk.lowered, length: chunk.length, from: i, to: j)
        else { return -1 }
        return j
    }

    /// Emits the ASCII word `from..<to` of one to eight letters, lowered in the register `lowered` (its
    /// bytes past the word's may be anything), as ``emitText(_:bytes:variant:padded:from:to:)`` would emit it,
    /// and returns true; or returns false, having emitted nothing, when the word may split as a contraction
    /// (four to eight letters ending in "nt", or "cannot") or ends past ``plainLimit``. The clause
    /// conjunctions are told by their bytes in the register, and the sink gets them there too
    /// (``TokenSink/add(shortWord:head:start:end:clause:)``); one store writes the word to `scratch` with zero
    /// bytes after it.
    @inline(__always)
    mutating func emitShortWord(_ lowered: UInt64, length: Int, from i: Int, to j: Int) -> Bool {
        guard j <= plainLimit else { return false }
        let head = length >= 8 ? lowered : lowered & ((1 &<< UInt64(truncatingIfNeeded: length &* 8)) &- 1)
        // "nt" (0x6E, 0x74) as the last two of four to eight letters: `Contraction.splitLowercase` may split it.
        if UInt(bitPattern: length &- 4) <= 4,
            UInt16(truncatingIfNeeded: head &>> UInt64(truncatingIfNeeded: length &* 8 &- 16)) == 0x746E
        {
            return false
        }
        if head == Self.cannotHead { return false }
        if head == Self.butHead || head == Self.thoughHead || head == Self.howeverHead || head == Self.althoughHead {
            pendingBreak = true
        }
        let out = scratch.baseAddress!
        UnsafeMutableRawPointer(out).storeBytes(of: head.littleEndian, as: UInt64.self)
        if pendingBreak {
            if emitted > 0 { clause += 1 }
            pendingBreak = false
        }
        sink.pointee.add(shortWord: UnsafeBufferPointer(start: out, count: length), head: head, start: i, end: j, clause: clause)
        emitted += 1
        return true
    }

    /// The bytes of a short word as ``emitShortWord(_:length:from:to:)`` holds them (little-endian, zero
    /// past the word).
    static func head(_ word: StaticString) -> UInt64 {
        var head: UInt64 = 0
        for k in 0..<word.utf8CodeUnitCount { head |= UInt64(word.utf8Start[k]) &<< UInt64(8 * k) }
        return head
    }

    // The heads of "cannot" and of the clause conjunctions (``Contraction/isClauseConjunction(_:)``); a
    // test checks them against ``head(_:)``.
    static var cannotHead: UInt64 { 0x746F_6E6E_6163 }
    static var butHead: UInt64 { 0x74_7562 }
    static var thoughHead: UInt64 { 0x6867_756F_6874 }
    static var howeverHead: UInt64 { 0x72_6576_6577_6F68 }
    static var althoughHead: UInt64 { 0x6867_756F_6874_6C61 }

    /// Starts a new clause before the next token.
    @inline(__always)
    mutating func breakClause() { pendingBreak = true }

    // MARK: ASCII dispatch

    private mutating func scanASCII(at i: Int, _ c: UInt8) -> Int {
        if ASCII.isLetter(c) {
            // Only `h` can start `http(s)://` and only `w` can start `www.`.
            let lowered = c | 0x20
            if lowered == 0x68 || lowered == 0x77,
                let end = lowered == 0x68 ? URLScan.scheme(bytes, at: i) : URLScan.www(bytes, at: i)
            {
                emitLowered(.url, from: i, to: end, tokenFrom: i)
                return end
            }
            if Emoticon.canStart(c), Emoticon.canStartWithLetter(c, next: byte(i + 1)),
                let emoticon = Emoticon.match(bytes, at: i)
            {
                emit(.emoticon, emoticon.text, from: i, to: emoticon.end)
                return emoticon.end
            }
            return scanASCIIWord(at: i)
        }
        if ASCII.isDigit(c) {
            if let end = keycapEnd(after: i + 1) { return emitEmoji(from: i, to: end) }
            return scanNumber(at: i, digitsFrom: i)
        }
        switch c {
        case 0x20, 0x09: return i + 1
        case 0x0A, 0x0B, 0x0C, 0x0D:
            breakClause()
            return i + 1
        case 0x00...0x1F, 0x7F: return i + 1
        case 0x40:  // @
            if let end = scanMention(at: i) { return end }
        case 0x23:  // #
            if let end = keycapEnd(after: i + 1) { return emitEmoji(from: i, to: end) }
            if let end = scanHashtag(at: i) { return end }
        case 0x2A:  // *
            if let end = keycapEnd(after: i + 1) { return emitEmoji(from: i, to: end) }
        case 0x24:  // $
            if ASCII.isDigit(byte(i + 1)) { return scanNumber(at: i, digitsFrom: i + 1) }
        case 0x21, 0x3F:  // ! ?
            return scanBangs(at: i)
        case 0x2E:  // .
            return scanDots(at: i)
        default:
            break
        }
        if Emoticon.canStart(c), let emoticon = Emoticon.match(bytes, at: i) {
            emit(.emoticon, emoticon.text, from: i, to: emoticon.end)
            return emoticon.end
        }
        return scanPunctuation(at: i, c)
    }

    /// ASCII punctuation and symbols: a run of the same byte is one token with the byte as its text.
    private mutating func scanPunctuation(at i: Int, _ c: UInt8) -> Int {
        var end = i + 1
        while end < count, bytes[end] == c { end += 1 }
        scratch[0] = c
        emit(.punctuation, bytes: UnsafeBufferPointer(rebasing: scratch[0..<1]), variant: nil, from: i, to: end)
        // `;`, a `:` before a space and a `,` end a clause: a negator before a comma does not reach past it
        // ("no, still broken", "I'm not joking, no signal for 3 days").
        if c == 0x3B || c == 0x2C || (c == 0x3A && (end == count || ASCII.isSpace(bytes[end]))) { breakClause() }
        return end
    }

    /// A run of `!` and `?` (also full-width ones, `‼`, `⁉`, `؟`): one token, `?` if the run asks.
    private mutating func scanBangs(at i: Int) -> Int {
        var end = i
        var question = false
        while end < count {
            let c = bytes[end]
            if c == 0x21 { end += 1; continue }
            if c == 0x3F { question = true; end += 1; continue }
            if c < 0x80 { break }
            let (v, length) = UTF8Scalar.decode(bytes, at: end)
            if ScalarClass.isBang(v) { end += length; continue }
            if ScalarClass.isQuestion(v) { question = true; end += length; continue }
            break
        }
        emitPunctuation(question ? 0x3F : 0x21, count: 1, from: i, to: end)
        breakClause()
        return end
    }

    /// Emits a punctuation token whose text is `count` times the ASCII byte `c` (written to `scratch`: no
    /// `String` made or read).
    @inline(__always)
    private mutating func emitPunctuation(_ c: UInt8, count: Int, from: Int, to: Int) {
        for k in 0..<count { scratch[k] = c }
        emit(.punctuation, bytes: UnsafeBufferPointer(rebasing: scratch[0..<count]), variant: nil, from: from, to: to)
    }

    /// A run of dots and ellipses: `.` for a single dot, `...` otherwise. Ends a clause.
    private mutating func scanDots(at i: Int) -> Int {
        var end = i
        var dots = 0
        while end < count {
            let c = bytes[end]
            if c == 0x2E { end += 1; dots += 1; continue }
            if c == 0xE2, byte(end + 1) == 0x80, byte(end + 2) == 0xA6 { end += 3; dots += 3; continue }
            break
        }
        emitPunctuation(0x2E, count: dots == 1 ? 1 : 3, from: i, to: end)
        breakClause()
        return end
    }

    // MARK: Mentions and hashtags

    /// `@handle` when `@` does not follow a letter or digit (so not an e-mail address).
    private mutating func scanMention(at i: Int) -> Int? {
        if i > 0, ASCII.isHandle(bytes[i - 1]) { return nil }
        // The handle found and lowered into `scratch` in one pass (as `emitLowered` would lower it).
        let source = bytes.baseAddress!
        let out = scratch.baseAddress!
        var end = i + 1
        while end < count {
            let lowered = ASCII.handleLower(source[end])
            if lowered == 0 { break }
            out[end &- i &- 1] = lowered
            end += 1
        }
        guard end > i + 1 else { return nil }
        emitPadded(.mention, length: end - i - 1, from: i, to: end)
        return end
    }

    /// `#tag` with at least one letter, when `#` does not follow a letter or digit.
    private mutating func scanHashtag(at i: Int) -> Int? {
        if i > 0, ASCII.isHandle(bytes[i - 1]) || bytes[i - 1] == 0x26 { return nil }
        var end = i + 1
        var ascii = true
        var letter = false
        while end < count {
            let c = bytes[end]
            if c < 0x80 {
                guard ASCII.isHandle(c) else { break }
                if ASCII.isLetter(c) { letter = true }
                end += 1
                continue
            }
            let (v, length) = UTF8Scalar.decode(bytes, at: end)
            guard let s = Unicode.Scalar(v) else { break }
            if ScalarClass.isWordContinuation(s) || ScalarClass.isIdeographic(v) {
                if s.properties.isAlphabetic { letter = true }
                ascii = false
                end += length
                continue
            }
            break
        }
        guard letter else { return nil }
        emitWordText(.hashtag, from: i + 1, to: end, ascii: ascii, tokenFrom: i)
        return end
    }

    // MARK: Emoji

    /// The end of a keycap sequence whose base ends at `i` (`U+FE0F`? `U+20E3`), or `nil`.
    private func keycapEnd(after i: Int) -> Int? {
        var j = i
        if byte(j) == 0xEF, byte(j + 1) == 0xB8, byte(j + 2) == 0x8F { j += 3 }
        if byte(j) == 0xE2, byte(j + 1) == 0x83, byte(j + 2) == 0xA3 { return j + 3 }
        return nil
    }

    /// Emits the emoji sequence in bytes `from..<to` and returns `to`. The text drops variation selectors;
    /// the variant also drops skin-tone modifiers.
    ///
    /// The text and the variant are the sequence's own UTF-8 bytes without those scalars, copied into
    /// `scratch` (the text from 0, the variant after room for the whole sequence).
    mutating func emitEmoji(from: Int, to: Int) -> Int {
        let out = scratch.baseAddress!
        let variantStart = to - from
        var textLength = 0
        var variantLength = 0
        var hasTone = false
        var i = from
        while i < to {
            let (v, length) = UTF8Scalar.decode(bytes, at: i)
            defer { i += length }
            if ScalarClass.isVariationSelector(v) { continue }
            let tone = ScalarClass.isSkinTone(v)
            if tone { hasTone = true }
            for k in i..<(i + length) {
                out[textLength] = bytes[k]
                textLength += 1
                if !tone {
                    out[variantStart + variantLength] = bytes[k]
                    variantLength += 1
                }
            }
        }
        let text = UnsafeBufferPointer(start: UnsafePointer(out), count: textLength)
        let variant =
            hasTone && variantLength > 0 ? UnsafeBufferPointer(start: UnsafePointer(out + variantStart), count: variantLength) : nil
        emit(.emoji, bytes: text, variant: variant, from: from, to: to)
        return to
    }

    /// The end of the emoji sequence starting at `i` (whose first scalar is an emoji).
    func emojiEnd(at i: Int) -> Int {
        var j = emojiElementEnd(at: i)
        // ZWJ sequences: element (U+200D element)*
        while byte(j) == 0xE2, byte(j + 1) == 0x80, byte(j + 2) == 0x8D, j + 3 < count {
            let (v, _) = UTF8Scalar.decode(bytes, at: j + 3)
            guard let s = Unicode.Scalar(v), v >= 0x80, s.properties.isEmoji else { break }
            j = emojiElementEnd(at: j + 3)
        }
        return j
    }

    /// One emoji element: a flag pair, or a base with optional variation selector, keycap mark,
    /// skin tone and tag characters.
    private func emojiElementEnd(at i: Int) -> Int {
        let (first, firstLength) = UTF8Scalar.decode(bytes, at: i)
        var j = i + firstLength
        if ScalarClass.isRegionalIndicator(first) {
            if j < count, bytes[j] >= 0x80 {
                let (v, length) = UTF8Scalar.decode(bytes, at: j)
                if ScalarClass.isRegionalIndicator(v) { j += length }
            }
            return j
        }
        while j < count, bytes[j] >= 0x80 {
            let (v, length) = UTF8Scalar.decode(bytes, at: j)
            guard
                ScalarClass.isVariationSelector(v) || ScalarClass.isSkinTone(v) || ScalarClass.isTag(v)
                    || v == 0x20E3
            else { break }
            j += length
        }
        return j
    }

    // MARK: Non-ASCII dispatch

    private mutating func scanNonASCII(at i: Int) -> Int {
        let (v, length) = UTF8Scalar.decode(bytes, at: i)
        guard let s = Unicode.Scalar(v) else { return i + length }
        let p = s.properties
        // Every non-ASCII white space scalar is below U+3001 (emoji and most letters are not: they skip the
        // property lookup).
        if v < 0x3001, p.isWhitespace {
            if ScalarClass.isLineBreak(v) { breakClause() }
            return i + length
        }
        if ScalarClass.isBang(v) || ScalarClass.isQuestion(v) { return scanBangs(at: i) }
        if v == 0x2026 { return scanDots(at: i) }
        if ScalarClass.isFullStop(v) {
            var end = i + length
            while end < count, end + length <= count, UTF8Scalar.decode(bytes, at: end).value == v { end += length }
            emit(.punctuation, ".", from: i, to: end)
            breakClause()
            return end
        }
        if ScalarClass.isCurrency(v), ASCII.isDigit(byte(i + length)) {
            return scanNumber(at: i, digitsFrom: i + length)
        }
        if ScalarClass.isRegionalIndicator(v) { return emitEmoji(from: i, to: emojiEnd(at: i)) }
        if p.isEmoji {
            let next = i + length
            let presented = byte(next) == 0xEF && byte(next + 1) == 0xB8 && byte(next + 2) == 0x8F
            if !ScalarClass.isTextDefaultEmoji(v) || presented {
                return emitEmoji(from: i, to: emojiEnd(at: i))
            }
        }
        if ScalarClass.isIdeographic(v) {
            emit(.word, Normalizer.fold(String(Character(s))), from: i, to: i + length)
            return i + length
        }
        if ScalarClass.isWordStart(s), !ScalarClass.isApostrophe(v) { return scanWord(at: i) }
        if ScalarClass.isIgnorable(s) { return i + length }
        var end = i + length
        while end < count, end + length <= count, UTF8Scalar.decode(bytes, at: end).value == v { end += length }
        if let folded = Normalizer.foldedPunctuation(v) {
            // Curly quotes and dashes without Foundation's folding (about 8,000 instructions a call).
            emitPunctuation(folded, count: 1, from: i, to: end)
        } else {
            emit(.punctuation, Normalizer.fold(String(Character(s))), from: i, to: end)
        }
        return end
    }
}
