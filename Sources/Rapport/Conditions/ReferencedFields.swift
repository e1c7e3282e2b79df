extension Engine {
    /// The dotted keys of `Comment.fields` this engine can read (``RulePack/readableFields``): a
    /// reader that drops every other field of a record gets the same verdicts.
    public var readableFields: Set<String> { pack.readableFields }
}

extension RulePack {
    /// The dotted keys of `Comment.fields` an engine running this pack can read: those its `when`
    /// expressions and reply templates name (`{field.x.y}` counts as `x.y`), every path of the pack's
    /// field aliases, `platform` when the pack limits replies per platform, and the keys the engine reads in their stead (`author`, `author.name` and
    /// `author.handle` stand in for one another).
    public var readableFields: Set<String> { readableFields(rendersReplies: true) }

    /// ``readableFields`` of an engine whose replies are not rendered (`rendersReplies` false: an output that
    /// writes no suggestions): only the fields its `when` expressions name and the paths of its field
    /// aliases, with their stand-ins; the fields only reply templates and `reply_max` read are left out.
    public func readableFields(rendersReplies: Bool) -> Set<String> {
        FieldLookup.keysRead(for: referencedFields(rendersReplies: rendersReplies))
    }

    /// The dotted keys this pack's `when` expressions and (when `rendersReplies`) reply templates name, and
    /// every path of its field aliases.
    func referencedFields(rendersReplies: Bool = true) -> Set<String> {
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
        }
        for paths in fieldAliases.values { keys.formUnion(paths) }
        // The rest is read only to render replies.
        guard rendersReplies else { return keys }
        for rule in rules { add(rule.reply) }
        for templates in replies.byLabel.values { add(templates) }
        add(replies.handoff)
        add(replies.mixed)
        if let signOff = settings.signOff { add([signOff]) }
        // `reply_max` is chosen by the comment's platform (unless it has only a `default` entry).
        if settings.replyLimitDependsOnPlatform { keys.insert("platform") }
        for templates in replies.handoffByRoute.values { add(templates) }
        for templates in replies.cautionByRoute.values { add(templates) }
        return keys
    }
}
