import ArgumentParser
import Foundation
import Rapport

/// `rapport test`: runs a pack's own examples (every rule's `fire`/`quiet` examples and the
/// pack-level `cases`) and reports the failures where they are written.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a rule pack's examples and cases, and report the failures.",
        discussion: """
            Every rule's `fire` examples must fire it and its `quiet` examples must not; every pack-level \
            case must get its expected label, escalation level and reply phrase.

            Without PATH the embedded default pack is tested. With PATHs (directories or .yaml files) \
            those are tested stacked, each a layer over the ones before, on their own; add --over-default \
            to stack them over the embedded default (as `classify --rules A --rules B` would use them): \
            then the examples and cases of every layer run, so a layer that breaks a default rule or case \
            is caught too (the embedded pack's files are named <default>/FILE).

            Each failure is printed as file:line:column: error: message, with the example's source \
            line, then a count line `N passed, N failed`. Colour only on a terminal (and not with NO_COLOR).

            Exit codes:
              0   every example passed
              1   some example failed, or no example ran at all
              2   the pack has errors (diagnostics on stderr; nothing ran)
              64  usage error
              74  stdout cannot be written
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Rule pack directories or .yaml files, each a layer over the ones before (default: the embedded default pack).")
    var paths: [String] = []

    @Flag(help: "Stack the PATHs over the embedded default pack and test the combined pack.")
    var overDefault = false

    @Option(help: "Output format: text (failures and a count line) or json.")
    var format: Format = .text

    func validate() throws {
        if overDefault && paths.isEmpty { throw ValidationError("--over-default needs at least one PATH") }
    }

    func run() throws {
        let engine = try PackLoading.engine(
            paths: paths, overDefault: overDefault || paths.isEmpty,
            consequence: "no example ran")
        let report = ExampleRunner.run(engine)
        switch format {
        case .text:
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let sources = Self.sources(of: report, embeddedFirst: paths.isEmpty || overDefault)
            try StandardOutput.write(ExampleReportText.render(report, sources: sources, color: color))
        case .json:
            try StandardOutput.write(try ExampleReportText.json(report) + "\n")
        }
        if report.results.isEmpty { Terminal.error("the pack has no examples or cases: nothing was tested") }
        if !report.succeeded { throw ExitCode.checkFailed }
    }

    /// The text of every file a failure points into, for the source lines under the failures:
    /// the embedded default's copy (when the default is part of the pack, it is what ran) or the file on disk.
    static func sources(of report: ExampleReport, embeddedFirst: Bool) -> [String: String] {
        let embedded = embeddedFirst ? Dictionary(RulePack.defaultFiles.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first }) : [:]
        var sources: [String: String] = [:]
        for file in Set((report.failures + report.overridden).map(\.file)) {
            if let text = embedded[file] {
                sources[file] = text
            } else if let data = FileManager.default.contents(atPath: file) {
                sources[file] = String(decoding: data, as: UTF8.self)
            }
        }
        return sources
    }
}
