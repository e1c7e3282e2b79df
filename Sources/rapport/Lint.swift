import ArgumentParser
import Foundation
import Rapport
import RapportSupport

/// `rapport lint`: loads and compiles rule packs as `classify` does and reports every problem, compiler style.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule packs and report their problems.",
        discussion: """
        Reports every error and warning of every file in one run, sorted, as \
        file:line:column: severity: message, with the source line and a caret, then a summary. \
        Colour is used only when stdout is a terminal (and NO_COLOR is not set).
        --explain CODE prints what a diagnostic code means and a rule pack that triggers it.
        Exit status: 0 when clean, 1 when there are errors (or warnings with --strict), 64 on usage errors, \
        74 when stdout cannot be written.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Rule pack directories or files, checked as one pack (default: rules/).")
    var paths: [String] = []

    @Option(help: "Output format: text (with source lines and carets) or json (an array of diagnostics).")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Flag(help: "Check the packs as a layer over the embedded default, as 'classify --rules' uses them (they may use its lists and replace its rules).")
    var overDefault = false

    @Option(name: .customLong("explain"), help: ArgumentHelp("Print what a diagnostic code means and an example that triggers it, and check nothing.",
                                                              valueName: "code"))
    var explainCode: String?

    @OptionGroup var limits: LimitOptions

    var effectivePaths: [String] { paths.isEmpty ? ["rules/"] : paths }

    func validate() throws {
        if let explainCode {
            guard DiagnosticCode(rawValue: explainCode) != nil else {
                // A typo, or a longer spelling that holds a code (`rule-never-fires` for `never-fires`).
                let names = DiagnosticCode.allCases.map(\.rawValue)
                let hint = DidYouMean.hint(for: explainCode, in: names)
                    ?? names.filter { explainCode.contains($0) }.max { $0.count < $1.count }.map { "did you mean '\($0)'?" }
                throw ValidationError("unknown diagnostic code '\(explainCode)'" + (hint.map { "; \($0)" } ?? ""))
            }
            return
        }
        for path in effectivePaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or directory: \(path)")
        }
    }

    func run() throws {
        if let code = explainCode.flatMap(DiagnosticCode.init(rawValue:)) {
            try StandardOutput.write(code.explanation)
            return
        }
        let diagnostics: [Diagnostic]
        do {
            diagnostics = try Engine.load(paths: effectivePaths, overDefault: overDefault, limits: limits.pack,
                                          options: limits.engine).diagnostics
        } catch {
            diagnostics = error.diagnostics
        }
        switch format {
        case .text:
            // Source lines for the excerpts; a file over the size limit is not read (its diagnostic says so).
            let maxBytes = limits.pack.maxFileBytes
            let sources = Dictionary(uniqueKeysWithValues: Set(diagnostics.map(\.file)).compactMap { file -> (String, String)? in
                guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size <= maxBytes else { return nil }
                return FileManager.default.contents(atPath: file).map { (file, String(decoding: $0, as: UTF8.self)) }
            })
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            var output = ""
            for diagnostic in diagnostics {
                output += DiagnosticRenderer.render(diagnostic, source: sources[diagnostic.file], color: color) + "\n"
            }
            output += DiagnosticRenderer.summary(diagnostics) + "\n"
            try StandardOutput.write(output)
        case .json:
            try StandardOutput.write(DiagnosticRenderer.json(diagnostics) + "\n")
        }
        let errors = diagnostics.contains { $0.severity == .error }
        let warnings = diagnostics.contains { $0.severity == .warning }
        if errors || (strict && warnings) { throw ExitCode(1) }
    }
}
