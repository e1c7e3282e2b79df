import ArgumentParser
import Rapport
import RapportIO

/// `--limit NAME=N` (repeatable): the bounds that keep a hostile rule pack or comment dump from
/// costing unbounded time or memory. Every name, its default and what it protects against are in
/// docs/THREAT-MODEL.md; `--max-record-bytes` (the reader's record length) stays its own option.
struct LimitOptions: ParsableArguments {
    /// A limit's name on the command line, its default, and the largest value accepted.
    enum Name: String, CaseIterable {
        case ruleFileBytes = "rule-file-bytes"
        case yamlDepth = "yaml-depth"
        case aliasNodes = "alias-nodes"
        case scalarBytes = "scalar-bytes"
        case patternScalars = "pattern-scalars"
        case patternTokens = "pattern-tokens"
        case rules
        case whenTerms = "when-terms"
        case aliasBytes = "alias-bytes"
        case matchSteps = "match-steps"
        case commentScalars = "comment-scalars"
        case jsonDepth = "json-depth"
        case fields

        var defaultValue: Int {
            let pack = PackLimits.default
            switch self {
            case .ruleFileBytes: return pack.maxFileBytes
            case .yamlDepth: return pack.maxDepth
            case .aliasNodes: return pack.maxAliasNodes
            case .scalarBytes: return pack.maxScalarBytes
            case .patternScalars: return pack.maxPatternScalars
            case .patternTokens: return pack.maxPatternTokens
            case .rules: return pack.maxRules
            case .whenTerms: return pack.maxWhenTerms
            case .aliasBytes: return pack.maxAliasBytes
            case .matchSteps: return Engine.Options().maxMatchSteps
            case .commentScalars: return Engine.Options().maxScalars
            case .jsonDepth: return InputOptions().maxDepth
            case .fields: return InputOptions().maxFields
            }
        }

        /// Nesting is walked recursively: deeper than this could exhaust a thread's stack.
        var ceiling: Int {
            switch self {
            case .yamlDepth: 1_000
            case .jsonDepth: JSONParser.maxDepthCeiling
            default: Int.max
            }
        }
    }

    @Option(
        name: .customLong("limit"), parsing: .singleValue,
        help: ArgumentHelp(
            "Change a safety limit (repeatable): "
                + Name.allCases.map { "\($0.rawValue) (default \($0.defaultValue))" }.joined(separator: ", ") + ".",
            valueName: "name=n"))
    var settings: [String] = []

    func validate() throws {
        _ = try values()
    }

    /// The value given for each named limit (the last one wins).
    func values() throws(ValidationError) -> [Name: Int] {
        var values: [Name: Int] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--limit \(setting): expected NAME=N") }
            guard let name = Name(rawValue: parts[0]) else {
                throw ValidationError("--limit \(setting): unknown limit '\(parts[0])'; limits are \(Name.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let value = Int(parts[1].replacingUnderscores()), value >= 1 else {
                throw ValidationError("--limit \(setting): the value must be a whole number of at least 1")
            }
            guard value <= name.ceiling else {
                throw ValidationError("--limit \(setting): \(name.rawValue) can be at most \(name.ceiling)")
            }
            values[name] = value
        }
        return values
    }

    private func value(_ name: Name) -> Int {
        ((try? values()) ?? [:])[name] ?? name.defaultValue
    }

    /// The rule pack limits.
    var pack: PackLimits {
        PackLimits(
            maxFileBytes: value(.ruleFileBytes), maxDepth: value(.yamlDepth), maxAliasNodes: value(.aliasNodes),
            maxScalarBytes: value(.scalarBytes), maxPatternScalars: value(.patternScalars),
            maxPatternTokens: value(.patternTokens), maxRules: value(.rules), maxWhenTerms: value(.whenTerms),
            maxAliasBytes: value(.aliasBytes))
    }

    /// The engine's options (comments longer than `comment-scalars`, or needing more than `match-steps`
    /// matcher steps, are classified on what was read and matched, and flagged).
    var engine: Engine.Options { Engine.Options(maxScalars: value(.commentScalars), maxMatchSteps: value(.matchSteps)) }

    /// JSON nesting depth in input records.
    var jsonDepth: Int { value(.jsonDepth) }

    /// Fields per input record.
    var fields: Int { value(.fields) }
}

extension String {
    /// `1_000_000` reads as `1000000`.
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
