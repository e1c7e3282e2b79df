import ArgumentParser
import Foundation
import Rapport

/// `rapport suggest`: proposes patterns for a label from labelled data.
struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Propose patterns for a label from comments labelled by people.",
        discussion: """
            Candidates are built from Rapport's own tokens of the comments of LABEL that the pack misses: \
            word n-grams (1-4), gapped pairs (a {0,3} b) and n-grams with a word generalised to one of the \
            pack's lists. Handles, URLs, numbers, common words and single characters never make a pattern \
            on their own. Every candidate is run by the engine (negation applied); one is kept when its \
            precision and support hold on the training part of every fold and its precision on the held-out \
            parts. Candidates whose records all fire a rule of LABEL already are left out.

            Prints a ranked table: the pattern, the records it fires on, held-out precision, the missed \
            records it would fix and the false positives it would add. With -o, writes rule drafts with \
            fire/quiet examples from the data: proposals for an author to read and edit.

              rapport suggest complaints.csv --label complaint -o drafts.yaml
              rapport lint --over-default drafts.yaml

            Exit codes: 0 done · 2 a rule pack has errors · 64 usage · 65 unusable data · 66 unreadable file · 74 cannot write -o
            """
    )

    @Argument(help: ArgumentHelp("Labelled data files (CSV with a header row, or JSON Lines), used as one set.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The label to propose patterns for (complaint, question, praise).", valueName: "label"))
    var label: Label

    @OptionGroup var data: LabelledDataOptions

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Least precision, on training and on held-out folds.", valueName: "x"))
    var minPrecision = SuggestionOptions().minPrecision

    @Option(help: ArgumentHelp("Least records of the label a candidate fires on, in every training part.", valueName: "n"))
    var minSupport = SuggestionOptions().minSupport

    @Option(help: ArgumentHelp("Folds of the stratified cross-validation.", valueName: "k"))
    var folds = 5

    @Option(help: ArgumentHelp("How many candidates to print (0: all).", valueName: "n"))
    var top = 40

    @Option(name: .shortAndLong, help: ArgumentHelp("Write rule drafts for every candidate here.", valueName: "drafts.yaml"))
    var output: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one labelled data file") }
        if label == .other { throw ValidationError("--label must be a label rules give: complaint, question or praise") }
        if !(0...1).contains(minPrecision) { throw ValidationError("--min-precision must be between 0 and 1") }
        if minSupport < 1 { throw ValidationError("--min-support must be at least 1") }
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let engine = try PackLoading.engine(paths: rules.paths, overDefault: !rules.noDefaultRules, consequence: "nothing was suggested")
        let dataset = try data.read(files, pack: engine.pack)
        let mapping = try data.mapping(for: dataset)
        let options = SuggestionOptions(minPrecision: minPrecision, minSupport: minSupport, folds: folds)
        let found = PatternSuggester.suggest(engine, records: dataset.records, mapping: mapping, label: label, options: options)
        var source = files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        if !data.summary.isEmpty { source += " (\(data.summary))" }
        if let output {
            let yaml = PatternSuggester.draftsYAML(
                found, label: label, threshold: engine.pack.settings.threshold,
                existingIDs: Set(engine.pack.rules.map(\.id)), source: source)
            do {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                Terminal.error("\(output): cannot write the drafts: \(error.localizedDescription)")
                throw ExitCode.outputFailed
            }
        }
        print(Self.render(found, label: label, source: source, records: dataset.records.count, top: top, output: output), terminator: "")
    }

    static func render(_ found: [SuggestedPattern], label: Label, source: String, records: Int, top: Int, output: String?) -> String {
        var out = "\(source): \(records) records; \(found.count) candidate\(found.count == 1 ? "" : "s") for \(label.rawValue)\n"
        let shown = top == 0 ? found : Array(found.prefix(top))
        let width = max(9, (shown.map { $0.pattern.count }.max() ?? 0) + 2)
        out += "pattern".padding(toLength: width, withPad: " ", startingAt: 0) + "support  held-out precision  FNs fixed  FPs added\n"
        for item in shown {
            out +=
                item.pattern.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "%7d  %18.3f  %9d  %9d\n", item.support, item.heldOutPrecision, item.falseNegativesFixed, item.falsePositivesAdded)
        }
        if shown.count < found.count { out += "(\(found.count - shown.count) more; --top 0 shows all)\n" }
        if let output { out += "wrote \(found.count) rule draft\(found.count == 1 ? "" : "s") to \(output)\n" }
        return out
    }
}
