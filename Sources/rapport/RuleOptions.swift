import ArgumentParser
import Rapport

/// `--rules` and `--no-default-rules`, shared by `classify` and `explain`.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "A rule pack (directory or .yaml file) stacked as a layer over the embedded default; repeatable, each over the ones before.", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Use only the packs given with --rules, not the embedded default.")
    var noDefaultRules = false

    func validate() throws {
        if noDefaultRules && paths.isEmpty { throw ValidationError("--no-default-rules needs at least one --rules PATH") }
    }

    /// Loads and compiles the selected packs under `limits`; prints diagnostics and exits with 2 when they have errors.
    func loadEngine(limits: LimitOptions, consequence: String = "nothing was classified") throws -> Engine {
        try PackLoading.engine(paths: paths, overDefault: !noDefaultRules, limits: limits, consequence: consequence)
    }
}
