import ArgumentParser
import Foundation
import Rapport
import RapportIO

/// Reading labelled data for the learning commands (`tune`, `suggest`), and the label options they
/// share with `eval`. Reading goes through one function so the readers can change in one place.
struct LabelledDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Rename labels before comparing: from=to[,from=to...]; repeatable.", valueName: "from=to"))
    var map: [String] = []

    @Option(help: ArgumentHelp("Compare only these labels (comma-separated); every other label counts as other.", valueName: "labels"))
    var labels: String?

    @Option(
        help: ArgumentHelp("The column (or dotted JSON path) holding the comment text (default: the usual names, as classify tries them).", valueName: "name"))
    var textField: String?

    @Option(help: ArgumentHelp("The column (or dotted JSON path) holding people's label.", valueName: "name"))
    var labelField = "label"

    func validate() throws {
        _ = try explicitMapping()
        if let labels, Eval.labelList(labels).isEmpty { throw ValidationError("--labels needs at least one label") }
    }

    /// The `--map` items as one mapping (later items win).
    func explicitMapping() throws -> LabelMapping {
        do throws(LabelMappingError) {
            return try LabelMapping(parsing: map.joined(separator: ","))
        } catch {
            throw ValidationError("--map: \(error.description)")
        }
    }

    /// The mapping for `dataset`: `--map`, then everything outside `--labels` compared as `other`.
    func mapping(for dataset: LabelledDataset) throws -> LabelMapping {
        let mapping = try explicitMapping()
        guard let labels else { return mapping }
        return Eval.keeping(Eval.labelList(labels), of: dataset, over: mapping)
    }

    /// Reads every file into one data set through the readers `classify` and `eval` use (CSV, TSV,
    /// JSON Lines, JSON arrays and wrappers), keeping the fields `pack` reads; unreadable records are
    /// named on stderr and left out. Exits 66 when a file cannot be read, 65 when one cannot be used
    /// or when no record is left.
    func read(_ paths: [String], pack: RulePack) throws -> LabelledDataset {
        var all = LabelledDataset()
        let options = InputOptions(mapping: FieldMapping(textField: textField))
        for path in paths {
            let shown = TerminalText.sanitize(path)
            guard FileManager.default.isReadableFile(atPath: path) else {
                Terminal.error("\(shown): cannot read the file")
                throw ExitCode.noInput
            }
            let dataset: LabelledDataset
            do {
                dataset = try LabelledInput.read(
                    path, options: options, fields: LabelledFields(label: labelField),
                    demand: FieldDemand(pack: pack))
            } catch {
                Terminal.error(TerminalText.sanitize(error.description))
                throw ExitCode.dataError
            }
            for problem in dataset.problems {
                Terminal.error(TerminalText.sanitize("\(path):\(problem.line): \(problem.message)") + "; the record is left out")
            }
            all.records += dataset.records
            all.problems += dataset.problems
        }
        guard !all.records.isEmpty else {
            Terminal.error(TerminalText.sanitize("no labelled record in \(paths.joined(separator: ", "))"))
            throw ExitCode.dataError
        }
        return all
    }

    /// The label options as given, for headers: `--labels complaint --map a=b`.
    var summary: String {
        var parts: [String] = []
        if let labels { parts.append("--labels \(labels)") }
        for item in map { parts.append("--map \(item)") }
        return parts.joined(separator: " ")
    }
}
