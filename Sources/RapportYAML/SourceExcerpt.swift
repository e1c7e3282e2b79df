/// Renders the source line a ``Mark`` points into, with a caret line under its column, for
/// compiler-style diagnostics:
///
/// ```
/// key: [a, é, "x
///             ^
/// ```
///
/// Columns count Unicode scalars, as marks do. The caret line copies tabs from the source line so
/// the caret lines up in a terminal, takes no room for combining marks and zero-width characters,
/// and two cells for East Asian wide characters and emoji. Lines longer than ``maxWidth`` scalars
/// are cut to a window around the column, with `…` where text was left out.
public enum SourceExcerpt {
    /// Longest line, in Unicode scalars, shown whole.
    public static let maxWidth = 160

    /// The line of `source` that `mark` points into and a caret line under `mark.column`, joined by
    /// a newline (no trailing newline). A mark past the last line gets an empty source line.
    public static func render(_ source: String, at mark: Mark) -> String {
        let line = SourceLines.line(mark.line, of: source) ?? ""
        var scalars = Array(line.unicodeScalars)
        if scalars.last == "\r" { scalars.removeLast() }
        var caretIndex = max(mark.column, 1) - 1
        var prefix = ""
        var suffix = ""
        if scalars.count > maxWidth {
            let half = maxWidth / 2
            let start = max(0, min(caretIndex - half, scalars.count - maxWidth))
            let end = min(scalars.count, start + maxWidth)
            if start > 0 { prefix = "…" }
            if end < scalars.count { suffix = "…" }
            scalars = Array(scalars[start..<end])
            caretIndex -= start
            if !prefix.isEmpty { caretIndex += 1 }
            scalars = Array(prefix.unicodeScalars) + scalars + Array(suffix.unicodeScalars)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        var caret = ""
        for i in 0..<caretIndex {
            guard i < scalars.count else {
                caret += " "
                continue
            }
            if scalars[i] == "\t" {
                caret += "\t"
            } else {
                caret += String(repeating: " ", count: cellWidth(of: scalars[i]))
            }
        }
        return String(text) + "\n" + caret + "^"
    }

    /// Terminal cells a scalar takes: 0 for combining and zero-width characters, 2 for wide ones.
    static func cellWidth(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
