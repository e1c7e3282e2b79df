import ArgumentParser
import Rapport
import RapportIO
import RapportSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rapport classify`: classify comment dumps into verdicts, streaming, on all cores, in input order.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify comments from files or stdin and write one verdict per comment.",
        discussion: """
            Inputs: JSON Lines, a JSON array, a JSON object holding an array ({"data":[...]}, {"items":[...]}), \
            CSV/TSV with a header, or plain text (one comment per line); detected from the extension or the \
            content. Without --text-field the usual names are tried (full_text, text, message, body, comment, \
            content, YouTube snippet text). Nested fields flatten to dotted names (author.followers) for `when` \
            conditions. A record without an id gets its line number (JSON arrays: its position).

            Every input record gives exactly one output record, in input order: a verdict, or an error record \
            {"line": N, "error": "..."}. Text that is not UTF-8 in CSV/TSV/text input is read as Windows-1252 \
            (counted as repaired); in JSON input it is an error record.

            When stdin is a pipe (or with --line-buffered) each answer is written as soon as its record has \
            arrived, so other programs can use classify as a coprocess.

            Exit codes:
              0   every record was classified
              2   a rule pack has errors (diagnostics on stderr; nothing classified)
              64  usage error
              65  some records were errors (all still accounted for), or --max-errors stopped the run
              66  an input cannot be read
              74  the output cannot be written
            """
    )

    @Argument(help: "Input files ('-' or none for stdin).")
    var inputs: [String] = []

    @Option(help: "Input format, instead of detecting it (\(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
    var inputFormat: InputFormat?

    @Option(
        help: ArgumentHelp(
            "The CSV cell delimiter: ',', ';', '|' or 'tab' (default: taken from the header when unambiguous, else ','); implies CSV input.",
            valueName: "delimiter"))
    var delimiter: CSVDelimiter?

    @Option(help: ArgumentHelp("The field holding the comment text (dotted path, e.g. snippet.topLevelComment.snippet.textDisplay).", valueName: "path"))
    var textField: String?

    @Option(help: ArgumentHelp("The field holding the comment id (dotted path).", valueName: "path"))
    var idField: String?

    @Option(help: ArgumentHelp("The field holding the author's name or handle (dotted path).", valueName: "path"))
    var authorField: String?

    @Option(
        name: .customLong("output-format"),
        help: "Output format (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))); default: table on a terminal, else jsonl.")
    var outputFormat: OutputFormat?

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "Write to this file ('-' for stdout): a regular file is written through a temporary file renamed at the end; a device or FIFO is written as it is.",
            valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Input fields to copy into each output record (comma-separated dotted paths).", valueName: "fields"))
    var keepFields: String?

    @Option(
        help: ArgumentHelp(
            "Write only these verdicts: question, complaint, praise, other, a label of the pack's own, escalated (comma-separated).", valueName: "kinds"))
    var only: String?

    @Option(
        help: ArgumentHelp(
            "Write only these verdict members (jsonl, json, csv): \(VerdictField.allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated; e.g. id,label,escalation).",
            valueName: "fields"))
    var fields: String?

    @Option(
        help: ArgumentHelp(
            "CSV columns, in this order (default: all): \(CSVEncoder.Column.allCases.map(\.rawValue).joined(separator: ", ")); error is always written.",
            valueName: "columns"))
    var columns: String?

    @OptionGroup var rules: RuleOptions

    @OptionGroup var limits: LimitOptions

    @Flag(help: "Write and flush each answer as soon as it is ready (automatic when stdin is a pipe).")
    var lineBuffered = false

    @Option(help: ArgumentHelp("Stop once more than this many records were errors.", valueName: "n"))
    var maxErrors: Int?

    @Option(help: ArgumentHelp("Records longer than this many bytes become error records.", valueName: "bytes"))
    var maxRecordBytes: Int = 4 << 20

    @Option(
        help: ArgumentHelp(
            "The line number of each input's first line (for tools that classify one file in pieces, such as the Spark job: positional ids and error lines then match a run on the whole file; at most 2^53).",
            valueName: "n"))
    var firstLine: Int = 1

    @Option(help: ArgumentHelp("Worker threads (default: the number of cores; at most 1024).", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Also write the run's summary as JSON to this file ('-' for stdout; written like -o).", valueName: "file"))
    var summaryJSON: String?

    @Option(help: "Colour the table: auto, always, never.")
    var color: ColorChoice = .auto

    @Flag(name: [.short, .long], help: "No progress display and no summary on stderr.")
    var quiet = false

    /// The largest `--first-line`: 2^53, so that counting lines from it cannot overflow and every line
    /// number (and positional id) stays exact for JSON readers that hold numbers as doubles.
    static let maxFirstLine = 1 << 53

    /// The most `--jobs`: far above any core count (threads start only when batches wait for them, and
    /// the batches in flight stay within about 2 × `batchBytes` of records whatever the number).
    static let maxJobs = 1024

    func validate() throws {
        if let maxErrors, maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
        if maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
        if let jobs, !(1...Self.maxJobs).contains(jobs) { throw ValidationError("--jobs must be between 1 and \(Self.maxJobs)") }
        if !(1...Self.maxFirstLine).contains(firstLine) {
            throw ValidationError("--first-line must be between 1 and \(Self.maxFirstLine)")
        }
        _ = try chosenFields()
        _ = try chosenColumns()
        if fields != nil, outputFormat == .table { throw ValidationError("--fields applies to jsonl, json and csv output, not table") }
        if columns != nil, outputFormat != .csv { throw ValidationError("--columns applies to csv output only (--output-format csv)") }
        if fields != nil, columns != nil { throw ValidationError("use --fields or --columns, not both: --columns chooses the CSV columns one by one") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("stdin ('-') can be read only once") }
        try checkOutputsAreNotInputs()
    }

    /// The members `--fields` names; nil without it.
    func chosenFields() throws -> Set<VerdictField>? {
        guard let fields else { return nil }
        do { return try VerdictField.parseList(fields) } catch { throw ValidationError("--fields: \(error)") }
    }

    /// The columns `--columns` names; nil without it.
    func chosenColumns() throws -> [CSVEncoder.Column]? {
        guard let columns else { return nil }
        do { return try CSVEncoder.Column.parseList(columns) } catch { throw ValidationError("--columns: \(error)") }
    }

    /// Refuses an `-o` or `--summary-json` file that is also an input (stdin included) or that both
    /// name: files are compared by device and inode, so no spelling or link slips through.
    func checkOutputsAreNotInputs() throws {
        let readsStdin = inputs.isEmpty || inputs.contains("-")
        var read: [FileIdentity] = inputs.filter { $0 != "-" }.compactMap { FileIdentity(path: $0) }
        if readsStdin, let stdin = FileIdentity(descriptor: 0) { read.append(stdin) }
        // Only a regular file is replaced; a device or FIFO that is also read is left to the user.
        func replaced(_ path: String?) -> FileIdentity? {
            guard let path, path != "-", let file = FileIdentity(path: path), file.isRegularFile else { return nil }
            return file
        }
        let written = replaced(output)
        if let output, let written, read.contains(written) {
            throw ValidationError("-o \(output) is also an input\(readsStdin && written == FileIdentity(descriptor: 0) ? " (stdin)" : "")")
        }
        if let summaryJSON, let summary = replaced(summaryJSON) {
            if read.contains(summary) { throw ValidationError("--summary-json \(summaryJSON) is also an input") }
            if summary == written { throw ValidationError("--summary-json \(summaryJSON) is the -o file") }
        }
    }

    /// Ends the run with a usage error found after the pack was loaded (exit 64), written as the
    /// argument parser writes those it finds itself.
    static func usageError(_ message: String) -> Never {
        Terminal.writeError(
            "Error: \(message)\nUsage: \(RapportCommand.usageString(for: Classify.self))\n  See 'rapport classify --help' for more information.\n")
        Self.exit(withError: ExitCode.usage)
    }

    func run() throws {
        let engine = try rules.loadEngine(limits: limits)
        // `--only` may name the pack's own labels, so it is checked once the pack is loaded.
        var filter: OutputFilter?
        if let only {
            do { filter = try OutputFilter(parsing: only, labels: engine.pack.labels) } catch { Self.usageError(error.message) }
        }
        let stdoutIsTerminal = isatty(1) == 1 && (output == nil || output == "-")
        let format = outputFormat ?? (stdoutIsTerminal ? .table : .jsonl)
        let kept = keepFields.map { $0.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty } } ?? []
        let chosen = try chosenFields()
        let fields = chosen ?? Set(VerdictField.allCases)
        let encoder: any OutputEncoder
        switch format {
        case .jsonl: encoder = JSONLinesEncoder(fields: fields)
        case .json: encoder = JSONArrayEncoder(fields: fields)
        case .csv:
            let columns =
                try chosenColumns() ?? chosen.map(CSVEncoder.Column.showing)
                ?? CSVEncoder.Column.defaults(tagsOrRoutes: engine.pack.hasTagsOrRoutes)
            encoder = CSVEncoder(columns: columns, keptFields: kept)
        case .table:
            if self.fields != nil { throw ValidationError("--fields applies to jsonl, json and csv output, not table") }
            encoder = TableEncoder(width: Terminal.columns(fd: 1) ?? 100, color: color.enabled(isTerminal: stdoutIsTerminal))
        }

        // Both outputs are opened before any input is read: a directory, a missing parent or an
        // unwritable path stops the run at once (exit 74).
        let sink: OutputSink
        let summarySink: OutputSink?
        do {
            sink = try output.map { path throws(OutputError) in try OutputSink.open(path) } ?? .standardOutput()
            summarySink = try summaryJSON.map { path throws(OutputError) in try OutputSink.open(path) }
        } catch {
            Terminal.error(error.description)
            throw ExitCode.outputFailed
        }

        // Check every input before classifying anything: an unreadable input stops the run (exit 66).
        // Regular files are then closed and opened again one at a time when their turn comes (any number
        // of inputs, few descriptors); stdin, pipes and devices stay open, as they cannot be read twice.
        // Stdin stays open even when it is a regular file (`rapport classify < comments.jsonl`): opening
        // it again would give the same descriptor, already read past the bytes format detection took.
        let paths = inputs.isEmpty ? ["-"] : inputs
        let options = InputOptions(
            format: inputFormat, mapping: FieldMapping(textField: textField, idField: idField, authorField: authorField),
            keepFields: kept, maxRecordBytes: maxRecordBytes, maxDepth: limits.jsonDepth, maxFields: limits.fields,
            firstLine: firstLine, delimiter: delimiter?.byte)
        func open(_ path: String) throws(InputError) -> InputSource {
            try InputSource.open(path, options: options, idPrefix: paths.count > 1 ? "\(path == "-" ? "stdin" : path):" : "")
        }
        var held: [InputSource?] = []
        var totalBytes: Int? = 0
        var anyPipe = false
        for path in paths {
            do {
                let source = try open(path)
                if let detection = source.detection, !quiet { Terminal.error(Self.notice(detection, input: source.name)) }
                if let size = source.size {
                    totalBytes? += size
                } else {
                    totalBytes = nil
                }
                held.append(source.size == nil || path == "-" ? source : nil)
                anyPipe = anyPipe || source.isPipe
            } catch {
                Terminal.error(error.description)
                throw ExitCode.noInput
            }
        }

        let eager = lineBuffered || anyPipe
        let pipeline = ClassifyPipeline(
            engine: engine, encoder: encoder,
            options: .init(
                eager: eager, filter: filter, maxErrors: maxErrors, workers: jobs ?? System.coreCount))

        let showProgress = !quiet && isatty(2) == 1
        var lastDraw = -1.0
        let summary: RunSummary
        do {
            summary = try pipeline.run(
                inputCount: paths.count, totalBytes: totalBytes,
                open: { (i) throws(InputError) -> InputSource in
                    if let source = held[i] { held[i] = nil; return source }
                    return try open(paths[i])
                }, sink: sink
            ) { progress in
                guard showProgress, progress.seconds - lastDraw >= 0.2 else { return }
                lastDraw = progress.seconds
                Terminal.eraseLine()
                Terminal.writeError(ProgressLine.format(progress))
            }
            if showProgress { Terminal.eraseLine() }
        } catch let error as InputError {
            sink.abandon()
            summarySink?.abandon()
            if showProgress { Terminal.eraseLine() }
            Terminal.error(error.description)
            throw ExitCode.noInput
        } catch {
            sink.abandon()
            summarySink?.abandon()
            if showProgress { Terminal.eraseLine() }
            Terminal.error("\(error)")
            throw ExitCode.outputFailed
        }

        if summary.stoppedEarly {
            sink.abandon()
            var message = "stopped after \(summary.errors) error records (--max-errors \(maxErrors ?? 0)); the rest of the input was not read"
            if let output { message += "; \(output) was not written" }
            Terminal.error(message)
        } else {
            do { try sink.commit() } catch {
                Terminal.error(error.description)
                throw ExitCode.outputFailed
            }
        }
        if !quiet {
            var shown = summary
            shown.firstErrors = summary.firstErrors.map { Terminal.oneLine($0) }
            var text = shown.text()
            if isatty(2) == 1, summary.seconds > 0 {
                text +=
                    "  time: \(String(Int(summary.seconds * 100) / 100)).\(Int(summary.seconds * 100) % 100)s, "
                    + "\(ProgressLine.grouped(Int(Double(summary.records) / summary.seconds))) records/s\n"
            }
            Terminal.writeError(text)
        }
        if let summarySink {
            do {
                try summarySink.write(Array(summary.json().utf8))
                try summarySink.commit()
            } catch {
                Terminal.error(error.description)
                throw ExitCode.outputFailed
            }
        }
        if summary.errors > 0 { throw ExitCode.dataError }
    }
}

extension Classify {
    /// The notice saying which format was guessed for `input`, why, and how to choose another
    /// (sanitised: the reason may quote a header cell).
    static func notice(_ detection: InputFormat.Detection, input: String) -> String {
        let name: String
        switch detection.format {
        case .jsonl: name = "JSON Lines"
        case .json: name = "JSON"
        case .csv: name = "CSV"
        case .tsv: name = "TSV"
        case .text: name = "plain text, one comment per line"
        }
        let others = InputFormat.allCases.map(\.rawValue).joined(separator: "|")
        return TerminalText.sanitize("\(input): read as \(name): \(detection.reason); use --input-format \(others) to choose")
    }
}
