// The word-at-a-time key and string scans (and `FieldPlan`'s key words) read bytes in little-endian
// order; a big-endian build would silently miss fields, so it is refused.
#if _endian(big)
#error("RapportIO's JSON scanner assumes a little-endian target")
#endif

/// A small, strict JSON parser over UTF-8 bytes: one record at a time.
///
/// It is the one place where record bytes become values, so a faster parser can replace it
/// without touching the readers. Strings must be valid UTF-8; raw control characters inside
/// strings are tolerated (exports often contain raw tabs); nesting is limited (``defaultMaxDepth`` unless the caller says otherwise).
public enum JSONParser {
    /// The deepest nesting accepted by default; deeper input is reported, never recursed into.
    public static let defaultMaxDepth = 256
    /// The largest nesting limit a caller may ask for (parsing recurses once per level).
    public static let maxDepthCeiling = 1_000

    /// Parses exactly one JSON value (surrounded by optional whitespace) from `bytes`; arrays and
    /// objects may nest `maxDepth` levels deep (at most ``maxDepthCeiling``).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var cursor = Cursor(bytes: buffer)
            cursor.maxDepth = min(max(1, maxDepth), maxDepthCeiling)
            try cursor.beginDocument()
            let value = try cursor.parseValue(depth: 0)
            try cursor.endDocument()
            return value
        }
    }

    /// Parses one JSON string literal starting at `bytes[0]` (used for object keys by the array reader).
    static func parseString(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> (String, Int) {
        var cursor = Cursor(bytes: bytes)
        let s = try cursor.parseString()
        return (s, cursor.index)
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var maxDepth = JSONParser.defaultMaxDepth

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        static func describe(_ byte: UInt8) -> String {
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x" + String(byte, radix: 16, uppercase: true)
        }

        @inline(__always)
        mutating func skipWhitespace() {
            // Records mostly have no whitespace between tokens: one comparison tells (every JSON
            // whitespace byte is at most 0x20).
            guard index < bytes.count, bytes[index] <= 0x20 else { return }
            skipWhitespaceSlowly()
        }

        /// ``skipWhitespace()`` before an object's key, where one space is common (`", "`, as Python's
        /// `json.dumps` writes records): passed here, without the call.
        @inline(__always)
        mutating func skipWhitespaceBeforeKey() {
            guard index < bytes.count else { return }
            let byte = bytes[index]
            if byte > 0x20 { return }
            if byte == 0x20, bytes.count - index >= 2, bytes[index + 1] > 0x20 {
                index += 1
                return
            }
            skipWhitespaceSlowly()
        }

        /// ``skipWhitespace()`` where `index` is at a byte of at most 0x20 (not inlined: most records have no
        /// whitespace). One space before a token is passed with two comparisons, anything else in a loop.
        @inline(never)
        private mutating func skipWhitespaceSlowly() {
            if bytes.count - index >= 2, bytes[index] == 0x20, bytes[index + 1] > 0x20 {
                index += 1
                return
            }
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
            JSONSyntaxError(offset: offset ?? index, message: message)
        }

        func unexpected(expecting what: String) -> JSONSyntaxError {
            if index >= bytes.count { return error("unexpected end of record, expected \(what)") }
            return error("unexpected \(Cursor.describe(bytes[index])), expected \(what)")
        }

        mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard index < bytes.count else { throw unexpected(expecting: "a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            default: throw unexpected(expecting: "a value")
            }
        }

        mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
            let start = index
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { throw error("invalid literal", at: start) }
            let w = word.utf8Start
            for k in 0..<count where bytes[index + k] != w[k] { throw error("invalid literal", at: start) }
            index += count
        }

        /// Skips leading whitespace; an empty or blank record is an error.
        mutating func beginDocument() throws(JSONSyntaxError) {
            skipWhitespace()
            if index == bytes.count { throw error("empty record", at: 0) }
        }

        /// Skips trailing whitespace; anything after it is an error.
        mutating func endDocument() throws(JSONSyntaxError) {
            skipWhitespace()
            if index < bytes.count { throw error("unexpected \(Cursor.describe(bytes[index])) after the end of the value") }
        }

        /// Moves into the object whose `{` is at `index`, nested `depth` levels; returns false when it
        /// is empty (and moves past it).
        @inline(__always)
        mutating func openObject(depth: Int) throws(JSONSyntaxError) -> Bool {
            try enter(depth: depth, closer: UInt8(ascii: "}"))
        }

        /// Moves into the array whose `[` is at `index`, nested `depth` levels; returns false when it is
        /// empty (and moves past it). Each element then starts after whitespace is skipped.
        @inline(__always)
        mutating func openArray(depth: Int) throws(JSONSyntaxError) -> Bool {
            try enter(depth: depth, closer: UInt8(ascii: "]"))
        }

        @inline(__always)
        private mutating func enter(depth: Int, closer: UInt8) throws(JSONSyntaxError) -> Bool {
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels (see --limit json-depth=N)") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == closer {
                index += 1
                return false
            }
            return true
        }

        /// A member's key and the `:` after it; `index` is then at the member's value. Returns the key's
        /// literal (quotes included) and whether it has escapes.
        @inline(__always)
        mutating func memberKey() throws(JSONSyntaxError) -> (literal: Range<Int>, escaped: Bool) {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected(expecting: "a string key") }
            let start = index
            let escaped = try scanString()
            let literal = start..<index
            try keySeparator()
            return (literal, escaped)
        }

        /// The `:` after a member's key (whitespace around it skipped); `index` is then at the member's value.
        @inline(__always)
        mutating func keySeparator() throws(JSONSyntaxError) {
            // Mostly a `:` right after the key and the value right after it, or after one space (`": "`, as
            // Python's `json.dumps` writes records).
            if bytes.count - index >= 3, bytes[index] == UInt8(ascii: ":") {
                let next = bytes[index + 1]
                if next > 0x20 {
                    index += 1
                    return
                }
                if next == 0x20, bytes[index + 2] > 0x20 {
                    index += 2
                    return
                }
            }
            try keySeparatorSlowly()
        }

        /// ``keySeparator()`` for any other bytes: whitespace skipped before and after the `:`.
        @inline(never)
        private mutating func keySeparatorSlowly() throws(JSONSyntaxError) {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(expecting: "':'") }
            index += 1
            skipWhitespace()
        }

        /// Moves past the string literal at `index` (its opening quote) when it has no escapes, is closed and
        /// is ASCII (checked eight bytes at a time as ``scanString()`` checks them) or else valid UTF-8
        /// (checked as ``scanString()`` checks it); such a literal is one ``scanString()`` accepts without
        /// escapes. False, with `index` unmoved, for any other literal (``scanString()`` reads it, and
        /// finds any error in it).
        @inline(__always)
        mutating func plainString() -> Bool {
            let n = bytes.count
            var i = index + 1
            guard let base = bytes.baseAddress, i <= n else { return false }
            var high: UInt64 = 0
            while n - i >= 8 {
                let plain = Self.plainBytes(at: base + i, high: &high)
                i += plain
                if plain == 8 { continue }
                guard base[i] == UInt8(ascii: "\""), high & 0x8080_8080_8080_8080 == 0 || Self.isValidUTF8(base, index + 1, i) else {
                    return false
                }
                index = i + 1
                return true
            }
            while i < n {
                let c = base[i]
                if c == UInt8(ascii: "\"") {
                    guard high & 0x8080_8080_8080_8080 == 0 || Self.isValidUTF8(base, index + 1, i) else { return false }
                    index = i + 1
                    return true
                }
                if c == UInt8(ascii: "\\") { return false }
                high |= UInt64(c)
                i += 1
            }
            return false
        }

        /// Whether `base[start..<end]` is valid UTF-8 (a string's bytes that are not all ASCII).
        @inline(never)
        private static func isValidUTF8(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            UTF8Check.firstInvalidOffset(UnsafeBufferPointer(start: base + start, count: end - start)) == end - start
        }

        /// A key of at most 15 ASCII bytes without escapes, whose literal starts at `index`, read from one
        /// or two eight-byte words when 16 bytes follow its opening quote: moves past its closing quote and
        /// gives its length and its first and last eight bytes (zero-padded when shorter, as
        /// ``FieldPlan`` keeps them). Nil, with `index` unmoved, for any other key (``memberKey()`` reads
        /// it, and finds any error in it).
        @inline(__always)
        mutating func plainShortKey() -> (count: Int, head: UInt64, tail: UInt64)? {
            let start = index + 1
            guard bytes.count - start >= 16, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let p = UnsafeRawPointer(bytes.baseAddress! + start)
            let first = p.loadUnaligned(as: UInt64.self)
            var stops = Self.zeroBytes(first ^ 0x2222_2222_2222_2222) | Self.zeroBytes(first ^ 0x5C5C_5C5C_5C5C_5C5C)
            let count: Int
            let head: UInt64
            let tail: UInt64
            if stops != 0 {
                count = stops.trailingZeroBitCount >> 3
                head = count == 0 ? 0 : first & (~0 >> UInt64(64 - 8 * count))
                tail = 0
            } else {
                let second = (p + 8).loadUnaligned(as: UInt64.self)
                stops = Self.zeroBytes(second ^ 0x2222_2222_2222_2222) | Self.zeroBytes(second ^ 0x5C5C_5C5C_5C5C_5C5C)
                guard stops != 0 else { return nil }
                count = 8 + stops.trailingZeroBitCount >> 3
                head = first
                tail = (p + (count - 8)).loadUnaligned(as: UInt64.self)
            }
            guard bytes[start + count] == UInt8(ascii: "\""), (head | tail) & 0x8080_8080_8080_8080 == 0 else { return nil }
            index = start + count + 1
            return (count, head, tail)
        }

        /// After an object's member: true when another follows (past the `,`), false at the closing `}`.
        @inline(__always)
        mutating func nextMember() throws(JSONSyntaxError) -> Bool {
            try next(closer: UInt8(ascii: "}"), expecting: "',' or '}'")
        }

        /// After an array's element: true when another follows (past the `,` and whitespace), false at the closing `]`.
        @inline(__always)
        mutating func nextElement() throws(JSONSyntaxError) -> Bool {
            let more = try next(closer: UInt8(ascii: "]"), expecting: "',' or ']'")
            if more { skipWhitespace() }
            return more
        }

        @inline(__always)
        private mutating func next(closer: UInt8, expecting: String) throws(JSONSyntaxError) -> Bool {
            // Mostly the `,` or the closer right after the value.
            if index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    return true
                }
                if byte == closer {
                    index += 1
                    return false
                }
            }
            skipWhitespace()
            guard index < bytes.count else { throw unexpected(expecting: expecting) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                return true
            }
            if bytes[index] == closer {
                index += 1
                return false
            }
            throw unexpected(expecting: expecting)
        }

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            var members = [String: JSONValue](minimumCapacity: 8)
            guard try openObject(depth: depth) else { return .object(members) }
            repeat {
                let key = try memberKey()
                members[string(key.literal, escaped: key.escaped)] = try parseValue(depth: depth)
            } while try nextMember()
            return .object(members)
        }

        mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            var elements: [JSONValue] = []
            guard try openArray(depth: depth) else { return .array(elements) }
            repeat {
                elements.append(try parseValue(depth: depth))
            } while try nextElement()
            return .array(elements)
        }

        /// Checks the number at `index` and moves past it.
        mutating func scanNumber() throws(JSONSyntaxError) {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw error("invalid number", at: start) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if digits() == 0 { throw error("invalid number", at: start) }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                if digits() == 0 { throw error("invalid number", at: start) }
            }
        }

        private mutating func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }

        mutating func parseNumber() throws(JSONSyntaxError) -> String {
            let start = index
            try scanNumber()
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        /// Parses a string literal at `index` (which holds the opening quote).
        mutating func parseString() throws(JSONSyntaxError) -> String {
            let start = index
            let escaped = try scanString()
            return string(start..<index, escaped: escaped)
        }

        /// Checks the string literal at `index` (its opening quote) and moves past it; returns whether it
        /// has escapes. The errors: an escape that is not JSON's (at its backslash, or at a bad hex
        /// digit), then a missing closing quote (at the opening quote), then invalid UTF-8 (at its first
        /// bad byte, or at the opening quote when the literal has escapes). Raw control characters pass.
        mutating func scanString() throws(JSONSyntaxError) -> Bool {
            let open = index
            index += 1
            let n = bytes.count
            // The bytes since the last escape, and whether one of them is above 0x7F (else they are
            // ASCII, valid as they are).
            var segment = index
            var high: UInt64 = 0
            var escaped = false
            var invalid = false
            while true {
                // Eight bytes at a time up to the first `"` or `\` (found from the word's bit mask).
                if n - index >= 8 {
                    let plain = Self.plainBytes(at: bytes.baseAddress! + index, high: &high)
                    index += plain
                    if plain == 8 { continue }
                } else {
                    guard index < n else { throw error("unterminated string", at: open) }
                    let c = bytes[index]
                    if c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                        high |= UInt64(c)
                        index += 1
                        continue
                    }
                }
                let bad =
                    high & 0x8080_8080_8080_8080 == 0 ? index - segment : UTF8Check.firstInvalidOffset(UnsafeBufferPointer(rebasing: bytes[segment..<index]))
                if bytes[index] == UInt8(ascii: "\"") {
                    if bad < index - segment { throw error("invalid UTF-8 in string", at: escaped ? open : segment + bad) }
                    if invalid { throw error("invalid UTF-8 in string", at: open) }
                    index += 1
                    return escaped
                }
                invalid = invalid || bad < index - segment
                high = 0
                escaped = true
                index += 1
                guard index < n else { throw error("unterminated string", at: open) }
                _ = try escape()
                segment = index
            }
        }

        /// The escape whose letter is at `index` (just past its backslash), moving past it: the scalar
        /// it stands for. A `\u` high surrogate followed by an escaped low one is one scalar; a lone
        /// surrogate is U+FFFD.
        mutating func escape() throws(JSONSyntaxError) -> UInt32 {
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return UInt32(e)
            case UInt8(ascii: "b"): return 0x08
            case UInt8(ascii: "f"): return 0x0C
            case UInt8(ascii: "n"): return 0x0A
            case UInt8(ascii: "r"): return 0x0D
            case UInt8(ascii: "t"): return 0x09
            case UInt8(ascii: "u"):
                let scalar = try hex4()
                if (0xDC00..<0xE000).contains(scalar) { return 0xFFFD }
                guard (0xD800..<0xDC00).contains(scalar) else { return scalar }
                // A high surrogate must be followed by an escaped low surrogate.
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return 0xFFFD }
                let save = index
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    index = save
                    return 0xFFFD
                }
                return 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: index - 2)
            }
        }

        /// The text of the string literal `literal` (quotes included), which ``scanString()`` accepted.
        func string(_ literal: Range<Int>, escaped: Bool) -> String {
            let inner = UnsafeBufferPointer(rebasing: bytes[(literal.lowerBound + 1)..<(literal.upperBound - 1)])
            guard escaped else { return String(decoding: inner, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(inner.count)
            var cursor = Cursor(bytes: bytes)
            cursor.index = literal.lowerBound + 1
            let end = literal.upperBound - 1
            while cursor.index < end {
                let c = bytes[cursor.index]
                cursor.index += 1
                guard c == UInt8(ascii: "\\") else {
                    out.append(c)
                    continue
                }
                let scalar = (try? cursor.escape()).flatMap { Unicode.Scalar($0) } ?? "\u{FFFD}"
                out.append(contentsOf: Unicode.UTF8.encode(scalar)!)
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard bytes.count - index >= 4 else { throw error("invalid \\u escape", at: index - 2) }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                default: throw error("invalid \\u escape", at: index)
                }
                v = v << 4 | UInt32(d)
                index += 1
            }
            return v
        }

        /// How many of the eight bytes at `p` come before the first `"` or `\\` among them (8: none), with
        /// the bits of those bytes added to `high` (whose high bits then tell whether one is from 0x80 up).
        @inline(__always)
        private static func plainBytes(at p: UnsafePointer<UInt8>, high: inout UInt64) -> Int {
            let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            let stops = zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
            if stops == 0 {
                high |= word
                return 8
            }
            let before = stops.trailingZeroBitCount & ~7
            if before > 0 { high |= word & ((1 << UInt64(before)) &- 1) }
            return before >> 3
        }

        /// The high bit of each zero byte of `v` set; exact up to and including the lowest zero byte
        /// (bits above it may be set spuriously), so its trailing zero count finds the first one.
        @inline(__always)
        private static func zeroBytes(_ v: UInt64) -> UInt64 {
            (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
        }
    }
}
