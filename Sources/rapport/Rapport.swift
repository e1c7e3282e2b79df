import ArgumentParser

/// The `rapport` command: classify comments with YAML rule packs, and author and test those packs.
@main
struct RapportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Classify comments to a brand, flag escalations and suggest replies.",
        subcommands: [Classify.self, Explain.self, Lint.self, Test.self, Eval.self, Tune.self, Suggest.self]
    )
}
