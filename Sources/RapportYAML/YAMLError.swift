/// Why a YAML text could not be loaded, with the place(s) libyaml or the loader pointed at.
///
/// Marks are 1-based; columns count Unicode scalars. ``description`` reads
/// `3:5: did not find expected key (while parsing a block mapping that started at 1:1)`;
/// ``message`` is the same without the leading mark, for callers that print their own
/// `file:line:column:` prefix, and ``excerpt(source:)`` renders the offending line with a caret.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// libyaml could not scan or parse the text.
        case syntax
        /// A mapping has the same key twice.
        case duplicateKey
        /// An alias names an anchor that was never defined.
        case undefinedAlias
        /// Alias expansion exceeded its budget.
        case aliasBudget
        /// Nesting is deeper than the limit.
        case tooDeep
        /// The input or a scalar is larger than the limit.
        case tooLarge
        /// The stream holds more than one document.
        case multipleDocuments
        /// A merge key (`<<`) has a value that is not a mapping or a list of mappings.
        case badMerge
        /// The input is not valid UTF-8, or holds a character YAML does not allow (a control character).
        case encoding
        /// A scalar's explicit core tag does not fit its text (`!!int abc`, `!!bool yes`).
        case tagMismatch
    }

    /// The kind of failure.
    public var kind: Kind
    /// What is wrong, in words.
    public var problem: String
    /// Where the problem is.
    public var mark: Mark
    /// What the parser was doing ("while parsing a block mapping"), if libyaml said.
    public var context: String?
    /// Where that context started.
    public var contextMark: Mark?

    /// Creates an error.
    public init(kind: Kind, problem: String, mark: Mark, context: String? = nil, contextMark: Mark? = nil) {
        self.kind = kind
        self.problem = problem
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    /// The problem and its context, without the leading mark:
    /// `did not find expected key (while parsing a block mapping that started at 1:1)`.
    public var message: String {
        guard let context else { return problem }
        if let contextMark { return "\(problem) (\(context) that started at \(contextMark))" }
        return "\(problem) (\(context))"
    }

    /// The mark and the message: `3:5: did not find expected key (while parsing ...)`.
    public var description: String { "\(mark): \(message)" }

    /// The source line holding ``mark`` and a caret line under its column (see ``SourceExcerpt``).
    /// `source` is the text that was parsed.
    public func excerpt(source: String) -> String {
        SourceExcerpt.render(source, at: mark)
    }
}
