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
            cursor.skipWhitespace()
            if cursor.index == buffer.count { throw JSONSyntaxError(offset: 0, message: "empty record") }
            let value = try cursor.parseValue(depth: 0)
            cursor.skipWhitespace()
            if cursor.index < buffer.count {
                throw JSONSyntaxError(offset: cursor.index, message: "unexpected \(Cursor.describe(buffer[cursor.index])) after the end of the value")
            }
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

        mutating func skipWhitespace() {
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

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels (see --limit json-depth=N)") }
            index += 1
            var members = [String: JSONValue](minimumCapacity: 8)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected(expecting: "a string key") }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(expecting: "':'") }
                index += 1
                skipWhitespace()
                members[key] = try parseValue(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw unexpected(expecting: "',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw unexpected(expecting: "',' or '}'")
            }
        }

        mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels (see --limit json-depth=N)") }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw unexpected(expecting: "',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw unexpected(expecting: "',' or ']'")
            }
        }

        mutating func parseNumber() throws(JSONSyntaxError) -> String {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits(_ c: inout Cursor) -> Int {
                let s = c.index
                while c.index < c.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c.bytes[c.index]) { c.index += 1 }
                return c.index - s
            }
            if digits(&self) == 0 { throw error("invalid number", at: start) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if digits(&self) == 0 { throw error("invalid number", at: start) }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                if digits(&self) == 0 { throw error("invalid number", at: start) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        /// Parses a string literal at `index` (which holds the opening quote).
        mutating func parseString() throws(JSONSyntaxError) -> String {
            let open = index
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    guard let s = UTF8Check.string(raw) else {
                        throw error("invalid UTF-8 in string", at: start + UTF8Check.firstInvalidOffset(raw))
                    }
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                index += 1
            }
            guard index < bytes.count else { throw error("unterminated string", at: open) }
            // Slow path: unescape into a scratch buffer.
            var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "\"") {
                    index += 1
                    guard let s = out.withUnsafeBufferPointer(UTF8Check.string) else {
                        throw error("invalid UTF-8 in string", at: open)
                    }
                    return s
                }
                if c != UInt8(ascii: "\\") { out.append(c); index += 1; continue }
                index += 1
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        if bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    out.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: index - 2)
                }
            }
            throw error("unterminated string", at: open)
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
    }
}
