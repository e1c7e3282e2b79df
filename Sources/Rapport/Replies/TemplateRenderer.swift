/// Renders reply templates for one comment. Values are inserted verbatim: text that came from the
/// comment (its author, fields, matched text) is never parsed as template syntax.
///
/// Variables: `{author}` (the comment's author exactly as given: readers keep the `@` of handles
/// that have one, and Rapport adds none, because a Facebook or YouTube name is not a handle),
/// `{author.name}`, `{author.followers}`, `{brand}` (the pack's brand), `{match}` (the original text
/// of the first span of the rule whose reply is rendered, or of the best fired rule for default
/// replies), `{label}`, `{id}`, `{platform}`, `{likes}`, `{field.some.path}` or any other dotted path
/// (a comment field). `{x|fallback}` uses the fallback when `x` has no value. A template with a
/// variable that has neither a value nor a fallback is skipped, so no reply reads "Thanks, !".
struct TemplateRenderer {
    var fields: FieldLookup
    var brand: String?

    /// The rendered text, or nil when a variable has no value and no fallback.
    func render(_ template: Template, match: String?) -> String? {
        var output = ""
        output.reserveCapacity(template.source.utf8.count + 32)
        for segment in template.segments {
            switch segment {
            case .text(let text):
                output += text
            case .variable(let path, let fallback, _):
                if let value = value(path, match: match) {
                    output += value
                } else if let fallback {
                    output += fallback
                } else {
                    return nil
                }
            }
        }
        return output
    }

    private func value(_ path: [String], match: String?) -> String? {
        let value: String?
        if path.count == 1 {
            switch path[0] {
            case "brand": value = brand
            case "match": value = match
            default: value = fields.value(key: path[0])?.text
            }
        } else if path.count > 1, path[0] == "field" {
            value = fields.value(key: path.dropFirst().joined(separator: "."))?.text
        } else {
            value = fields.value(key: path.joined(separator: "."))?.text
        }
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
