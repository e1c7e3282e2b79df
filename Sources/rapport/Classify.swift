import ArgumentParser

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classify", abstract: "Not implemented yet.")

    func run() throws {
        throw ExitCode(70)
    }
}
