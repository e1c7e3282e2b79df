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
    /// The values are looked up twice, once to size the text and once to write it, so the text is
    /// built in one allocation of its exact length.
    func render(_ template: CompiledTemplate, match: String?) -> String? {
        if let literal = template.literal { return literal }
        var length = 0
        for piece in template.pieces {
            switch piece {
            case .text(let text):
                length += text.utf8.count
            case .variable(let source, let fallback):
                guard let text = value(source, match: match) ?? fallback else { return nil }
                length += text.utf8.count
            }
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var end = 0
            for piece in template.pieces {
                switch piece {
                case .text(let text):
                    end = Self.write(text, into: buffer, at: end)
                case .variable(let source, let fallback):
                    end = Self.write(value(source, match: match) ?? fallback ?? "", into: buffer, at: end)
                }
            }
            return end
        }
    }

    /// The name of the first variable of `template` that has neither a value nor a fallback (why
    /// ``render(_:match:)`` gives nil), if any.
    func missingVariable(_ template: CompiledTemplate, match: String?) -> String? {
        for case .variable(let source, let fallback) in template.pieces where fallback == nil && value(source, match: match) == nil {
            return CompiledTemplate.name(of: source)
        }
        return nil
    }

    /// Copies the UTF-8 of `text` into `buffer` at `offset` (as much as fits); returns the offset after it.
    private static func write(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            let count = min(bytes.count, buffer.count - offset)
            if count > 0, let source = bytes.baseAddress, let target = buffer.baseAddress {
                UnsafeMutableRawPointer(target + offset).copyMemory(from: source, byteCount: count)
            }
            return offset + max(0, count)
        }
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
