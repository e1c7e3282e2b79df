/// The body of a literal block scalar read by ``LiteralBodies`` rather than by libyaml.
struct LiteralBody: Sendable {
    /// Where libyaml reports the scalar: its `|` indicator (1-based).
    var mark: Mark
    /// The scalar's value, as libyaml gives it.
    var content: String
}

/// Reads the bodies of plain literal block scalars (`key: |` then lines indented deeper than the key)
/// from the bytes, and gives libyaml the input with each body's lines emptied. Loading the default pack,
/// libyaml spent more than half of its time on two such bodies (the lexicon's and the escalation model's
/// term tables, 650 KB of the pack's 990 KB), reading them a character at a time.
///
/// Each body left out keeps its line breaks, so every later line has the number and columns libyaml
/// would give it; its first line keeps its indentation, so libyaml works out the same indentation and
/// ends the scalar on the same line, with an empty value. The value put back is the one libyaml reads
/// for a body, worked out only when it is simple: clip chomping, no indentation indicator, the first line
/// holding text, no tab where libyaml wants indentation spaces, and only characters libyaml's reader
/// accepts and takes for neither a line break nor a byte-order mark. Anything else is left to libyaml.
///
/// A header is found from the bytes, without knowing the YAML context (it may be inside a quoted
/// scalar, say): the tree builder takes a body's value only for a literal scalar libyaml reports at that
/// very mark, and ``YAMLParser`` parses the original bytes again when one is not reported so, or when
/// anything fails (so errors and their marks are libyaml's own).
enum LiteralBodies {
    /// The input with the bodies emptied, and the bodies in order; nil when no body can be taken out.
    static func lift(_ bytes: UnsafeBufferPointer<UInt8>) -> (input: [UInt8], bodies: [LiteralBody])? {
        var bodies: [LiteralBody] = []
        var input: [UInt8] = []
        var copied = 0
        // The line number of `counted`, a line's first byte: everything before it is checked for
        // breaks other than line feeds.
        var line = 1, counted = 0
        var search = 0
        while let bar = nextBar(in: bytes, from: search) {
            search = bar + 1
            guard let (lineStart, keyIndent) = header(in: bytes, bar: bar) else { continue }
            guard let lines = lineFeeds(in: bytes, counted..<lineStart) else { break }
            line += lines
            counted = lineStart
            guard let body = Body(bytes, from: bar + 2, keyIndent: keyIndent) else { continue }
            input.append(contentsOf: bytes[copied..<(bar + 2)])
            input.append(contentsOf: repeatElement(UInt8(ascii: " "), count: body.indent))
            input.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: body.lineFeeds))
            copied = body.end
            bodies.append(LiteralBody(mark: Mark(line: line, column: bar - lineStart + 1), content: body.content))
            line += 1 + body.lineFeeds
            counted = body.end
            search = body.end
        }
        guard !bodies.isEmpty else { return nil }
        input.append(contentsOf: bytes[copied...])
        return (input, bodies)
    }

    /// The index of the next `|` from `start` that ends a line after `: `.
    private static func nextBar(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var at = start
        while at + 1 < bytes.count {
            // Eight bytes at a time, to the first `|` among them.
            if at + 8 <= bytes.count {
                let skip = Words.firstByte(Words.load(bytes, at), UInt8(ascii: "|"))
                at += skip
                if skip == 8 { continue }
            }
            if bytes[at] == UInt8(ascii: "|"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "\n"), at >= 2, bytes[at - 1] == UInt8(ascii: " "),
                bytes[at - 2] == UInt8(ascii: ":")
            {
                return at
            }
            at += 1
        }
        return nil
    }

    /// The start of the line of the `|` at `bar` and the key's indentation, when the line is spaces, a key
    /// of ASCII letters, digits, `_` and `-` (not first) and `: |`.
    private static func header(in bytes: UnsafeBufferPointer<UInt8>, bar: Int) -> (lineStart: Int, keyIndent: Int)? {
        let keyEnd = bar - 2
        var at = keyEnd
        while at > 0, bytes[at - 1] != UInt8(ascii: "\n") {
            guard isKeyByte(bytes[at - 1]) else { break }
            at -= 1
        }
        let keyStart = at
        while at > 0, bytes[at - 1] == UInt8(ascii: " ") { at -= 1 }
        guard keyStart < keyEnd, at == 0 || bytes[at - 1] == UInt8(ascii: "\n"), bytes[keyStart] != UInt8(ascii: "-") else { return nil }
        return (at, keyStart - at)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The line feeds in `range`, or nil when it holds another character libyaml takes for a line
    /// break (carriage return, U+0085, U+2028, U+2029), which would make its line numbers differ.
    private static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var count = 0
        for at in range {
            switch bytes[at] {
            case UInt8(ascii: "\n"): count += 1
            case UInt8(ascii: "\r"): return nil
            case 0xC2 where at + 1 < bytes.count && bytes[at + 1] == 0x85: return nil
            case 0xE2 where at + 2 < bytes.count && bytes[at + 1] == 0x80 && (bytes[at + 2] == 0xA8 || bytes[at + 2] == 0xA9): return nil
            default: break
            }
        }
        return count
    }

    /// A literal block scalar's body, read as libyaml reads it (`yaml_parser_scan_block_scalar` with clip
    /// chomping and no indentation indicator).
    struct Body {
        /// The indentation of its lines: the first line's.
        var indent = 0
        /// Its value.
        var content = ""
        /// Its line feeds, up to `end`.
        var lineFeeds = 0
        /// The index of the first byte after it: the first line indented less that is not empty, or the end.
        var end = 0

        /// The body starting at `start` (after the header's line feed) under a key indented `keyIndent`,
        /// or nil when it is not simple (see ``LiteralBodies``).
        init?(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, keyIndent: Int) {
            var at = start
            while at < bytes.count, bytes[at] == UInt8(ascii: " ") { at += 1 }
            indent = at - start
            // The first line holds text (not a tab: libyaml wants spaces there) deeper than the key, so
            // libyaml takes its indentation for the body's.
            guard indent > keyIndent, at < bytes.count, bytes[at] != UInt8(ascii: "\n"), bytes[at] != UInt8(ascii: "\t") else { return nil }
            var value: [UInt8] = []
            value.reserveCapacity(bytes.count - start)
            var pendingBreaks = 0, lineStart = start, lines = 0
            while lineStart < bytes.count {
                var text = lineStart
                while text < lineStart + indent, text < bytes.count, bytes[text] == UInt8(ascii: " ") { text += 1 }
                // The end of the input ends the body, even after the indentation's spaces.
                if text == bytes.count { break }
                if bytes[text] == UInt8(ascii: "\n") {
                    // An empty line (spaces up to the indentation at most): one line break of the value,
                    // unless no text follows.
                    pendingBreaks += 1
                    lines += 1
                    lineStart = text + 1
                    continue
                }
                if text < lineStart + indent {
                    // A line indented less ends the body; one starting with anything but a printable ASCII
                    // character (a tab, a break libyaml knows and this does not) is left to libyaml.
                    guard bytes[text] > 0x20, bytes[text] < 0x7F else { return nil }
                    break
                }
                guard let lineEnd = Self.textEnd(bytes, from: text) else { return nil }
                if pendingBreaks > 0 {
                    value.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: pendingBreaks))
                    pendingBreaks = 0
                }
                value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[text..<lineEnd]))
                guard lineEnd < bytes.count else {
                    lineStart = lineEnd
                    break
                }
                value.append(UInt8(ascii: "\n"))
                lines += 1
                lineStart = lineEnd + 1
            }
            end = lineStart
            lineFeeds = lines
            content = value.withUnsafeBufferPointer(Self.string)
        }

        /// The string of `utf8`, well-formed UTF-8: its runs of ASCII bytes are made strings on the
        /// standard library's ASCII path, and only the other runs are decoded (a term table has a few
        /// emoji in 400 KB of ASCII, and decoding all of it took more time than reading it).
        static func string(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
            var result = ""
            result.reserveCapacity(utf8.count)
            var start = 0
            while start < utf8.count {
                var at = start
                while at < utf8.count, utf8[at] < 0x80 {
                    if at + 8 <= utf8.count, Words.load(utf8, at) & Words.highBits == 0 { at += 8 } else { at += 1 }
                }
                var end = at
                while end < utf8.count, utf8[end] >= 0x80 { end += 1 }
                result.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<at]), as: UTF8.self))
                result.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[at..<end]), as: UTF8.self))
                start = end
            }
            return result
        }

        /// The index of the line feed (or the end) that ends the text starting at `start`, or nil when the
        /// text holds a character libyaml's reader rejects, takes for a line break, or a byte-order mark.
        static func textEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            var at = start
            while at < bytes.count {
                // Eight bytes at a time while they are all printable ASCII characters.
                if at + 8 <= bytes.count, Words.isPrintableASCII(Words.load(bytes, at)) {
                    at += 8
                    continue
                }
                let byte = bytes[at]
                if byte >= 0x20 && byte < 0x7F || byte == UInt8(ascii: "\t") {
                    at += 1
                } else if byte == UInt8(ascii: "\n") {
                    return at
                } else {
                    guard let width = printableWidth(bytes, at) else { return nil }
                    at += width
                }
            }
            return at
        }

        /// The length of the well-formed UTF-8 sequence of two or more bytes at `at`, when its character is
        /// one libyaml's reader accepts (U+00A0...U+D7FF, U+E000...U+FFFD, U+10000...U+10FFFF) other than
        /// U+2028, U+2029 (line breaks to libyaml) and U+FEFF; nil otherwise.
        static func printableWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
            let lead = bytes[at]
            let width: Int
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: (width, scalar) = (2, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (width, scalar) = (3, UInt32(lead & 0x0F))
            case 0xF0...0xF4: (width, scalar) = (4, UInt32(lead & 0x07))
            default: return nil
            }
            guard at + width <= bytes.count else { return nil }
            for k in 1..<width {
                let byte = bytes[at + k]
                guard byte & 0xC0 == 0x80 else { return nil }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            // The shortest form only, as libyaml's reader requires.
            let least: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
            guard scalar >= least else { return nil }
            switch scalar {
            case 0xA0...0xD7FF, 0xE000...0xFFFD: return scalar == 0x2028 || scalar == 0x2029 || scalar == 0xFEFF ? nil : width
            case 0x10000...0x10FFFF: return width
            default: return nil
            }
        }
    }
}

/// Tests of eight bytes at once, loaded as one `UInt64` (the byte order does not matter to them).
enum Words {
    /// The top bit of every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    /// One in every byte.
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight bytes of `bytes` from `at` (which has eight more).
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + at).loadUnaligned(as: UInt64.self)
    }

    /// The index of the first of the bytes of `word` (loaded in little-endian order) that is `byte`, or 8:
    /// the lowest top bit set by the subtraction is exact (a borrow only runs upward from a zero byte).
    @inline(__always)
    static func firstByte(_ word: UInt64, _ byte: UInt8) -> Int {
        let x = UInt64(littleEndian: word) ^ (ones &* UInt64(byte))
        return ((x &- ones) & ~x & highBits).trailingZeroBitCount / 8
    }

    /// Whether every byte of `word` is in 0x20...0x7E: none is below 0x20 (a borrow reaches a byte's top bit
    /// only from a byte below 0x20 at or below it) and none is above 0x7E (adding one sets the top bit).
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let below = (word &- ones &* 0x20) & ~word & highBits
        let above = ((word &+ ones) | word) & highBits
        return below | above == 0
    }
}
