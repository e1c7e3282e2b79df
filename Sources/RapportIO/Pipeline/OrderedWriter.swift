import Rapport
/// The pipeline's last stage, on the calling thread: writes each batch's bytes to the sink in input
/// order, counts its outcomes into the run's summary and stops at `--max-errors`.
struct OrderedWriter {
    let sink: OutputSink
    let encoder: any OutputEncoder
    let maxErrors: Int?
    let totalBytes: Int?
    let progress: ((ClassifyPipeline.Progress) -> Void)?
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    private(set) var summary = RunSummary()
    /// Whether any record's bytes were written (the first loses the encoder's leading separator).
    private var wroteAny = false
    /// The batch's labels, escalation levels and routes, counted here and added to ``summary`` at the
    /// end of each batch: a run has few of each, and a look along a short array costs less per record
    /// than hashing a label or route into the summary's dictionaries.
    private var labels = Tally<Label>()
    private var levels = Tally<EscalationLevel>()
    private var routes = Tally<String>()

    init(
        sink: OutputSink, encoder: any OutputEncoder, maxErrors: Int?, totalBytes: Int?,
        progress: ((ClassifyPipeline.Progress) -> Void)?, labels: [Label] = []
    ) {
        summary.packLabels = labels
        self.sink = sink
        self.encoder = encoder
        self.maxErrors = maxErrors
        self.totalBytes = totalBytes
        self.progress = progress
        started = clock.now
    }

    /// Whether `--max-errors` stopped the run.
    var stopped: Bool { summary.stoppedEarly }

    func prologue() throws(OutputError) { try sink.write(encoder.prologue()) }

    /// Writes the epilogue and returns the summary of the run.
    mutating func finish() throws(OutputError) -> RunSummary {
        try sink.write(encoder.epilogue(recordCount: summary.written))
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// Counts and writes a processed batch; false once `--max-errors` stops the run (the bytes of
    /// the record that went over the limit are the last written).
    mutating func write(_ batch: InFlightBatch) throws(OutputError) -> Bool {
        guard let output = batch.output else { return true }
        var cut = output.bytes.count
        var keepGoing = true
        for result in output.results {
            count(result, inputName: batch.inputName)
            if let maxErrors, summary.errors > maxErrors {
                cut = result.end
                keepGoing = false
                break
            }
        }
        labels.add(to: &summary.labels)
        levels.add(to: &summary.escalationLevels)
        routes.add(to: &summary.escalationRoutes)
        var start = 0
        if !wroteAny && cut > 0 {
            start = min(encoder.leadingSeparatorLength, cut)
            wroteAny = true
        }
        // The bytes go out as the worker wrote them (no gathering copy).
        if start < cut { try sink.write(output.bytes.buffer(start..<cut)) }
        progress?(
            ClassifyPipeline.Progress(
                records: summary.records, bytesConsumed: batch.bytesConsumed,
                totalBytes: totalBytes, seconds: (clock.now - started).seconds))
        if !keepGoing { summary.stoppedEarly = true }
        return keepGoing
    }

    private mutating func count(_ result: BatchOutput.RecordResult, inputName: String?) {
        summary.records += 1
        switch result.kind {
        case .verdict(let label, let escalation, let repaired, let written):
            summary.classified += 1
            labels.count(label)
            if repaired { summary.repaired += 1 }
            if let escalation {
                summary.escalations += 1
                levels.count(escalation.level)
                routes.count(escalation.route)
            }
            if written { summary.written += 1 } else { summary.filteredOut += 1 }
        case .error(let line):
            summary.errors += 1
            summary.written += 1
            if summary.firstErrors.count < 10 {
                summary.firstErrors.append(inputName.map { "\($0):\(line)" } ?? "line \(line)")
            }
        }
    }
}

/// Counts of a few distinct keys, kept in an array searched from the start (no hashing), to be added
/// to a dictionary of counts now and then.
private struct Tally<Key: Hashable> {
    private var keys: [Key] = []
    private var counts: [Int] = []

    /// Counts `key` once.
    mutating func count(_ key: Key) {
        for index in keys.indices where keys[index] == key {
            counts[index] += 1
            return
        }
        keys.append(key)
        counts.append(1)
    }

    /// Adds the counts to `totals` and starts again from none.
    mutating func add(to totals: inout [Key: Int]) {
        for (key, count) in zip(keys, counts) { totals[key, default: 0] += count }
        keys.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
    }
}
