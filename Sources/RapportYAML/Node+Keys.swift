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
}

extension Node.Scalar {
    var isMergeKey: Bool {
        string == "<<" && ((style == .plain && tag == nil) || tag == CoreSchema.prefix + "merge")
    }
}
