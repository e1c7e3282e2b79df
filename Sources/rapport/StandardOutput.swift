import ArgumentParser
import RapportIO

/// Standard output for the commands that print a report (`explain`, `test`, `eval`, `lint`), through
/// the writer `classify` uses (``OutputSink/standardOutput()``): when stdout cannot be written (a full
/// disk, `> /dev/full`, a closed pipe with SIGPIPE ignored) the command says so and exits with 74.
enum StandardOutput {
    /// Writes all of `text`. When stdout cannot be written prints `rapport: stdout: write failed: <reason>`
    /// on stderr and throws exit code 74.
    static func write(_ text: String) throws {
        do {
            try OutputSink.standardOutput().write(Array(text.utf8))
        } catch {
            Terminal.error(error.description)
            throw ExitCode.outputFailed
        }
    }
}
