internal import RapportYAML

/// Maps offsets inside a YAML scalar's content back to file locations.
///
/// Exact for plain and quoted scalars written on one line without escapes (checked against the
/// source line); otherwise every offset maps to the scalar's start.
struct ScalarPositions: Sendable {
    let file: String
    /// The file's text; its lines are read as UTF-8 where a location needs them (splitting the whole file
    /// into arrays of scalars up front cost a few percent of loading the default pack).
    private let text: String
    /// The UTF-8 offset of each line's first byte (line 1 first).
    private let lineStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        var starts = [0]
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time while none is a line feed (most of a line): a byte of `word ^ feeds`
                // is zero only where a line feed was, and then its top bit is set in `found`.
                if index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                    let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if found == 0 {
                        index += 8
                        continue
                    }
                }
                if bytes[index] == 0x0A { starts.append(index + 1) }
                index += 1
            }
        }
        lineStarts = starts
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    var lineCount: Int { lineStarts.count }

    /// The number of spaces and tabs that line `number` (1-based, at most ``lineCount``, without its line
    /// break) starts with, counted in its bytes (both are ASCII, so each byte is one scalar).
    func indent(ofLine number: Int) -> Int {
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : text.utf8.count
        var text = text
        return text.withUTF8 { bytes in
            var at = start
            while at < end, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
            return at - start
        }
    }

    func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The location of the character at `offset` (in scalars) inside `scalar`'s content.
    func location(of scalar: Node.Scalar, offset: Int) -> SourceLocation {
        let start = location(scalar.mark)
        let contentColumn: Int
        switch scalar.style {
        case .plain: contentColumn = scalar.mark.column
        case .singleQuoted, .doubleQuoted: contentColumn = scalar.mark.column + 1
        case .literal, .folded: return start
        }
        guard scalar.mark.line >= 1, scalar.mark.line <= lineCount, content(scalar.string, isOnLine: scalar.mark.line, from: contentColumn - 1)
        else {
            return start
        }
        return SourceLocation(file: file, line: scalar.mark.line, column: contentColumn + offset)
    }

    /// Whether `content` stands as it is on line `number` (1-based, at most ``lineCount``), starting
    /// `from` scalars into the line: whether the line's scalars `from..<from + n` are `content`'s `n`
    /// scalars. Compared as UTF-8 bytes without decoding the line: equal scalars are equal bytes, and
    /// bytes that start at a scalar's first byte and equal whole scalars end at a scalar boundary.
    func content(_ content: String, isOnLine number: Int, from: Int) -> Bool {
        guard from >= 0 else { return false }
        let lineStart = lineStarts[number - 1]
        var text = text
        let lineEnd = number < lineStarts.count ? lineStarts[number] - 1 : text.utf8.count
        var content = content
        return text.withUTF8 { bytes in
            // The byte where scalar `from` of the line starts (continuation bytes are 0b10xxxxxx).
            var at = lineStart, skipped = 0
            while skipped < from {
                guard at < lineEnd else { return false }
                at += 1
                while at < lineEnd, bytes[at] & 0xC0 == 0x80 { at += 1 }
                skipped += 1
            }
            return content.withUTF8 { wanted in
                wanted.count <= lineEnd - at && Self.sameBytes(bytes, from: at, wanted)
            }
        }
    }

    /// Whether `bytes[start..<start + wanted.count]` (within `bytes`) are `wanted`'s bytes, compared eight
    /// at a time: a pack's patterns are long lines, and comparing them a byte at a time through slices was
    /// a hundredth of loading the default pack.
    private static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, let other = wanted.baseAddress else { return wanted.isEmpty }
        var at = 0
        while at + 8 <= wanted.count {
            let lhs = UnsafeRawPointer(base + start + at).loadUnaligned(as: UInt64.self)
            if lhs != UnsafeRawPointer(other + at).loadUnaligned(as: UInt64.self) { return false }
            at += 8
        }
        while at < wanted.count {
            if base[start + at] != other[at] { return false }
            at += 1
        }
        return true
    }
}
