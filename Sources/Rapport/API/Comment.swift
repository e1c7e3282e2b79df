import RapportSupport

/// A comment to classify: its text plus whatever fields came with it.
public struct Comment: Sendable, Hashable {
    /// The comment's id (the input position when the input had none).
    public var id: String
    /// The comment's text, exactly as received.
    public var text: String
    /// The author's handle or name, used for `{author}` in replies.
    public var author: String?
    /// Other fields, addressed by dotted path in `when` expressions and templates
    /// (`author.followers`, `likes`, `platform`).
    public var fields: [String: FieldValue]

    public init(id: String = "", text: String, author: String? = nil, fields: [String: FieldValue] = [:]) {
        self.id = id
        self.text = text
        self.author = author
        self.fields = fields
    }
}

/// A typed field value of a comment.
public enum FieldValue: Sendable, Hashable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d):
            if let integral = NumberText.integral(d) { try c.encode(integral) } else { try c.encode(d) }
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }

    /// The value as text, for templates.
    public var text: String? {
        switch self {
        case .string(let s): s
        case .number(let d): NumberText.compact(d)
        case .bool(let b): String(b)
        case .null: nil
        }
    }
}
