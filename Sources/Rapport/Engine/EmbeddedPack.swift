extension RulePack {
    /// The text of the embedded default pack's files (from `rules/` at build time).
    public static var defaultFiles: [(name: String, text: String)] { EmbeddedRules.files }
}
