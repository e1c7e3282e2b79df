import RapportSupport

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
    func render(_ template: CompiledTemplate, match: String?) -> String? {
        var memo: FieldMemo?
        return render(template, match: match, memo: &memo)
    }

    /// The last comment field a renderer looked up and its text (nil: no value), so the templates tried
    /// for one comment, which mostly name the same field (`{author|…}`), hash its key once.
    struct FieldMemo {
        let name: String
        let text: String?
    }

    /// ``render(_:match:)``, reusing the field looked up last for the same comment (`memo`, which
    /// starts nil for each comment and renderer). The text starts as the first piece itself (a copy of
    /// a string shares its storage) and the others are appended: appending valid strings copies their
    /// bytes without validating them again, which building the text from raw bytes would. With
    /// `preferFallbacks`, a variable that has a fallback shows it even when the comment has a value.
    func render(_ template: CompiledTemplate, match: String?, memo: inout FieldMemo?, preferFallbacks: Bool = false) -> String? {
        if let literal = template.literal { return literal }
        var text = ""
        var started = false
        for piece in template.pieces {
            let part: String
            switch piece {
            case .text(let literal):
                part = literal
            case .variable(let source, let fallback):
                if preferFallbacks, let fallback {
                    part = fallback
                } else {
                    guard let value = value(source, match: match, memo: &memo) ?? fallback else { return nil }
                    part = value
                }
            }
            if started {
                text.append(part)
            } else {
                text = part
                started = true
            }
        }
        return text
    }

    /// ``render(_:match:memo:)`` appended to `bytes` as UTF-8: true when rendered, false (and `bytes`
    /// as they were) when a variable has no value and no fallback. `plain` is set to whether the text
    /// needs no JSON escape (``CompiledTemplate/textIsPlain`` and the values inserted checked), so
    /// the writer need not scan it again.
    func render(
        _ template: CompiledTemplate, match: String?, memo: inout FieldMemo?, into bytes: inout [UInt8], plain: inout Bool
    ) -> Bool {
        plain = template.textIsPlain
        if let literal = template.literal {
            Self.append(literal, to: &bytes)
            return true
        }
        let start = bytes.count
        for piece in template.pieces {
            switch piece {
            case .text(let literal):
                Self.append(literal, to: &bytes)
            case .variable(let source, let fallback):
                guard let value = value(source, match: match, memo: &memo) ?? fallback else {
                    bytes.removeLast(bytes.count - start)
                    return false
                }
                let from = bytes.count
                Self.append(value, to: &bytes)
                // A value is short (a name, the brand): checked here once, where the writer would scan the whole reply.
                if plain { plain = bytes.withUnsafeBufferPointer { JSONEscaping.isPlain(UnsafeBufferPointer(rebasing: $0[from...])) } }
            }
        }
        return true
    }

    /// Appends the UTF-8 of `text` to `bytes`: one copy of a native string's bytes.
    @inline(__always)
    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if done == nil { bytes.append(contentsOf: text.utf8) }
    }

    /// The name of the first variable of `template` that has neither a value nor a fallback (why
    /// ``render(_:match:)`` gives nil), if any.
    func missingVariable(_ template: CompiledTemplate, match: String?) -> String? {
        for case .variable(let source, let fallback) in template.pieces where fallback == nil && value(source, match: match) == nil {
            return CompiledTemplate.name(of: source)
        }
        return nil
    }

    private func value(_ source: CompiledTemplate.Source, match: String?, memo: inout FieldMemo?) -> String? {
        guard case .field(let key) = source else { return value(source, match: match) }
        if let memo, memo.name == key.name { return memo.text }
        let text = value(source, match: match)
        memo = FieldMemo(name: key.name, text: text)
        return text
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
