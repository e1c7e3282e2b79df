/// A problem found while parsing a pattern, a `when` expression or a reply template.
///
/// `offset` counts Unicode scalars from the start of the parsed text; the rule loader turns it
/// into a file location (the string's own location plus the offset).
public struct ParseIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable diagnostic code such as `pattern-syntax` or `unknown-template-variable`.
    public var code: DiagnosticCode
    /// Where the offending character is, in scalars from the start of the text.
    public var offset: Int
    /// What is wrong, in words.
    public var message: String
    /// A suggestion ("did you mean 'author'?"), if any.
    public var hint: String?

    public init(_ code: DiagnosticCode, at offset: Int, _ message: String, hint: String? = nil) {
        self.code = code
        self.offset = offset
        self.message = message
        self.hint = hint
    }

    /// `offset: message; hint`.
    public var description: String {
        "\(offset): \(message)" + (hint.map { "; \($0)" } ?? "")
    }
}
