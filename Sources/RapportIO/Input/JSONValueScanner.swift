/// Finds where one JSON value ends without parsing it, resumably (bytes may arrive in pieces).
///
/// Tracks string state and bracket depth only; the value is validated later by ``JSONParser``.
/// A value that does not start like an object, array or string (a number, a literal, or garbage
/// such as a byte-order mark in the middle of the array) runs to the next `,`, `]`, `}` or
/// whitespace outside strings and brackets, so a broken element stays one record.
struct JSONValueScanner {
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var started = false
    private var scalar = false
    /// Newlines seen inside the value so far.
    private(set) var newlines = 0

    /// Scans `source[offset...]`; advances `offset`. Returns true when the value is complete
    /// (`offset` is then just past it). At end of input a scalar counts as complete.
    mutating func scan(_ source: ByteSource, offset: inout Int) -> Bool {
        while source.start + offset < source.end {
            let c = source[source.start + offset]
            if c == 0x0A { newlines += 1 }
            if !started {
                started = true
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth = 1
                case UInt8(ascii: "\""): inString = true
                default: scalar = true
                }
                offset += 1
                continue
            }
            if inString {
                offset += 1
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 && !scalar { return true }
                }
                continue
            }
            if scalar && depth == 0 {
                switch c {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D:
                    if c == 0x0A { newlines -= 1 }
                    return true
                default: break
                }
            }
            offset += 1
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 && !scalar { return true }
            default: break
            }
        }
        return scalar && source.atEOF
    }
}
