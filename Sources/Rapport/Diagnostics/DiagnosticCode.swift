/// The stable codes of rule-pack diagnostics (``Diagnostic/code``).
///
/// Tools may match on these; their wording in messages may change, the codes do not. Every code has
/// an entry in the catalog (``summary``, ``example``): `rapport lint --explain CODE` prints it.
public enum DiagnosticCode: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    // Errors
    /// The file could not be read, or a path holds no rule files.
    case io = "io-error"
    /// libyaml could not scan or parse the file (also undefined aliases, merge errors, several documents).
    case yamlSyntax = "yaml-syntax"
    /// The file is not valid UTF-8.
    case yamlEncoding = "yaml-encoding"
    /// A YAML limit was hit: alias budget, nesting depth, size.
    case yamlLimit = "yaml-limit"
    /// A mapping repeats a key.
    case duplicateKey = "duplicate-key"
    /// `rapport: 1` is missing (or the file is empty).
    case missingVersion = "missing-version"
    /// `rapport:` names a version this build does not read.
    case unsupportedVersion = "unsupported-version"
    /// A key the format does not know.
    case unknownKey = "unknown-key"
    /// A value of the wrong YAML type.
    case wrongType = "wrong-type"
    /// A value of the right type that is not allowed (a negative threshold, an empty list entry...).
    case invalidValue = "invalid-value"
    /// A required field is missing.
    case missingField = "missing-field"
    /// Two rules share an id (or a `patch:` section patches one rule twice).
    case duplicateRuleID = "duplicate-rule-id"
    /// Two lists share a name.
    case duplicateList = "duplicate-list"
    /// A section given twice (`pack:` in two files, replies for the same label twice).
    case duplicateSection = "duplicate-section"
    /// A pattern names a list that does not exist.
    case undefinedList = "undefined-list"
    /// A list is named like a built-in (`mention`, `url`...) or cannot be written in a pattern.
    case invalidListName = "invalid-list-name"
    /// A pattern is longer, or has more tokens, than ``PackLimits`` allow.
    case patternLimit = "pattern-limit"
    /// A `when` expression has more comparisons than ``PackLimits/maxWhenTerms``.
    case whenLimit = "when-limit"
    /// The pack has more rules than ``PackLimits/maxRules``.
    case tooManyRules = "too-many-rules"
    /// A pattern does not follow the token-pattern syntax (also what the matcher compiler re-checks:
    /// a pattern that matches no token, empty alternatives, a gap wider than it allows).
    case patternSyntax = "pattern-syntax"
    /// A `when` expression does not parse.
    case whenSyntax = "when-syntax"
    /// A `when` expression compares values of the wrong kinds.
    case whenType = "when-type"
    /// A label that does not exist.
    case unknownLabel = "unknown-label"
    /// An escalation level that does not exist.
    case unknownLevel = "unknown-level"
    /// A reply template names an unknown variable.
    case unknownTemplateVariable = "unknown-template-variable"
    /// A reply template is malformed (unclosed `{`...).
    case templateSyntax = "template-syntax"
    /// An example is not a string.
    case exampleNotString = "example-not-string"
    /// A `patch:` or `disable:` entry names a rule id the pack (or the layers below) does not define.
    case unknownRule = "unknown-rule"
    /// The pack has no rules.
    case emptyPack = "empty-pack"

    // Warnings
    /// The same pattern twice in one rule.
    case duplicatePattern = "duplicate-pattern"
    /// A rule (or one of its patterns) can never fire.
    case neverFires = "never-fires"
    /// A rule with patterns but no `fire` examples.
    case noExamples = "no-examples"
    /// A list that no pattern uses.
    case unusedList = "unused-list"
    /// A pattern whose gaps and alternatives multiply into more than 1,000 ways to try it from one token.
    case costlyPattern = "costly-pattern"
    /// A list with no entries.
    case emptyList = "empty-list"
    /// A list entry written like a pattern construct (`<url>`, `love*`): entries are literal phrases.
    case literalListEntry = "literal-list-entry"
    /// A list entry that has no tokens (only combining marks, say), so it never matches.
    case emptyListEntry = "empty-list-entry"
    /// A field a `when` condition reads never occurs in the sample export given to `rapport lint --sample`.
    case fieldNotInSample = "field-not-in-sample"
    /// A reply (with the pack's sign-off) can be longer than the pack's `reply_max` for a platform.
    case replyTooLong = "reply-too-long"
    /// A reply template uses a variable that may have no value and gives no fallback, so the reply is
    /// dropped for such comments.
    case replyMissingValue = "reply-missing-value"
    /// Caution replies for a route that are never offered: the pack's escalation model has no `caution`
    /// probability, no such route, or a `route_at` threshold for it that is not above `caution`.
    case cautionNeverOffered = "caution-never-offered"

    // Notes
    /// When a labelled rule's `when` is evaluated: before the decision (it gates the weight) or after it.
    case whenStage = "when-stage"

    // Errors the matcher compiler finds (the pack loads, so `lint` compiles it to report them)
    /// Literal text in a pattern that has no tokens.
    case emptyLiteral = "empty-literal"
    /// A prefix (`word*`) whose text has no tokens.
    case emptyPrefix = "empty-prefix"

    // Reported by `rapport test`
    /// A `fire` or `quiet` example, or a case, that did not come out as the pack says.
    case exampleFailed = "example-failed"

    /// The code as written in diagnostics (`unknown-key`).
    public var description: String { rawValue }
}
