internal import RapportYAML

/// Bounds on what a rule pack may ask for, so a hostile or broken pack gets a clear error instead of
/// using unbounded time or memory. Each has a documented default (docs/THREAT-MODEL.md) and a name
/// for the command line's `--limit NAME=N`.
public struct PackLimits: Sendable, Hashable {
    /// Largest rule file, in bytes (`rule-file-bytes`, default 8 MiB). Checked before the file is read.
    public var maxFileBytes: Int
    /// Deepest nesting of YAML sequences and mappings (`yaml-depth`, default 64).
    public var maxDepth: Int
    /// Most nodes alias expansion may add to a file's tree: the "billion laughs" guard (`alias-nodes`, default 100,000).
    public var maxAliasNodes: Int
    /// Longest YAML scalar, in bytes (`scalar-bytes`, default 1 MiB).
    public var maxScalarBytes: Int
    /// Longest pattern, in Unicode scalars (`pattern-scalars`, default 2,000).
    public var maxPatternScalars: Int
    /// Most tokens in one pattern, counting every word of every alternative (`pattern-tokens`, default 500).
    public var maxPatternTokens: Int
    /// Most rules in a pack, all files and layers together (`rules`, default 50,000).
    public var maxRules: Int
    /// Most comparisons in one `when` expression (`when-terms`, default 1,000).
    public var maxWhenTerms: Int
    /// Most scalar bytes alias expansion may add to a file: an alias counts the bytes of every
    /// scalar it repeats (`alias-bytes`, default 8 MiB: aliases can at most double what `rule-file-bytes` lets a file hold).
    public var maxAliasBytes: Int

    /// Creates limits; every parameter defaults to the documented default.
    public init(
        maxFileBytes: Int = 8 << 20, maxDepth: Int = 64, maxAliasNodes: Int = 100_000, maxScalarBytes: Int = 1 << 20,
        maxPatternScalars: Int = 2_000, maxPatternTokens: Int = 500, maxRules: Int = 50_000,
        maxWhenTerms: Int = 1_000, maxAliasBytes: Int = 8 << 20
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasNodes = maxAliasNodes
        self.maxScalarBytes = maxScalarBytes
        self.maxPatternScalars = maxPatternScalars
        self.maxPatternTokens = maxPatternTokens
        self.maxRules = maxRules
        self.maxWhenTerms = maxWhenTerms
        self.maxAliasBytes = maxAliasBytes
    }

    /// The defaults.
    public static let `default` = PackLimits()

    /// The YAML parser's share of these limits.
    var yaml: YAMLLimits {
        YAMLLimits(
            maxInputBytes: maxFileBytes, maxDepth: maxDepth, maxAliasExpansion: maxAliasNodes, maxScalarBytes: maxScalarBytes,
            maxAliasBytes: maxAliasBytes)
    }

    /// The tokens a parsed pattern asks the matcher for: each word of a literal, each other element,
    /// and every alternative's tokens.
    static func tokenCount(_ elements: [PatternElement]) -> Int {
        var count = 0
        for element in elements {
            switch element.kind {
            case .literal(let text): count += max(1, literalWords(text))
            case .alternatives(let choices): count += choices.reduce(0) { $0 + tokenCount($1) }
            default: count += 1
            }
        }
        return count
    }

    /// The number of runs of characters other than " " in `text` (`text.split(whereSeparator: { $0 == " " }).count`).
    /// An ASCII text is read byte by byte, without forming characters (this runs for every literal of
    /// every pattern when a pack loads); elsewhere a space may be part of a larger character (a space
    /// and a combining mark), so such text is split by characters.
    static func literalWords(_ text: String) -> Int {
        var text = text
        let ascii: Int? = text.withUTF8 { bytes in
            var words = 0, inWord = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
            return words
        }
        return ascii ?? text.split(whereSeparator: { $0 == " " }).count
    }

    /// A pattern that can try more paths than this from one token gets a `costly-pattern` warning.
    static let costlyPatternPaths = 1_000

    /// How many ways a pattern can be tried from one start token: the product of each gap's number of
    /// lengths, an alternative group counting as its costliest alternative (the matcher tries only the
    /// alternatives whose first word is at the token), capped at `Int32.max`. Every token of a comment
    /// is a possible start, so this is the matcher's work per token for the pattern.
    static func pathCount(_ elements: [PatternElement]) -> Int {
        var paths = 1
        for element in elements {
            let factor: Int
            switch element.kind {
            case .gap(let low, let high): factor = max(1, high - low + 1)
            case .alternatives(let choices): factor = choices.reduce(1) { max($0, pathCount($1)) }
            default: factor = 1
            }
            paths = min(Int(Int32.max), paths * max(1, factor))
        }
        return paths
    }
}
