extension RulePack {
    /// The dotted comment-field keys this pack's `when` expressions and reply templates can read
    /// (`{field.x.y}` counts as `x.y`), and every path of the pack's field aliases. Kept next to `FieldLookup`, which reads them: a reader that
    /// drops every other field of `Comment.fields` gets the same verdicts. The stand-ins `FieldLookup`
    /// applies (`author` for `author.name`…) are the reader's to add.
    public var referencedFields: Set<String> {
        var keys: Set<String> = []
        func add(_ templates: [Template]) {
            for template in templates {
                for case .variable(let path, _, _) in template.segments {
                    keys.insert(path.joined(separator: "."))
                    if path.count > 1, path[0] == "field" { keys.insert(path.dropFirst().joined(separator: ".")) }
                }
            }
        }
        for rule in rules {
            if let condition = rule.when { keys.formUnion(condition.expression.fieldNames) }
            add(rule.reply)
        }
        for paths in fieldAliases.values { keys.formUnion(paths) }
        for templates in replies.byLabel.values { add(templates) }
        add(replies.handoff)
        for templates in replies.handoffByRoute.values { add(templates) }
        return keys
    }
}
