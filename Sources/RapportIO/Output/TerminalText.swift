/// Makes untrusted text safe and measurable for a terminal.
public enum TerminalText {
    /// Removes ANSI escape sequences, C0/C1 control characters and bidirectional overrides;
    /// turns tabs and line breaks into spaces and squeezes runs of spaces.
    ///
    /// With `keepingLayout` (messages of several lines, such as those on stderr) spaces are kept as
    /// they are and `\n` stays a line break; everything else is treated the same.
    public static func sanitize(_ text: String, keepingLayout: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var lastWasSpace = false
        func appendSpace() {
            if keepingLayout || !lastWasSpace { out.append(" ") }
            lastWasSpace = true
        }
        while let s = scalars.next() {
            switch s.value {
            case 0x1B:
                // ESC: CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, or one following character.
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                } else if kind == "]" {
                    while let c = scalars.next() {
                        if c.value == 0x07 { break }
                        if c.value == 0x1B { _ = scalars.next(); break }
                    }
                }
            case 0x0A where keepingLayout:
                out.append(s)
                lastWasSpace = false
            case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                appendSpace()
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                continue
            case 0x20:
                appendSpace()
            default:
                out.append(s)
                lastWasSpace = false
            }
        }
        return String(out)
    }

    /// Columns a character takes on a terminal (2 for emoji and East Asian wide characters, 0 for combining marks).
    public static func width(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        let p = first.properties
        if p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark || first.value == 0x200D { return 0 }
        if p.isEmojiPresentation || (c.unicodeScalars.count > 1 && p.isEmoji) { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` cut to at most `columns` terminal columns, ending in `…` when cut.
    public static func truncate(_ text: String, columns: Int) -> String {
        var used = 0
        var out = ""
        for c in text {
            let w = width(c)
            if used + w > columns {
                while used + 1 > columns, let last = out.popLast() { used -= width(last) }
                return out + "…"
            }
            out.append(c)
            used += w
        }
        return out
    }

    /// `text` padded with spaces to `columns` columns.
    public static func pad(_ text: String, columns: Int) -> String {
        let w = text.reduce(0) { $0 + width($1) }
        return w >= columns ? text : text + String(repeating: " ", count: columns - w)
    }
}
