import ArgumentParser

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Not implemented yet.")

    func run() throws {
        throw ExitCode(70)
    }
}
