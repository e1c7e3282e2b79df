/// One group of reply templates and the matched text `{match}` stands for in them.
struct ReplyGroup {
    var templates: [Template]
    var match: String?
}

/// Chooses up to `limit` suggestions from groups of reply templates (most specific group first).
///
/// Round-robin over the groups: the first pass takes one variant from each group, the next pass a
/// second variant, and so on. Within a group the starting variant is chosen by a stable hash of the
/// comment, so the same comment always gets the same suggestions and different comments get
/// different variants. Duplicate texts are dropped; templates that cannot render are skipped.
struct ReplyPicker {
    static let limit = 3

    static func pick(groups: [ReplyGroup], hash: UInt64, renderer: TemplateRenderer, limit: Int = limit) -> [String] {
        var suggestions: [String] = []
        suggestions.reserveCapacity(limit)
        // Empty groups take no part (and do not count in the per-group hash index).
        var offsets: [Int] = []
        offsets.reserveCapacity(groups.count)
        var rounds = 0
        var ordinal = 0
        for group in groups {
            let count = group.templates.count
            if count == 0 { offsets.append(0); continue }
            offsets.append(Int(StableHash.mix(hash, ordinal) % UInt64(count)))
            ordinal += 1
            rounds = max(rounds, count)
        }
        for round in 0..<rounds {
            for (index, group) in groups.enumerated() where round < group.templates.count {
                if suggestions.count >= limit { return suggestions }
                let count = group.templates.count
                let template = group.templates[(offsets[index] + round) % count]
                if let text = renderer.render(template, match: group.match), !suggestions.contains(text) {
                    suggestions.append(text)
                }
            }
        }
        return suggestions
    }
}
