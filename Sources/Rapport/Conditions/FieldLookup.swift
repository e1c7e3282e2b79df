/// Resolves dotted field paths against a comment, for `when` expressions and reply templates.
///
/// Lookup order for a path such as `author.followers`:
/// 1. `label` is the decided label (when one is known).
/// 2. `Comment.fields` under the whole dotted key (`"author.followers"`); readers flatten nested
///    objects into dotted keys, so `{"author": {"followers": 5}}` arrives as `author.followers`.
/// 3. Built-in fields: `id` and `text` of the comment; `author`, `author.name` and `author.handle`
///    fall back to `Comment.author`.
/// 4. The pack's field aliases (`fields:`): the paths given for the key, in order, each looked up as
///    in 2 and 3.
/// A missing field, a `null` and an empty string all count as absent.
///
/// The comment is read through a pointer, so making a lookup copies no `Comment` (four retains and
/// releases of its strings and fields): a lookup is valid only while the comment it points to is,
/// inside the `withUnsafePointer(to:)` that gave the pointer (or ``with(_:label:aliases:_:)``).
struct FieldLookup {
    let commentPointer: UnsafePointer<Comment>
    var label: Label?
    /// The pack's field aliases (``RulePack/fieldAliases``).
    var aliases: [String: [String]]

    init(comment: UnsafePointer<Comment>, label: Label?, aliases: [String: [String]] = [:]) {
        self.commentPointer = comment
        self.label = label
        self.aliases = aliases
    }

    /// The result of `body` given a lookup of `comment`'s fields (which must not escape `body`).
    static func with<Result>(
        _ comment: Comment, label: Label?, aliases: [String: [String]] = [:], _ body: (FieldLookup) throws -> Result
    ) rethrows -> Result {
        try withUnsafePointer(to: comment) { try body(FieldLookup(comment: $0, label: label, aliases: aliases)) }
    }

    /// The comment looked up (read in place).
    var comment: Comment {
        _read { yield commentPointer.pointee }
    }

    private static let authorKeys = ["author", "author.name", "author.handle"]

    /// The keys read when looking up `keys`: each key, and the keys that stand in for it.
    static func keysRead(for keys: Set<String>) -> Set<String> {
        keys.isDisjoint(with: authorKeys) ? keys : keys.union(authorKeys)
    }

    func value(_ path: [String]) -> FieldValue? {
        value(key: path.count == 1 ? path[0] : path.joined(separator: "."))
    }

    /// The value of the whole dotted `key` (`author.followers`).
    func value(key: String) -> FieldValue? {
        value(FieldKey(key))
    }

    /// The value of a key classified in advance.
    func value(_ key: FieldKey) -> FieldValue? {
        if let value = ownValue(key) { return value }
        guard !aliases.isEmpty, let paths = aliases[key.name] else { return nil }
        for path in paths {
            if let value = ownValue(FieldKey(path)) { return value }
        }
        return nil
    }

    /// The value of `key` and the field it was found under: the key itself, or the alias path that gave it.
    func source(of key: String) -> (value: FieldValue, field: String)? {
        if let value = ownValue(FieldKey(key)) { return (value, key) }
        for path in aliases[key] ?? [] {
            if let value = ownValue(FieldKey(path)) { return (value, path) }
        }
        return nil
    }

    /// The value of `key` itself, aliases aside.
    private func ownValue(_ key: FieldKey) -> FieldValue? {
        if key.builtin == .label, let label { return .string(label.rawValue) }
        if !comment.fields.isEmpty, let value = Self.field(key.name, in: comment.fields), Self.present(value) { return value }
        switch key.builtin {
        case .id: return comment.id.isEmpty ? nil : .string(comment.id)
        case .text: return .string(comment.text)
        case .author:
            if let author = comment.author, !author.isEmpty { return .string(author) }
            if comment.fields.isEmpty { return nil }
            for alternative in Self.authorKeys where alternative != key.name {
                if let value = Self.field(alternative, in: comment.fields), Self.present(value) { return value }
            }
            return nil
        case .label, .none: return nil
        }
    }

    /// The most fields ``field(_:in:)`` compares one by one rather than hashing the name.
    static var fewFields: Int { 4 }

    /// `fields[name]`: in a dictionary of at most ``fewFields`` keys (a record's demanded fields: the
    /// default pack's `author.name`, `author.followers`, `platform`) the keys are compared with `name`
    /// as a lookup compares them (`String` equality), which costs less than hashing `name`.
    static func field(_ name: String, in fields: [String: FieldValue]) -> FieldValue? {
        if fields.count > fewFields { return fields[name] }
        for (key, value) in fields where key == name { return value }
        return nil
    }

    private static func present(_ value: FieldValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        default: true
        }
    }
}
