/// YAML 1.2 core-schema resolution of plain scalars.
enum CoreSchema {
    static func resolve(_ text: String, style: Node.Scalar.Style, tag: String?) -> Node.Scalar.Value {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str", "!": return .string(text)
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool": return resolveBool(text).map(Node.Scalar.Value.bool) ?? .string(text)
            case "tag:yaml.org,2002:int": return resolveInt(text).map(Node.Scalar.Value.int) ?? .string(text)
            case "tag:yaml.org,2002:float":
                if let f = resolveFloat(text) { return .float(f) }
                if let i = resolveInt(text) { return .float(Double(i)) }
                return .string(text)
            default: return .string(text)
            }
        }
        guard style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if let b = resolveBool(text) { return .bool(b) }
        if let i = resolveInt(text) { return .int(i) }
        if let f = resolveFloat(text) { return .float(f) }
        return .string(text)
    }

    static func resolveBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    static func resolveInt(_ text: String) -> Int? {
        var t = Substring(text)
        var negative = false
        if t.first == "-" || t.first == "+" {
            negative = t.first == "-"
            t = t.dropFirst()
        }
        guard !t.isEmpty else { return nil }
        let value: Int?
        if t.hasPrefix("0x") {
            let digits = t.dropFirst(2)
            guard !digits.isEmpty, text.first != "-", text.first != "+" else { return nil }
            value = Int(digits, radix: 16)
        } else if t.hasPrefix("0o") {
            let digits = t.dropFirst(2)
            guard !digits.isEmpty, text.first != "-", text.first != "+" else { return nil }
            value = Int(digits, radix: 8)
        } else {
            guard t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            value = Int(t, radix: 10)
        }
        guard let v = value else { return nil }
        return negative ? -v : v
    }

    static func resolveFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var bytes = Array(text.utf8)[...]
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, b >= 48, b <= 57 { bytes = bytes.dropFirst(); n += 1 }
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
}
