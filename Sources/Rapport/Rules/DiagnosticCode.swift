/// The stable codes of rule-pack diagnostics (``Diagnostic/code``).
///
/// Tools may match on these; their wording in messages may change, the codes do not.
public enum DiagnosticCode {
    // Errors
    /// The file could not be read, or a path holds no rule files.
    public static let io = "io-error"
    /// libyaml could not scan or parse the file (also undefined aliases, merge errors, several documents).
    public static let yamlSyntax = "yaml-syntax"
    /// The file is not valid UTF-8.
    public static let yamlEncoding = "yaml-encoding"
    /// A YAML limit was hit: alias budget, nesting depth, size.
    public static let yamlLimit = "yaml-limit"
    /// A mapping repeats a key.
    public static let duplicateKey = "duplicate-key"
    /// `rapport: 1` is missing (or the file is empty).
    public static let missingVersion = "missing-version"
    /// `rapport:` names a version this build does not read.
    public static let unsupportedVersion = "unsupported-version"
    /// A key the format does not know.
    public static let unknownKey = "unknown-key"
    /// A value of the wrong YAML type.
    public static let wrongType = "wrong-type"
    /// A value of the right type that is not allowed (a negative threshold, an empty list entry...).
    public static let invalidValue = "invalid-value"
    /// A required field is missing.
    public static let missingField = "missing-field"
    /// Two rules share an id.
    public static let duplicateRuleID = "duplicate-rule-id"
    /// Two lists share a name.
    public static let duplicateList = "duplicate-list"
    /// A section given twice (`pack:` in two files, replies for the same label twice).
    public static let duplicateSection = "duplicate-section"
    /// A pattern names a list that does not exist.
    public static let undefinedList = "undefined-list"
    /// A list is named like a built-in (`mention`, `url`...) or cannot be written in a pattern.
    public static let invalidListName = "invalid-list-name"
    /// A pattern is longer, or has more tokens, than ``PackLimits`` allow.
    public static let patternLimit = "pattern-limit"
    /// A `when` expression has more comparisons than ``PackLimits/maxWhenTerms``.
    public static let whenLimit = "when-limit"
    /// The pack has more rules than ``PackLimits/maxRules``.
    public static let tooManyRules = "too-many-rules"
    /// A pattern does not follow the token-pattern syntax.
    public static let patternSyntax = "pattern-syntax"
    /// A `when` expression does not parse.
    public static let whenSyntax = "when-syntax"
    /// A `when` expression compares values of the wrong kinds.
    public static let whenType = "when-type"
    /// A label that does not exist.
    public static let unknownLabel = "unknown-label"
    /// An escalation level that does not exist.
    public static let unknownLevel = "unknown-level"
    /// A reply template names an unknown variable.
    public static let unknownTemplateVariable = "unknown-template-variable"
    /// A reply template is malformed (unclosed `{`...).
    public static let templateSyntax = "template-syntax"
    /// An example is not a string.
    public static let exampleNotString = "example-not-string"
    /// A `patch:` section names a rule id the pack does not define.
    public static let unknownRule = "unknown-rule"
    /// The pack has no rules.
    public static let emptyPack = "empty-pack"

    // Warnings
    /// The same pattern twice in one rule.
    public static let duplicatePattern = "duplicate-pattern"
    /// A rule (or one of its patterns) can never fire.
    public static let neverFires = "never-fires"
    /// A rule with patterns but no `fire` examples.
    public static let noExamples = "no-examples"
    /// A list that no pattern uses.
    public static let unusedList = "unused-list"
    /// A pattern whose gaps and alternatives multiply into more than 1,000 ways to try it from one token.
    public static let costlyPattern = "costly-pattern"
    /// A list with no entries.
    public static let emptyList = "empty-list"
    /// A list entry written like a pattern construct (`<url>`, `love*`): entries are literal phrases.
    public static let literalListEntry = "literal-list-entry"
}
