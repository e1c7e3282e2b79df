/// One group of reply templates, a list of ``CompiledReplies``, and the span whose text `{match}`
/// stands for in them (-1 for none).
struct ReplyGroup {
    var list: Int
    var match: Int
    /// The variant the group starts from, chosen by ``ReplyPicker``.
    var offset = 0
}

/// Chooses up to `limit` suggestions from groups of reply templates (most specific group first).
///
/// Round-robin over the groups: the first pass takes one variant from each group, the next pass a
/// second variant, and so on. Within a group the starting variant is chosen by a stable hash of the
/// comment, so the same comment always gets the same suggestions and different comments get
/// different variants. Duplicate texts are dropped; templates that cannot render are skipped.
enum ReplyPicker {
    static let limit = 3

    /// Picks from `groups`, none of whose lists is empty (the `n`th group's variant is chosen by
    /// `StableHash.mix(hash, n)`); `render` is given each template tried with its index in its list. `hash` is called at most once, and only when a group has a choice.
    static func pick(
        _ groups: UnsafeMutableBufferPointer<ReplyGroup>, lists: [[CompiledTemplate]], hash: () -> UInt64,
        limit: Int = limit, render: (CompiledTemplate, Int, ReplyGroup) -> String?
    ) -> [String] {
        if groups.isEmpty { return [] }
        var rounds = 0
        var commentHash: UInt64?
        for ordinal in groups.indices {
            let count = lists[groups[ordinal].list].count
            if count > 1 {
                let value = commentHash ?? hash()
                commentHash = value
                groups[ordinal].offset = Int(StableHash.mix(value, ordinal) % UInt64(count))
            }
            rounds = max(rounds, count)
        }
        var suggestions: [String] = []
        suggestions.reserveCapacity(limit)
        for round in 0..<rounds {
            for group in groups {
                let templates = lists[group.list]
                guard round < templates.count else { continue }
                if suggestions.count >= limit { return suggestions }
                let variant = (group.offset + round) % templates.count
                if let text = render(templates[variant], variant, group), !suggestions.contains(text) {
                    suggestions.append(text)
                }
            }
        }
        return suggestions
    }
}
