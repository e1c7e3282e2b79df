internal import RapportYAML

/// Maps offsets inside a YAML scalar's content back to file locations.
///
/// Exact for plain and quoted scalars written on one line without escapes (checked against the
/// source line); otherwise every offset maps to the scalar's start.
struct ScalarPositions: Sendable {
    let file: String
    let lines: [[Unicode.Scalar]]

    init(file: String, text: String) {
        self.file = file
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
        }
        self.lines = lines
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
        guard scalar.mark.line >= 1, scalar.mark.line <= lines.count else { return start }
        let line = lines[scalar.mark.line - 1]
        let content = Array(scalar.string.unicodeScalars)
        let from = contentColumn - 1
        guard from >= 0, from + content.count <= line.count, Array(line[from..<(from + content.count)]) == content else {
            return start
        }
        return SourceLocation(file: file, line: scalar.mark.line, column: contentColumn + offset)
    }
}
