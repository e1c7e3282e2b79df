/// Line arithmetic that agrees with libyaml: a line ends at LF, CR, CR LF, NEL (U+0085),
/// LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029), and columns count Unicode scalars.
enum SourceLines {
    /// The 1-based mark of the byte at `offset` in UTF-8 `bytes` (which must be valid UTF-8 before
    /// `offset`, as libyaml guarantees when it reports a reader error there).
    static func mark(ofByteOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mark {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b == 0x0D {
                if i + 1 < end, bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                lineStart = i + 1
            } else if b == 0xC2, i + 1 < end, bytes[i + 1] == 0x85 {
                i += 1
                line += 1
                lineStart = i + 1
            } else if b == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                i += 2
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        // Columns count scalars: every byte that is not a UTF-8 continuation byte starts one.
        var column = 1
        for j in lineStart..<end where bytes[j] & 0xC0 != 0x80 { column += 1 }
        return Mark(line: line, column: column)
    }

    /// The text of 1-based line `number` of `source`, without its line break, or `nil` when the
    /// source has fewer lines. A leading byte-order mark is not part of line 1.
    static func line(_ number: Int, of source: String) -> Substring? {
        guard number >= 1 else { return nil }
        let scalars = source.unicodeScalars
        var index = scalars.startIndex
        if index < scalars.endIndex, scalars[index] == "\u{FEFF}" { index = scalars.index(after: index) }
        var current = 1
        var lineStart = index
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard isBreak(scalar) else {
                index = scalars.index(after: index)
                continue
            }
            if current == number { return Substring(scalars[lineStart..<index]) }
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            current += 1
            lineStart = index
        }
        return current == number ? Substring(scalars[lineStart..<index]) : nil
    }

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
