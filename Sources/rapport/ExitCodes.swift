import ArgumentParser

/// The exit statuses of every `rapport` command, by name (README lists them per command). The numbers
/// above 63 are the BSD `sysexits.h` ones, which shell scripts and CI systems already know.
extension ExitCode {
    /// A check did not pass: `lint` found errors (or warnings with `--strict`), `test` a failing
    /// example or case, `eval` a figure under its `--min-*`, `explain` an unknown rule id.
    static let checkFailed = ExitCode(1)
    /// The rule pack has errors, so nothing was run on the input.
    static let packHasErrors = ExitCode(2)
    /// The command line is wrong (`EX_USAGE`).
    static let usage = ExitCode(64)
    /// Some records or rows could not be read; every one is still accounted for (`EX_DATAERR`).
    static let dataError = ExitCode(65)
    /// An input file cannot be opened or read (`EX_NOINPUT`).
    static let noInput = ExitCode(66)
    /// An output file or directory cannot be created (`EX_CANTCREAT`).
    static let cannotCreate = ExitCode(73)
    /// The output cannot be written (`EX_IOERR`).
    static let outputFailed = ExitCode(74)
}
