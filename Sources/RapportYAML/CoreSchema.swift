/// YAML 1.2 core-schema resolution of scalars.
///
/// Untagged plain scalars resolve by the core schema's table (null, bool, int, float, else
/// string); quoted and block scalars are strings; an explicit core tag (`!!str`, `!!int`,
/// `!!float`, `!!bool`, `!!null`) decides the type, and the non-specific tag `!` or any other
/// tag gives a string.
enum CoreSchema {
    static let prefix = "tag:yaml.org,2002:"

    /// The value of a scalar, or `nil` when an explicit core tag does not fit the text.
    static func checkedValue(_ text: String, style: Node.Scalar.Style, tag: String?) -> Node.Scalar.Value? {
        guard let tag else {
            return style == .plain ? resolvePlain(text) : .string(text)
        }
        switch tag {
        case prefix + "str": return .string(text)
        case prefix + "null":
            return resolveNull(text) ? .null : nil
        case prefix + "bool": return resolveBool(text).map(Node.Scalar.Value.bool)
        case prefix + "int": return resolveInt(text).map(Node.Scalar.Value.int)
        case prefix + "float":
            if let f = resolveFloat(text) { return .float(f) }
            if let i = resolveInt(text) { return .float(Double(i)) }
            return nil
        default: return .string(text)
        }
    }

    /// The value of a scalar; text that does not fit its explicit tag stays a string.
    static func resolve(_ text: String, style: Node.Scalar.Style, tag: String?) -> Node.Scalar.Value {
        checkedValue(text, style: style, tag: tag) ?? .string(text)
    }

    static func resolvePlain(_ text: String) -> Node.Scalar.Value {
        if let first = text.utf8.first, !canStartNonString(first) { return .string(text) }
        if resolveNull(text) { return .null }
        if let b = resolveBool(text) { return .bool(b) }
        if let i = resolveInt(text) { return .int(i) }
        if let f = resolveFloat(text) { return .float(f) }
        return .string(text)
    }

    /// Whether a plain scalar starting with `byte` may be other than a string: null (`~`, `null`...), a
    /// boolean (`true`, `False`...), an integer or a number (a sign, a digit or `.`). Most plain scalars
    /// of a rule file are words, answered by this alone.
    static func canStartNonString(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }

    static func resolveNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func resolveBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`; `nil` when the text is not one or overflows.
    static func resolveInt(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard let first = utf8.first else { return nil }
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.utf8.allSatisfy(isHexDigit) else { return nil }
            return Int(digits, radix: 16)
        }
        if text.hasPrefix("0o") {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) else { return nil }
            return Int(digits, radix: 8)
        }
        let unsigned = first == UInt8(ascii: "-") || first == UInt8(ascii: "+") ? utf8.dropFirst() : utf8[...]
        guard !unsigned.isEmpty, unsigned.allSatisfy(isDigit) else { return nil }
        return Int(text, radix: 10)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` and the `.inf`/`.nan` spellings.
    static func resolveFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var bytes = Array(text.utf8)[...]
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, isDigit(b) {
                bytes = bytes.dropFirst()
                n += 1
            }
            return n
        }
        let intDigits = digits()
        var fracDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fracDigits = digits()
        }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return nil }
        }
        guard bytes.isEmpty else { return nil }
        return Double(text)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
}
