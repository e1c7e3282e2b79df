import RapportSupport

extension Node {
    /// A JSON-shaped view of a node, as the YAML test suite's `in.json` files show documents:
    /// scalars become their core-schema values, mapping keys become strings (a scalar key's text,
    /// a collection key's JSON text). Useful to compare trees in tests without marks or styles.
    public enum JSONValue: Sendable, Hashable, CustomStringConvertible {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// An integer.
        case int(Int)
        /// A floating-point number (may be infinite or NaN, which JSON cannot spell).
        case float(Double)
        /// A string.
        case string(String)
        /// An array.
        case array([JSONValue])
        /// An object; when two keys have the same text, the first one's value is kept.
        case object([String: JSONValue])

        /// Compact JSON text with keys sorted; non-finite numbers are written as the strings
        /// `".inf"`, `"-.inf"` and `".nan"`.
        public var description: String {
            switch self {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return String(i)
            case .float(let d):
                if d.isNaN { return "\".nan\"" }
                if d.isInfinite { return d < 0 ? "\"-.inf\"" : "\".inf\"" }
                return String(d)
            case .string(let s): return JSONEscaping.quoted(s)
            case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
            case .object(let members):
                return "{" + members.sorted { $0.key < $1.key }.map { JSONEscaping.quoted($0.key) + ":" + $0.value.description }.joined(separator: ",") + "}"
            }
        }
    }

    /// This node as JSON (see ``JSONValue``).
    public var jsonValue: JSONValue {
        switch self {
        case .scalar(let s):
            switch s.value {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let d): return .float(d)
            case .string(let t): return .string(t)
            }
        case .sequence(let s):
            return .array(s.items.map(\.jsonValue))
        case .mapping(let m):
            var object: [String: JSONValue] = [:]
            for entry in m.entries {
                let key = entry.key.scalar?.string ?? entry.key.jsonValue.description
                if object[key] == nil { object[key] = entry.value.jsonValue }
            }
            return .object(object)
        }
    }
}
