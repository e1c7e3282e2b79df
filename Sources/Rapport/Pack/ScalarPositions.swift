internal import RapportYAML

/// Maps offsets inside a YAML scalar's content back to file locations.
///
/// Exact for plain and quoted scalars written on one line without escapes (checked against the
/// source line); otherwise every offset maps to the scalar's start.
struct ScalarPositions: Sendable {
    let file: String
    /// The file's text; a line's scalars are decoded only when asked for (``line(_:)``): splitting the
    /// whole file into arrays of scalars up front cost a few percent of loading the default pack.
    private let text: String
    /// The UTF-8 offset of each line's first byte (line 1 first).
    private let lineStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        var starts = [0]
        var text = text
        text.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == 0x0A { starts.append(index + 1) }
        }
        lineStarts = starts
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    var lineCount: Int { lineStarts.count }

    /// The scalars of line `number` (1-based, at most ``lineCount``), without its line break.
    func line(_ number: Int) -> [Unicode.Scalar] {
        let utf8 = text.utf8
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : utf8.count
        let from = utf8.index(utf8.startIndex, offsetBy: start)
        let to = utf8.index(utf8.startIndex, offsetBy: end)
        return Array(String(decoding: utf8[from..<to], as: UTF8.self).unicodeScalars)
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
        guard scalar.mark.line >= 1, scalar.mark.line <= lineCount else { return start }
        let line = line(scalar.mark.line)
        let content = Array(scalar.string.unicodeScalars)
        let from = contentColumn - 1
        guard from >= 0, from + content.count <= line.count, Array(line[from..<(from + content.count)]) == content else {
            return start
        }
        return SourceLocation(file: file, line: scalar.mark.line, column: contentColumn + offset)
    }
}
