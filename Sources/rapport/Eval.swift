import ArgumentParser
import Foundation
import Rapport
import RapportIO
import RapportSupport

/// `rapport eval`: classifies a labelled data set and scores the pack against people's labels.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a rule pack on comments labelled by people.",
        discussion: """
            Reads a labelled file with the same readers as `classify` (CSV/TSV with a header, JSON Lines, a JSON \
            array or wrapper; detected the same way), so every record reaches the pack exactly as `classify` \
            gives it: the same text, id and author fields (--text-field, --id-field, --author-field) and every \
            other field for `when` conditions. One more field holds people's label (--label-field, default \
            label). It classifies every record and prints per-label precision, recall, F1 and support, \
            macro-F1, accuracy, the confusion matrix, the rules that fired (hits and the precision of their \
            label on this data), the rules that never fired, and the worst false positives and false \
            negatives with the rules that caused them.

            Labels are compared lowercased. --map renames labels on both sides before comparing \
            (--map question=other,praise=other); --labels keeps only the given labels and counts every other \
            one as `other` (--labels complaint does the same as the --map above). Examples:

              rapport eval complaints.csv --labels complaint
              rapport eval questions.csv --labels question
              rapport eval airline.csv --labels complaint,praise
              rapport eval tickets.csv --text-field body --label-field kind
              rapport eval reviews.jsonl --map negative=complaint,positive=praise

            With an escalation field (none, low, medium, high, critical) and/or a route field, the report adds \
            the recall of critical, then precision and recall of "escalated at all", of each level and of each \
            route; routes are renamed on both sides by --route-map (default: LABELLING.md's names to the \
            default pack's). --compare PATH classifies the same records with a second pack (layered like \
            --rules) and shows the change per label and the records fixed and broken, with the rules behind \
            each change; the gates then judge that pack. --format html -o report.html writes one \
            self-contained page (inline CSS and SVG, no script).

              rapport eval care.csv --format html -o report.html
              rapport eval comments.csv --compare my-layer/

            Exit codes:
              0   the report was written (and met --min-macro-f1 / --min-f1)
              1   a --min-macro-f1 or --min-f1 gate was not met
              2   a rule pack has errors
              64  usage error
              65  the data is unusable, or some records could not be read (named on stderr)
              66  the file cannot be read
              74  stdout, the report or the --verdicts file cannot be written
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    @Argument(help: ArgumentHelp("The labelled data file ('-' for stdin).", valueName: "file"))
    var file: String?

    @Option(name: .customLong("data"), help: ArgumentHelp("The labelled data file, instead of the FILE argument.", valueName: "file"))
    var dataFile: String?

    @Option(
        help: "Input format, instead of detecting it as classify does (\(InputFormat.allCases.filter { $0 != .text }.map(\.rawValue).joined(separator: ", ")))."
    )
    var inputFormat: InputFormat?

    @Option(
        help: ArgumentHelp(
            "The CSV cell delimiter: ',', ';', '|' or 'tab' (default: taken from the header when unambiguous, else ','); implies CSV input.",
            valueName: "delimiter"))
    var delimiter: CSVDelimiter?

    @Option(help: ArgumentHelp("The field holding the comment text (as for classify; default: the usual names).", valueName: "path"))
    var textField: String?

    @Option(help: ArgumentHelp("The field holding the record id (as for classify; default: the usual names, else the line number).", valueName: "path"))
    var idField: String?

    @Option(help: ArgumentHelp("The field holding the author's name or handle (as for classify).", valueName: "path"))
    var authorField: String?

    @Option(help: ArgumentHelp("The field holding people's label.", valueName: "path"))
    var labelField = "label"

    @Option(help: ArgumentHelp("The field holding people's escalation level (none, medium, high, critical); scored when present.", valueName: "path"))
    var escalationField = "escalation"

    @Option(help: ArgumentHelp("The field holding people's route (none when not escalated); scored when present.", valueName: "path"))
    var routeField = "route"

    @Option(
        help: ArgumentHelp(
            "Rename routes on both sides before comparing: from=to[,from=to...]; repeatable; added to the default \(Self.routeMappingText(EscalationReport.defaultRouteMapping)).",
            valueName: "from=to"))
    var routeMap: [String] = []

    @Option(help: ArgumentHelp("Rename labels before comparing: from=to[,from=to...]; repeatable.", valueName: "from=to"))
    var map: [String] = []

    @Option(help: ArgumentHelp("Compare only these labels (comma-separated); every other label counts as other.", valueName: "labels"))
    var labels: String?

    @OptionGroup var rules: RuleOptions

    @Option(
        name: .customLong("compare"),
        help: ArgumentHelp(
            "Also classify with this pack (directory or .yaml file; over the embedded default like --rules; repeatable) and compare: the change per label and the records fixed and broken.",
            valueName: "path"))
    var comparePaths: [String] = []

    @OptionGroup var limits: LimitOptions

    @Option(help: "Output format: text (a readable report), json, or html (one self-contained page; use with -o).")
    var format: Format = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Also write every record's verdict to this file as classify's JSON Lines, with people's label under fields.", valueName: "file"))
    var verdicts: String?

    @Option(help: ArgumentHelp("How many false positives and false negatives to show.", valueName: "n"))
    var top = 10

    @Option(help: ArgumentHelp("Exit 1 when macro-F1 is below this.", valueName: "x"))
    var minMacroF1: Double?

    @Option(help: ArgumentHelp("Exit 1 when a label's F1 is below the value: label=x; repeatable.", valueName: "label=x"))
    var minF1: [String] = []

    var path: String { dataFile ?? file ?? "" }

    func validate() throws {
        switch (file, dataFile) {
        case (nil, nil): throw ValidationError("give the labelled data file: rapport eval FILE (or --data FILE)")
        case (.some, .some): throw ValidationError("give the data file once: as FILE or with --data, not both")
        default: break
        }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
        if !comparePaths.isEmpty && format == .html { throw ValidationError("--compare writes a text or json report, not html") }
        if let output, output == path || output == verdicts { throw ValidationError("-o \(output) is also the data file or the --verdicts file") }
        if let minMacroF1, !(0...1).contains(minMacroF1) { throw ValidationError("--min-macro-f1 must be between 0 and 1") }
        _ = try labelMapping()
        _ = try routeMapping()
        _ = try f1Gates()
        if let labels, Self.labelList(labels).isEmpty { throw ValidationError("--labels needs at least one label") }
    }

    func run() throws {
        let engine = try rules.loadEngine(limits: limits, consequence: "nothing was evaluated")
        let other =
            comparePaths.isEmpty
            ? nil
            : try PackLoading.engine(paths: comparePaths, overDefault: !rules.noDefaultRules, limits: limits, consequence: "nothing was evaluated")
        let dataset = try readDataset(demand: FieldDemand(keys: engine.readableFields.union(other?.readableFields ?? [])))
        var mapping = try labelMapping()
        if let labels {
            let engineLabels = engine.pack.allLabels + (other?.pack.labels ?? [])
            mapping = Self.keeping(Self.labelList(labels), of: dataset, over: mapping, engineLabels: engineLabels)
        }
        let evaluated = Evaluation.classify(dataset, with: engine)
        let report = EvaluationReport(
            evaluated: evaluated, rules: engine.pack.rules, mapping: mapping, top: top, problems: dataset.problems,
            routeMapping: try routeMapping())
        if let verdicts { try writeVerdicts(evaluated, to: verdicts) }
        if let other {
            try compare(report, evaluated, with: other, dataset: dataset, mapping: mapping)
            return
        }

        let rendered: String
        switch format {
        case .text:
            rendered = EvaluationReportText.render(report, header: "\(path): \(report.records) records, pack \(engine.pack.settings.name)")
        case .json:
            rendered = try EvaluationReportText.json(report) + "\n"
        case .html:
            rendered = EvaluationReportHTML.render(report, file: path, pack: engine.pack.settings.name)
        }
        try write(rendered, to: output)
        try gate(report, problems: dataset.problems)
    }

    /// `--compare`: classifies `dataset` with `other` too and writes both packs' figures side by
    /// side with the records whose label changed; the gates apply to `other`'s figures.
    func compare(
        _ report: EvaluationReport, _ evaluated: [EvaluatedRecord], with other: Engine, dataset: LabelledDataset,
        mapping: LabelMapping
    ) throws {
        let evaluatedAfter = Evaluation.classify(dataset, with: other)
        let reportAfter = EvaluationReport(
            evaluated: evaluatedAfter, rules: other.pack.rules, mapping: mapping, top: top,
            problems: dataset.problems, routeMapping: try routeMapping())
        let comparison = PackComparison(
            before: evaluated, after: evaluatedAfter, rulesAfter: other.pack.rules,
            packBefore: Self.packName(rules.paths, overDefault: !rules.noDefaultRules),
            packAfter: Self.packName(comparePaths, overDefault: !rules.noDefaultRules), mapping: mapping)
        switch format {
        case .text, .html:
            try write(EvaluationReportText.render(comparison, header: "\(path): \(report.records) records", top: top), to: output)
        case .json:
            try write(try EvaluationReportText.json(ComparedReports(before: report, after: reportAfter, comparison: comparison)) + "\n", to: output)
        }
        try gate(reportAfter, problems: dataset.problems)
    }

    /// `default`, `default + a, b` or `a, b`: which packs a run layered.
    static func packName(_ paths: [String], overDefault: Bool) -> String {
        if paths.isEmpty { return "default" }
        return (overDefault ? "default + " : "") + paths.joined(separator: ", ")
    }

    /// The `--format json` document of `--compare`.
    struct ComparedReports: Encodable {
        var before: EvaluationReport
        var after: EvaluationReport
        var comparison: PackComparison
    }

    /// Applies `--min-macro-f1` and `--min-f1` to `report` (exit 1 when one is not met) and exits 65
    /// when records could not be read.
    func gate(_ report: EvaluationReport, problems: [RecordProblem]) throws {
        var failed = false
        if let minMacroF1, Self.below(report.macroF1, minMacroF1) {
            Terminal.error("macro-F1 \(EvaluationReportText.fixed(report.macroF1)) is below --min-macro-f1 \(minMacroF1)")
            failed = true
        }
        for (label, minimum) in try f1Gates() {
            guard let f1 = report.metrics(for: label)?.f1 else {
                Terminal.error(
                    "--min-f1 \(label)=\(minimum): '\(label)' is not a compared label (\(TerminalText.sanitize(report.labels.joined(separator: ", "))))")
                failed = true
                continue
            }
            if Self.below(f1, minimum) {
                Terminal.error("\(label) F1 \(EvaluationReportText.fixed(f1)) is below --min-f1 \(label)=\(minimum)")
                failed = true
            }
        }
        if !problems.isEmpty {
            Terminal.error("\(problems.count) record\(problems.count == 1 ? "" : "s") of \(TerminalText.sanitize(path)) could not be read")
            throw ExitCode.dataError
        }
        if failed { throw ExitCode.checkFailed }
    }

    /// The labelled records of the data file, read as `classify` reads it; records that cannot be
    /// used are named on stderr. Exits 66 when the file cannot be read, 65 when it is unusable.
    func readDataset(demand: FieldDemand) throws -> LabelledDataset {
        let shownPath = TerminalText.sanitize(path)
        if path != "-" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isReadableFile(atPath: path)
            else {
                Terminal.error("\(shownPath): cannot read the file")
                throw ExitCode.noInput
            }
        }
        let options = InputOptions(
            format: inputFormat, mapping: FieldMapping(textField: textField, idField: idField, authorField: authorField),
            maxDepth: limits.jsonDepth, maxFields: limits.fields, delimiter: delimiter?.byte)
        let dataset: LabelledDataset
        do {
            dataset = try LabelledInput.read(
                path, options: options,
                fields: LabelledFields(label: labelField, escalation: escalationField, route: routeField), demand: demand)
        } catch {
            Terminal.error(TerminalText.sanitize(error.description))
            throw ExitCode.dataError
        }
        for problem in dataset.problems {
            Terminal.error(TerminalText.sanitize("\(path):\(problem.line): \(problem.message)") + "; the record is left out of the figures")
        }
        guard !dataset.records.isEmpty else {
            Terminal.error("\(shownPath): no labelled record to evaluate")
            throw ExitCode.dataError
        }
        return dataset
    }

    /// Writes the report to `path` (through a temporary file renamed at the end), or to stdout.
    func write(_ text: String, to path: String?) throws {
        do {
            let sink = try path.map { p throws(OutputError) in try OutputSink.atomicFile(p) } ?? .standardOutput()
            try sink.write(Array(text.utf8))
            try sink.commit()
        } catch {
            Terminal.error(TerminalText.sanitize(error.description))
            throw ExitCode.outputFailed
        }
    }

    /// `--verdicts`: each record's verdict as `classify` writes it in JSON Lines, with people's
    /// label as a kept field (what `classify --keep-fields LABEL-FIELD` writes for the same record).
    func writeVerdicts(_ evaluated: [EvaluatedRecord], to path: String) throws {
        let encoder = JSONLinesEncoder()
        var writer = ByteWriter(capacity: evaluated.count * 512)
        for item in evaluated {
            encoder.encode(
                .verdict(
                    item.verdict, comment: item.record.comment,
                    kept: [KeptField(name: labelField, value: .string(item.record.label))]), into: &writer)
        }
        do {
            let sink = try OutputSink.atomicFile(path)
            try sink.write(writer.bytes)
            try sink.commit()
        } catch {
            Terminal.error(TerminalText.sanitize(error.description))
            throw ExitCode.outputFailed
        }
    }

    /// Every `--map` merged into one mapping (later items win).
    func labelMapping() throws -> LabelMapping {
        try Self.merged(map, over: LabelMapping(), option: "--map")
    }

    /// The default route mapping with every `--route-map` merged over it (later items win).
    func routeMapping() throws -> LabelMapping {
        try Self.merged(routeMap, over: EscalationReport.defaultRouteMapping, option: "--route-map")
    }

    /// `items` (each `from=to[,from=to...]`) merged over `base`; a malformed item is a usage error naming `option`.
    static func merged(_ items: [String], over base: LabelMapping, option: String) throws -> LabelMapping {
        var renames = base.renames
        for item in items {
            do throws(LabelMappingError) {
                renames.merge(try LabelMapping(parsing: item).renames) { _, new in new }
            } catch {
                throw ValidationError("\(option): \(error.description)")
            }
        }
        return LabelMapping(renames)
    }

    /// `from=to,...` in name order.
    static func routeMappingText(_ mapping: LabelMapping) -> String {
        mapping.renames.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// `--min-f1 label=x` items, label lowercased.
    func f1Gates() throws -> [(label: String, minimum: Double)] {
        try minF1.map { item in
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), (0...1).contains(value) else {
                throw ValidationError("--min-f1 '\(item)': expected label=x with x between 0 and 1, e.g. complaint=0.7")
            }
            return (parts[0].trimmingSpaces.lowercased(), value)
        }
    }

    /// `value < minimum`, allowing for rounding: an F1 of exactly 3/4 meets a gate of 0.75.
    static func below(_ value: Double, _ minimum: Double) -> Bool {
        value < minimum - 1e-9
    }

    static func labelList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    /// `mapping` extended so that every label of the engine (`engineLabels`: the built-in ones and
    /// the pack's own) and of `dataset` that is not in `kept` (and not already renamed by `mapping`)
    /// is compared as `other`.
    static func keeping(
        _ kept: [String], of dataset: LabelledDataset, over mapping: LabelMapping, engineLabels: [Label] = Label.builtIn
    ) -> LabelMapping {
        var renames = mapping.renames
        let all = Set(engineLabels.map(\.rawValue)).union(dataset.records.map { $0.label.trimmingSpaces.lowercased() })
        for label in all where !kept.contains(label) && label != "other" && renames[label] == nil {
            renames[label] = "other"
        }
        return LabelMapping(renames)
    }
}
