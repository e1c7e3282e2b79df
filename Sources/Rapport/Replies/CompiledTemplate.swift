/// A reply template prepared once per engine: each variable already knows where its value comes
/// from (the pack's brand, the matched text or a comment field), so rendering one for a comment
/// compares no variable names and builds no dotted keys.
struct CompiledTemplate: Sendable {
    /// Where a variable's value comes from.
    enum Source: Sendable {
        case brand
        case match
        case field(FieldKey)
    }

    enum Piece: Sendable {
        case text(String)
        case variable(Source, fallback: String?)
    }

    let pieces: [Piece]
    /// The whole text when the template has no variables (rendering it allocates nothing).
    let literal: String?
    /// What a rendering reserves: the template's length and room for values.
    let capacity: Int

    init(_ template: Template) {
        pieces = template.segments.map { segment in
            switch segment {
            case .text(let text): .text(text)
            case .variable(let path, let fallback, _): .variable(Self.source(of: path), fallback: fallback)
            }
        }
        if pieces.isEmpty {
            literal = ""
        } else if pieces.count == 1, case .text(let text) = pieces[0] {
            literal = text
        } else {
            literal = nil
        }
        capacity = template.source.utf8.count + 32
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
