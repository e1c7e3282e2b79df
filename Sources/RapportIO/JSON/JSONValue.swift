public import Rapport

/// A parsed JSON value. Numbers keep their literal text, so a 19-digit id survives exactly.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, as written in the input (`123`, `-4.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object; when a key repeats, the last value wins.
    case object([String: JSONValue])

    /// The value at a dotted path (`user.screen_name`), walking nested objects.
    /// A key that itself contains dots is found too (`{"author.name": ...}`).
    public subscript(path path: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let direct = members[path] { return direct }
        // Byte-wise search: `firstIndex(of: Character)` walks grapheme clusters.
        guard let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        guard let head = members[String(path[..<dot])] else { return nil }
        return head[path: String(path[path.utf8.index(after: dot)...])]
    }

    /// The value as a comment field: strings, numbers, booleans and null; nil for arrays and objects.
    public var fieldValue: FieldValue? {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let literal): Double(literal).map(FieldValue.number) ?? .string(literal)
        case .string(let s): .string(s)
        case .array, .object: nil
        }
    }

    /// The value as a kept field: numbers as their literal text; nil for arrays and objects.
    public var keptValue: KeptValue? {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let literal): KeptValue.number(literal)
        case .string(let s): .string(s)
        case .array, .object: nil
        }
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
