extension RulePack {
    /// The text of the embedded default pack's files (from `rules/` at build time).
    public static var defaultFiles: [(name: String, text: String)] { EmbeddedRules.files }
}

extension Engine {
    /// An engine compiled from the embedded default pack (``RulePack/default``), built once on first use.
    /// A default pack that does not compile is a bug in this build.
    public static let `default`: Engine = {
        do throws(RulePackError) {
            return try Engine(pack: .default)
        } catch {
            fatalError("the embedded rule pack does not compile:\n\(error.description)")
        }
    }()
}
