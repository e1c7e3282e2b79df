import ArgumentParser

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Not implemented yet.")

    func run() throws {
        throw ExitCode(70)
    }
}
