import ArgumentParser

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Not implemented yet.")

    func run() throws {
        throw ExitCode(70)
    }
}
