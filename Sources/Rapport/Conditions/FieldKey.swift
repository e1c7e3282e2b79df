/// A dotted field key (`author.followers`) classified once, so looking it up for a comment needs no
/// string comparisons to tell whether it names a built-in field (see ``FieldLookup``).
struct FieldKey: Sendable, Hashable {
    /// The built-in field a key names, if any.
    enum Builtin: Sendable, Hashable {
        case none
        /// `label`: the decided label.
        case label
        /// `id` and `text` of the comment.
        case id, text
        /// `author`, `author.name` and `author.handle`: `Comment.author`, then the other two fields.
        case author
    }

    /// The whole dotted key.
    let name: String
    let builtin: Builtin

    init(_ name: String) {
        self.name = name
        switch name {
        case "label": builtin = .label
        case "id": builtin = .id
        case "text": builtin = .text
        case "author", "author.name", "author.handle": builtin = .author
        default: builtin = .none
        }
    }
}
