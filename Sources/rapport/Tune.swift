import ArgumentParser
import Foundation
import Rapport

/// `rapport tune`: fits the pack's rule weights to labelled data and writes them as a layer.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Fit a rule pack's weights to comments labelled by people, and write them as a layer.",
        discussion: """
            The rules that fire on each comment (as classification counts them) are the features of an \
            L2-regularised logistic regression per compared label, with non-negative weights; the \
            regularisation strength is chosen by stratified cross-validation. The fitted weights are scaled \
            to the pack's threshold, rounded to 0.25 and bounded to 0-5, then each label's weights are \
            scaled by the factor, and single weights moved along that grid, where that gives a better \
            macro-F1 of the engine's own decision on the training data.

            Prints the per-label and macro F1 of the pack as it is and after tuning, both measured on \
            held-out folds only (tuned on the other folds). Writes a layer (-o) with a `patch:` section that \
            sets the threshold and the fitted weights and nothing else; rules with fewer than --min-hits \
            hits, and rules of labels the data does not compare, keep their weight. Load it with \
            `--rules LAYER.yaml`. The same data and pack give the same file byte for byte.

              rapport tune complaints.csv --labels complaint -o tuned.yaml
              rapport tune airline.csv --map question=other -o tuned.yaml
              rapport eval airline.csv --map question=other --rules tuned.yaml

            Exit codes: 0 written · 2 a rule pack has errors · 64 usage · 65 unusable data · 66 unreadable file · 74 cannot write -o
            """
    )

    @Argument(help: ArgumentHelp("Labelled data files (CSV with a header row, or JSON Lines), used as one set.", valueName: "file"))
    var files: [String]

    @OptionGroup var data: LabelledDataOptions

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Folds of the stratified cross-validation.", valueName: "k"))
    var folds = 5

    @Option(help: ArgumentHelp("Rules that fire on fewer records keep their weight.", valueName: "n"))
    var minHits = 5

    @Option(help: ArgumentHelp("Seed of the fold assignment.", valueName: "n"))
    var seed: UInt64 = TuningOptions().seed

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the layer.", valueName: "layer.yaml"))
    var output: String

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one labelled data file") }
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if minHits < 1 { throw ValidationError("--min-hits must be at least 1") }
    }

    func run() throws {
        let engine = try PackLoading.engine(paths: rules.paths, overDefault: !rules.noDefaultRules, consequence: "nothing was tuned")
        let dataset = try data.read(files, pack: engine.pack)
        let mapping = try data.mapping(for: dataset)
        let options = TuningOptions(folds: folds, minHits: minHits, seed: seed)
        let result = try WeightTuner.tune(engine, records: dataset.records, mapping: mapping, options: options)
        guard !result.tunedLabels.isEmpty else {
            Terminal.error(
                "no label of the pack is compared in the data (labels there: "
                    + Set(dataset.records.map { mapping.map($0.label) }).sorted().joined(separator: ", ") + "); nothing was tuned")
            throw ExitCode.dataError
        }
        var source = files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        if !data.summary.isEmpty { source += " (\(data.summary))" }
        do {
            try Data(result.layerYAML(source: source).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            Terminal.error("\(output): cannot write the layer: \(error.localizedDescription)")
            throw ExitCode.outputFailed
        }
        print(Self.render(result, source: source, output: output), terminator: "")
    }

    /// The printed report: held-out F1 per label and macro, before and after, and what was fitted.
    static func render(_ result: TuningResult, source: String, output: String) -> String {
        var out = "\(source): \(result.records) records; tuned labels: \(result.tunedLabels.map(\.rawValue).joined(separator: ", "))\n"
        out += "F1 on held-out folds (\(result.options.folds)-fold stratified cross-validation, seed \(result.options.seed)):\n"
        var labels = result.before.perLabel.map(\.label)
        for metrics in result.after.perLabel where !labels.contains(metrics.label) {
            labels.insert(metrics.label, at: labels.last == "other" ? labels.count - 1 : labels.count)
        }
        let width = max(9, (labels.map(\.count).max() ?? 0) + 2)
        func row(_ name: String, _ before: Double, _ after: Double) -> String {
            name.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "%7.3f %7.3f %+8.3f\n", before, after, after - before)
        }
        out += "".padding(toLength: width, withPad: " ", startingAt: 0) + "  as is   tuned   change\n"
        for label in labels {
            let before = result.before.perLabel.first { $0.label == label }?.f1 ?? 0
            let after = result.after.perLabel.first { $0.label == label }?.f1 ?? 0
            out += row(label, before, after)
        }
        out += row("macro-F1", result.before.macroF1, result.after.macroF1)
        let fitted = result.rules.filter { $0.newWeight != nil }
        let changed = fitted.filter { $0.newWeight != $0.oldWeight }.count
        let few = result.rules.filter { $0.kept == .fewHits }.count
        let notCompared = result.rules.filter { $0.kept == .labelNotCompared }.count
        out +=
            "rules: \(fitted.count) fitted (\(changed) changed), \(few) kept (fewer than \(result.options.minHits) hits), "
            + "\(notCompared) kept (label not compared)\n"
        out += "wrote \(output)\n"
        return out
    }
}
