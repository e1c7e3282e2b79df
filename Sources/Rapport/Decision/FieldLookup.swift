/// Resolves dotted field paths against a comment, for `when` expressions and reply templates.
///
/// Lookup order for a path such as `author.followers`:
/// 1. `label` is the decided label (when one is known).
/// 2. `Comment.fields` under the whole dotted key (`"author.followers"`); readers flatten nested
///    objects into dotted keys, so `{"author": {"followers": 5}}` arrives as `author.followers`.
/// 3. Built-in fields: `id` and `text` of the comment; `author`, `author.name` and `author.handle`
///    fall back to `Comment.author`.
/// A missing field, a `null` and an empty string all count as absent.
struct FieldLookup {
    var comment: Comment
    var label: Label?

    func value(_ path: [String]) -> FieldValue? {
        value(key: path.count == 1 ? path[0] : path.joined(separator: "."))
    }

    /// The value of the whole dotted `key` (`author.followers`).
    func value(key: String) -> FieldValue? {
        if key == "label", let label { return .string(label.rawValue) }
        if let value = comment.fields[key], Self.present(value) { return value }
        switch key {
        case "id": return comment.id.isEmpty ? nil : .string(comment.id)
        case "text": return .string(comment.text)
        case "author", "author.name", "author.handle":
            if let author = comment.author, !author.isEmpty { return .string(author) }
            for alternative in ["author", "author.name", "author.handle"] where alternative != key {
                if let value = comment.fields[alternative], Self.present(value) { return value }
            }
            return nil
        default: return nil
        }
    }

    private static func present(_ value: FieldValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        default: true
        }
    }
}
