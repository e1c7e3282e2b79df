/// A problem found in a rule pack, reported compiler style.
public struct Diagnostic: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// A stable machine-readable code, e.g. `unknown-key`, `pattern-syntax` (its catalog entry
    /// explains it).
    public var code: DiagnosticCode
    public var message: String
    /// A suggestion such as "did you mean 'match'?", if any.
    public var hint: String?

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation, hint: String? = nil) {
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// `file:line:column: severity: message` (with `; hint` appended when there is one).
    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let hint { text += "; \(hint)" }
        return text
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}
