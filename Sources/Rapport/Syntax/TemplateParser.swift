import RapportSupport

/// Parses reply templates into ``Template`` segments.
///
/// `{author}` is a variable, `{author|friend}` a variable with fallback text, `{{` and `}}` write
/// literal braces. Known variables: ``knownVariables`` and `field.<dotted.path>` for any other
/// comment field. Errors (``ParseIssue``): `template-syntax` (unclosed `{`, lone `}`, empty or
/// malformed placeholder) and `unknown-template-variable` (with did-you-mean), each with the offset
/// of the offending character.
public enum TemplateParser {
    /// Variables a template may use besides `field.<path>`.
    public static let knownVariables: [String] = [
        "author", "brand", "match", "label", "id", "platform", "likes", "author.name", "author.followers",
    ]

    /// Parses `source`, located at `location`.
    public static func parse(_ source: String, at location: SourceLocation) throws(ParseIssue) -> Template {
        Template(source: source, location: location, segments: try segments(of: source))
    }

    /// The segments of `source`.
    public static func segments(of source: String) throws(ParseIssue) -> [Template.Segment] {
        let s = Array(source.unicodeScalars)
        var segments: [Template.Segment] = []
        var text = ""
        var i = 0
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c == "{", next == "{" {
                text += "{"
                i += 2
            } else if c == "}", next == "}" {
                text += "}"
                i += 2
            } else if c == "}" {
                throw ParseIssue(.templateSyntax, at: i, "'}' without a matching '{'", hint: "write '}}' for a literal '}'")
            } else if c == "{" {
                let open = i
                var j = i + 1
                while j < s.count, s[j] != "}", s[j] != "{" { j += 1 }
                guard j < s.count, s[j] == "}" else {
                    throw ParseIssue(.templateSyntax, at: open, "'{' is never closed", hint: "write '{{' for a literal '{'")
                }
                let inner = Array(s[(open + 1)..<j])
                let bar = inner.firstIndex(of: "|")
                var nameScalars = inner[..<(bar ?? inner.count)]
                var nameOffset = open + 1
                while let first = nameScalars.first, first.properties.isWhitespace { nameScalars.removeFirst(); nameOffset += 1 }
                while let last = nameScalars.last, last.properties.isWhitespace { nameScalars.removeLast() }
                var name = ""
                name.unicodeScalars.append(contentsOf: nameScalars)
                var fallback: String?
                if let bar {
                    var f = ""
                    f.unicodeScalars.append(contentsOf: inner[(bar + 1)...])
                    fallback = f
                }
                try check(name, at: nameOffset, open: open)
                if !text.isEmpty { segments.append(.text(text)); text = "" }
                segments.append(.variable(path: name.split(separator: ".").map(String.init), fallback: fallback, offset: open))
                i = j + 1
            } else {
                // A run of plain text up to the next brace, made into a string at once (appending it a
                // scalar at a time cost a tenth of loading the default pack's templates).
                var end = i + 1
                while end < s.count, s[end] != "{", s[end] != "}" { end += 1 }
                text += PatternScanner.string(s[i..<end])
                i = end
            }
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return segments
    }

    private static func check(_ name: String, at offset: Int, open: Int) throws(ParseIssue) {
        guard !name.isEmpty else {
            throw ParseIssue(.templateSyntax, at: open, "empty placeholder '{}'", hint: "name a variable such as {author}, or write '{{}}' for literal braces")
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        }
        guard valid else {
            throw ParseIssue(.templateSyntax, at: offset, "'\(name)' is not a valid variable name", hint: "write '{{' for a literal '{'")
        }
        if knownVariables.contains(name) { return }
        if parts.count >= 2, parts[0] == "field" { return }
        throw ParseIssue(
            .unknownTemplateVariable, at: offset, "unknown template variable '\(name)'",
            hint: DidYouMean.hint(for: name, in: knownVariables) ?? "use field.\(name) for another comment field")
    }
}
