/// Why a YAML text could not be loaded, with the place(s) libyaml or the loader pointed at.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// libyaml could not read, scan or parse the text.
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
        /// The input is not valid UTF-8.
        case encoding
    }

    public var kind: Kind
    /// What is wrong, in words.
    public var problem: String
    /// Where the problem is.
    public var mark: Mark
    /// What the parser was doing ("while parsing a block mapping"), if libyaml said.
    public var context: String?
    /// Where that context started.
    public var contextMark: Mark?

    public init(kind: Kind, problem: String, mark: Mark, context: String? = nil, contextMark: Mark? = nil) {
        self.kind = kind
        self.problem = problem
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    public var description: String {
        var text = "\(mark): \(problem)"
        if let context {
            text += " (\(context)"
            if let contextMark { text += " at \(contextMark)" }
            text += ")"
        }
        return text
    }
}
