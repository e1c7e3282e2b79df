import ArgumentParser

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Not implemented yet.")

    func run() throws {
        throw ExitCode(70)
    }
}
