import RapportSupport

/// A reply template prepared once per engine: each variable already knows where its value comes
/// from (the pack's brand, the matched text or a comment field), so rendering one for a comment
/// compares no variable names and builds no dotted keys.
struct CompiledTemplate: Sendable {
    /// Where a variable's value comes from.
    enum Source: Sendable {
        case brand
        case match
        case field(FieldKey)

        /// Whether the variable names the comment's author (`author`, `author.name`, `author.handle`).
        var isAuthor: Bool {
            if case .field(let key) = self { return key.builtin == .author }
            return false
        }
    }

    enum Piece: Sendable {
        case text(String)
        case variable(Source, fallback: String?)
    }

    let pieces: [Piece]
    /// The whole text when the template has no variables (rendering it allocates nothing).
    let literal: String?
    /// Whether a piece is `{match}` (only then does rendering need the matched text).
    let usesMatch: Bool
    /// Whether every text piece is ASCII a JSON string holds as it is (`JSONEscaping.isPlain`), checked
    /// once here: a reply rendered from it needs no escape unless a value inserted does.
    let textIsPlain: Bool

    /// Compiles `template`; with the pack's brand-voice settings an author variable without a fallback
    /// of its own falls back to `greeting`, and `signOff` is appended (after a space unless it starts with
    /// white space).
    init(_ template: Template, greeting: String? = nil, signOff: Template? = nil) {
        var pieces = template.segments.map { segment -> Piece in
            switch segment {
            case .text(let text): return .text(text)
            case .variable(let path, let fallback, _):
                let source = Self.source(of: path)
                return .variable(source, fallback: fallback ?? (source.isAuthor ? greeting : nil))
            }
        }
        if let signOff {
            if signOff.source.unicodeScalars.first?.properties.isWhitespace != true { pieces.append(.text(" ")) }
            pieces += CompiledTemplate(signOff, greeting: greeting).pieces
            // Adjacent texts become one, so a template without variables stays a literal.
            var merged: [Piece] = []
            for piece in pieces {
                if case .text(let next) = piece, case .text(let previous)? = merged.last {
                    merged[merged.count - 1] = .text(previous + next)
                } else {
                    merged.append(piece)
                }
            }
            pieces = merged
        }
        self.pieces = pieces
        usesMatch = pieces.contains {
            if case .variable(.match, _) = $0 { return true }
            return false
        }
        textIsPlain = pieces.allSatisfy { piece in
            guard case .text(let text) = piece else { return true }
            return text.utf8.allSatisfy(JSONEscaping.isPlain)
        }
        if pieces.isEmpty {
            literal = ""
        } else if pieces.count == 1, case .text(let text) = pieces[0] {
            literal = text
        } else {
            literal = nil
        }
    }

    /// The variable's name as a template writes it (`author`, `field.x`), for explanations.
    static func name(of source: Source) -> String {
        switch source {
        case .brand: "brand"
        case .match: "match"
        case .field(let key): key.name
        }
    }

    /// `brand` and `match` are the renderer's own; `field.x.y` is the comment field `x.y`; any other
    /// path is a comment field under its whole dotted name.
    static func source(of path: [String]) -> Source {
        if path.count == 1 {
            switch path[0] {
            case "brand": return .brand
            case "match": return .match
            default: return .field(FieldKey(path[0]))
            }
        }
        if path.count > 1, path[0] == "field" { return .field(FieldKey(path.dropFirst().joined(separator: "."))) }
        return .field(FieldKey(path.joined(separator: ".")))
    }
}
