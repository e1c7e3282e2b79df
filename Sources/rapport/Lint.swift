import ArgumentParser
import Foundation
import Rapport
import RapportIO
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
            --sample FILE reads an export as 'classify' would and warns about every field a 'when' \
            condition reads that no record of it has (field-not-in-sample).
            Exit status: 0 when clean, 1 when there are errors (or warnings with --strict), 64 on usage errors, \
            74 when stdout cannot be written.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Rule pack directories or files, each a layer over the ones before (default: rules/).")
    var paths: [String] = []

    @Option(help: "Output format: text (with source lines and carets) or json (an array of diagnostics).")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Flag(
        help:
            "Check the packs as layers over the embedded default, as 'classify --rules' stacks them (they may use its lists, replace, patch and disable its rules)."
    )
    var overDefault = false

    @Option(
        name: .customLong("explain"),
        help: ArgumentHelp(
            "Print what a diagnostic code means and an example that triggers it, and check nothing.",
            valueName: "code"))
    var explainCode: String?

    @Option(
        help: ArgumentHelp(
            "A sample export (any input format 'classify' reads): warn about 'when' fields that none of its records has.",
            valueName: "file"))
    var sample: String?

    @OptionGroup var limits: LimitOptions

    var effectivePaths: [String] { paths.isEmpty ? ["rules/"] : paths }

    /// The `field-not-in-sample` warnings for `path`; an unreadable sample stops lint with exit 66.
    func sampleDiagnostics(_ path: String, pack: RulePack) throws -> [Diagnostic] {
        do throws(InputError) {
            let (fields, _) = try SampleFields.read(path, options: InputOptions())
            return pack.fieldsMissing(fromSample: fields, sample: path)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.noInput
        }
    }

    func validate() throws {
        if let explainCode {
            guard DiagnosticCode(rawValue: explainCode) != nil else {
                // A typo, or a longer spelling that holds a code (`rule-never-fires` for `never-fires`).
                let names = DiagnosticCode.allCases.map(\.rawValue)
                let hint =
                    DidYouMean.hint(for: explainCode, in: names)
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
        var diagnostics: [Diagnostic]
        var pack: RulePack?
        do {
            let engine = try Engine.load(paths: effectivePaths, overDefault: overDefault, limits: limits.pack, options: limits.engine)
            diagnostics = engine.diagnostics
            pack = engine.pack
        } catch {
            diagnostics = error.diagnostics
        }
        if let sample, let pack {
            diagnostics = (diagnostics + (try sampleDiagnostics(sample, pack: pack))).sorted()
        }
        switch format {
        case .text:
            // Source lines for the excerpts; a file over the size limit is not read (its diagnostic says so).
            let maxBytes = limits.pack.maxFileBytes
            let sources = Dictionary(
                uniqueKeysWithValues: Set(diagnostics.map(\.file)).compactMap { file -> (String, String)? in
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
        if errors || (strict && warnings) { throw ExitCode.checkFailed }
    }
}
