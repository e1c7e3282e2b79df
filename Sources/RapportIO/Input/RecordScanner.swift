/// A member of interest found in a record: its kind and where its value lies.
struct FoundValue {
    enum Kind: UInt8 {
        case absent, null, bool, number, string, escapedString, array, object

        var isScalar: Bool { self != .absent && self != .array && self != .object }
    }

    var kind: Kind
    var start: Int32
    var end: Int32

    static let absent = FoundValue(kind: .absent, start: 0, end: 0)
}

/// Checks a JSON record without building it, noting where the members of a ``FieldPlan`` are.
///
/// It accepts exactly what ``JSONParser`` accepts within the limits (nesting depth, and at most
/// `maxFields` members and elements counted with repeats), but gives up (``Unsupported``) on whatever
/// it does not decide alone: any syntax error, a record that is not an object, an escaped or
/// non-ASCII key where members are looked for, a member of interest that repeats, too many fields.
/// The caller then parses the record fully, which gives the exact answer or error.
struct RecordScanner {
    struct Unsupported: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    let plan: FieldPlan
    let found: UnsafeMutableBufferPointer<FoundValue>
    let maxDepth: Int
    let maxFields: Int
    private var index = 0
    private var fields = 0

    init(bytes: UnsafeBufferPointer<UInt8>, plan: FieldPlan, found: UnsafeMutableBufferPointer<FoundValue>, maxDepth: Int, maxFields: Int) {
        self.bytes = bytes
        self.plan = plan
        self.found = found
        self.maxDepth = min(max(1, maxDepth), JSONParser.maxDepthCeiling)
        self.maxFields = maxFields
    }

    mutating func scanRecord() throws(Unsupported) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw Unsupported() }
        try object(depth: 1, node: 0)
        skipWhitespace()
        guard index == bytes.count else { throw Unsupported() }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int, node: Int) throws(Unsupported) -> FoundValue.Kind {
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1, node: node); return .object
        case UInt8(ascii: "["): try array(depth: depth + 1); return .array
        case UInt8(ascii: "\""): return try string() ? .escapedString : .string
        case UInt8(ascii: "t"): try literal("true"); return .bool
        case UInt8(ascii: "f"): try literal("false"); return .bool
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(); return .number
        default: throw Unsupported()
        }
    }

    private mutating func countField() throws(Unsupported) {
        fields += 1
        if fields > maxFields { throw Unsupported() }
    }

    /// An object at `index`; its members are looked up under `node` (-1: none are of interest).
    private mutating func object(depth: Int, node: Int) throws(Unsupported) {
        if depth > maxDepth { throw Unsupported() }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unsupported() }
            let keyStart = index + 1
            if try string() { if node >= 0 { throw Unsupported() } }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<(index - 1)])
            var child = -1
            if node >= 0 {
                for byte in key where byte >= 0x80 { throw Unsupported() }
                child = plan.child(of: node, key: key)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Unsupported() }
            index += 1
            skipWhitespace()
            try countField()
            let start = index
            let kind = try value(depth: depth, node: child >= 0 && plan.hasChildren(child) ? child : -1)
            if child >= 0 {
                if found[child].kind != .absent { throw Unsupported() }
                found[child] = FoundValue(kind: kind, start: Int32(start), end: Int32(index))
            }
            skipWhitespace()
            guard index < bytes.count else { throw Unsupported() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return }
            throw Unsupported()
        }
    }

    private mutating func array(depth: Int) throws(Unsupported) {
        if depth > maxDepth { throw Unsupported() }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            try countField()
            _ = try value(depth: depth, node: -1)
            skipWhitespace()
            guard index < bytes.count else { throw Unsupported() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            throw Unsupported()
        }
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Unsupported() }
        let w = word.utf8Start
        for k in 0..<count where bytes[index + k] != w[k] { throw Unsupported() }
        index += count
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func number() throws(Unsupported) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if digits() == 0 { throw Unsupported() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw Unsupported() }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw Unsupported() }
        }
    }

    /// A string literal at `index` (the opening quote): checks its escapes and that the text between
    /// them is valid UTF-8 (what the parser's unescaped string must be); returns whether it has escapes.
    private mutating func string() throws(Unsupported) -> Bool {
        index += 1
        var segment = index
        var escaped = false
        // Whether the current segment has a byte above 0x7F (else it is ASCII, valid as it is).
        var high: UInt64 = 0
        let n = bytes.count
        while true {
            // Eight bytes at a time up to the first `"` or `\` (found from the word's bit mask).
            if n - index >= 8 {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                let stops = Self.zeroBytes(word ^ 0x2222_2222_2222_2222) | Self.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                if stops == 0 {
                    high |= word
                    index += 8
                    continue
                }
                let before = stops.trailingZeroBitCount & ~7
                if before > 0 { high |= word & ((1 << UInt64(before)) &- 1) }
                index += before >> 3
            } else {
                guard index < n else { throw Unsupported() }
                let c = bytes[index]
                if c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                    high |= UInt64(c)
                    index += 1
                    continue
                }
            }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                if high & 0x8080_8080_8080_8080 != 0 { try validate(segment..<index) }
                index += 1
                return escaped
            }
            if high & 0x8080_8080_8080_8080 != 0 { try validate(segment..<index) }
            high = 0
            escaped = true
            guard n - index >= 2 else { throw Unsupported() }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
            case UInt8(ascii: "u"):
                guard n - index >= 6 else { throw Unsupported() }
                for k in 2..<6 where !Self.isHexDigit(bytes[index + k]) { throw Unsupported() }
                index += 6
            default:
                throw Unsupported()
            }
            segment = index
        }
    }

    private func validate(_ range: Range<Int>) throws(Unsupported) {
        let text = UnsafeBufferPointer(rebasing: bytes[range])
        if UTF8Check.firstInvalidOffset(text) != text.count { throw Unsupported() }
    }

    /// The high bit of each zero byte of `v` set; exact up to and including the lowest zero byte
    /// (bits above it may be set spuriously), so its trailing zero count finds the first one.
    @inline(__always)
    private static func zeroBytes(_ v: UInt64) -> UInt64 {
        (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
    }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
