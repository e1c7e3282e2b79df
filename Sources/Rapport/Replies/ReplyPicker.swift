/// Chooses up to `limit` suggestions from groups of reply templates (most specific group first).
///
/// Round-robin over the groups: the first pass takes one variant from each group, the next pass a
/// second variant, and so on. Within a group the starting variant is chosen by a stable hash of the
/// comment, so the same comment always gets the same suggestions and different comments get
/// different variants. Duplicate texts are dropped; templates that cannot render are skipped.
struct ReplyPicker {
    static let limit = 3

    static func pick(groups: [(templates: [Template], match: String?)], hash: UInt64,
                     renderer: TemplateRenderer, limit: Int = limit) -> [String] {
        let groups = groups.filter { !$0.templates.isEmpty }
        var suggestions: [String] = []
        let offsets = groups.indices.map { Int(StableHash.mix(hash, $0) % UInt64(groups[$0].templates.count)) }
        let rounds = groups.map(\.templates.count).max() ?? 0
        for round in 0..<rounds {
            for (index, group) in groups.enumerated() where round < group.templates.count {
                if suggestions.count >= limit { return suggestions }
                let template = group.templates[(offsets[index] + round) % group.templates.count]
                if let text = renderer.render(template, match: group.match), !suggestions.contains(text) {
                    suggestions.append(text)
                }
            }
        }
        return suggestions
    }
}
