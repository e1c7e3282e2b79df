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
        render(CompiledTemplate(template), match: match)
    }

    /// The rendered text of a compiled template, or nil when a variable has no value and no fallback.
    /// Each value is looked up once and appended to a string that reserved the template's
    /// ``CompiledTemplate/capacity``: appending valid strings copies their bytes without validating them
    /// again, which building the text from raw bytes would.
    func render(_ template: CompiledTemplate, match: String?) -> String? {
        if let literal = template.literal { return literal }
        var text = ""
        text.reserveCapacity(template.capacity)
        for piece in template.pieces {
            switch piece {
            case .text(let part):
                text.append(part)
            case .variable(let source, let fallback):
                guard let part = value(source, match: match) ?? fallback else { return nil }
                text.append(part)
            }
        }
        return text
    }

    /// The name of the first variable of `template` that has neither a value nor a fallback (why
    /// ``render(_:match:)`` gives nil), if any.
    func missingVariable(_ template: CompiledTemplate, match: String?) -> String? {
        for case .variable(let source, let fallback) in template.pieces where fallback == nil && value(source, match: match) == nil {
            return CompiledTemplate.name(of: source)
        }
        return nil
    }

    private func value(_ source: CompiledTemplate.Source, match: String?) -> String? {
        let value: String? =
            switch source {
            case .brand: brand
            case .match: match
            case .field(let key): fields.value(key)?.text
            }
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
