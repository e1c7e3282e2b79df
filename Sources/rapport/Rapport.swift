import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `rapport` command: classify comments with YAML rule packs, and author and test those packs.
@main
struct RapportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Classify comments to a brand, flag escalations and suggest replies.",
        subcommands: [Classify.self, Explain.self, Lint.self, Test.self, Eval.self, Tune.self, LexiconCommand.self, Suggest.self, Pack.self, Init.self]
    )

    /// Runs the command as `ParsableCommand.main()` does, except that usage and validation errors
    /// (which can quote file names and option values) reach stderr through ``Terminal/writeError(_:)``.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                // Help and other clean exits print on stdout, as ArgumentParser does.
                if code == .success { print(message) } else { Terminal.writeError(message + "\n") }
            }
            terminate(code.rawValue)
        }
    }
}

/// The C library's `exit` (inside a command type `exit` names `ParsableCommand.exit(withError:)`).
private func terminate(_ status: Int32) -> Never {
    exit(status)
}
