extension Node {
    /// `true` for the merge key: a plain, untagged `<<` (or one tagged `!!merge`).
    var isMergeKey: Bool {
        scalar?.isMergeKey ?? false
    }

    /// The key's text for messages.
    var keyText: String {
        switch self {
        case .scalar(let s): s.string
        case .sequence: "[...]"
        case .mapping: "{...}"
        }
    }

    /// Key equality: same value, whatever the position or style.
    func sameKey(as other: Node) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            if case .float(let x) = a.value, case .float(let y) = b.value { return x == y || (x.isNaN && y.isNaN) }
            return a.value == b.value
        case (.sequence(let a), .sequence(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.sameKey(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.entries.count == b.entries.count
                && zip(a.entries, b.entries).allSatisfy { $0.key.sameKey(as: $1.key) && $0.value.sameKey(as: $1.value) }
        default:
            return false
        }
    }
}

extension Node.Scalar {
    var isMergeKey: Bool {
        string == "<<" && ((style == .plain && tag == nil) || tag == CoreSchema.prefix + "merge")
    }
}
