/// Bounds that keep a hostile YAML file from using unbounded time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input, in bytes.
    public var maxInputBytes: Int
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes that alias expansion may add to the tree (the "billion laughs" guard).
    public var maxAliasExpansion: Int
    /// Longest accepted scalar, in bytes.
    public var maxScalarBytes: Int
    /// Most scalar bytes that alias expansion may add to the tree: each alias counts the bytes of
    /// every scalar (keys included) it repeats, so a few aliases of a long string cannot multiply it.
    public var maxAliasBytes: Int

    /// Creates limits; the defaults suit rule packs (8 MiB files, 64 levels, 100,000 alias-expanded nodes,
    /// 1 MiB scalars, 8 MiB of alias-expanded scalar bytes).
    public init(
        maxInputBytes: Int = 8 << 20, maxDepth: Int = 64, maxAliasExpansion: Int = 100_000, maxScalarBytes: Int = 1 << 20,
        maxAliasBytes: Int = 8 << 20
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
        self.maxAliasBytes = maxAliasBytes
    }

    /// The defaults used for rule packs.
    public static let `default` = YAMLLimits()
}
