public import Rapport
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads records, classifies them on all cores and writes the outcomes in input order.
///
/// Stages: the calling thread splits a batch of raw records from the input (cheap: it finds record
/// boundaries and copies bytes); worker threads decode, classify, filter and encode slices of the
/// batch in parallel; the calling thread then writes the slices in order. Memory is bounded by one
/// batch. In eager mode (a pipe on stdin, or `--line-buffered`) a batch ends as soon as no more
/// input is ready, so each answer is written as soon as its record has arrived: a coprocess can
/// write a line and read a line.
public final class ClassifyPipeline {
    /// Pipeline settings.
    public struct Options: Sendable {
        /// Records per batch when input is plentiful.
        public var batchSize: Int
        /// A batch also closes once its records hold this many bytes (default 8 MiB), so memory does not grow
        /// with record size: with two batches in flight the records read take at most about
        /// 2 × (`batchBytes` + the longest record, `--max-record-bytes`).
        public var batchBytes: Int
        /// Do not wait to fill a batch (write each answer as soon as possible).
        public var eager: Bool
        /// `--only`; nil writes every verdict.
        public var filter: OutputFilter?
        /// Stop once more than this many records were errors.
        public var maxErrors: Int?
        /// Worker threads (defaults to the number of cores).
        public var workers: Int

        public init(batchSize: Int = 2048, batchBytes: Int = 8 << 20, eager: Bool = false, filter: OutputFilter? = nil, maxErrors: Int? = nil,
                    workers: Int = System.coreCount) {
            self.batchSize = max(1, batchSize)
            self.batchBytes = max(1, batchBytes)
            self.eager = eager
            self.filter = filter
            self.maxErrors = maxErrors
            self.workers = max(1, workers)
        }
    }

    /// How far along a run is, for progress display.
    public struct Progress: Sendable {
        public var records: Int
        public var bytesConsumed: Int
        /// Total input bytes, when every input is a regular file.
        public var totalBytes: Int?
        public var seconds: Double
    }

    public let engine: Engine
    public let encoder: any OutputEncoder
    public let options: Options

    public init(engine: Engine, encoder: any OutputEncoder, options: Options = Options()) {
        self.engine = engine
        self.encoder = encoder
        self.options = options
    }

    /// Classifies every record of `inputs` into `sink`. Calls `progress` after each batch.
    /// Throws ``InputError`` when an input fails mid-read (after writing the outcomes read before it
    /// and the encoder's epilogue) and ``OutputError`` when writing fails; the summary is complete up
    /// to that point only when it returns.
    public func run(inputs: [InputSource], sink: OutputSink, progress: ((Progress) -> Void)? = nil) throws -> RunSummary {
        let totalBytes: Int? = inputs.allSatisfy { $0.size != nil } ? inputs.reduce(0) { $0 + ($1.size ?? 0) } : nil
        return try run(inputCount: inputs.count, totalBytes: totalBytes, open: { inputs[$0] }, sink: sink, progress: progress)
    }

    /// Classifies `inputCount` inputs, opening each only when its turn comes (`open(i)`) and letting it go
    /// when it is read, so any number of inputs can be classified with few descriptors open.
    /// `totalBytes` (all inputs' sizes, when known) is for progress. An input that `open` refuses stops
    /// the run like a read failure: what was read before is written, then the ``InputError`` is thrown.
    public func run(inputCount: Int, totalBytes: Int?, open: (Int) throws(InputError) -> InputSource, sink: OutputSink,
                    progress: ((Progress) -> Void)? = nil) throws -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = RunSummary()
        var bytesBefore = 0
        var wroteAny = false
        try sink.write(encoder.prologue())
        let nameInErrors = inputCount > 1

        // Outside eager mode two batches are in flight: while the workers classify one, the calling
        // thread reads the next and writes the one before. In eager mode each batch is written
        // before more input is awaited, so a coprocess gets every answer without sending more.
        var pending: PendingBatch?
        var stopped = false

        /// Waits for `batch`, adds its outcomes to the summary and writes its bytes; false once
        /// `--max-errors` stops the run.
        func finish(_ batch: PendingBatch) throws -> Bool {
            let chunks = batch.wait()
            var keepGoing = true
            for chunk in chunks {
                var cut = chunk.bytes.count
                for result in chunk.results {
                    summary.records += 1
                    switch result.kind {
                    case .verdict(let label, let escalation, let repaired, let written):
                        summary.classified += 1
                        summary.labels[label, default: 0] += 1
                        if repaired { summary.repaired += 1 }
                        if let escalation {
                            summary.escalations += 1
                            summary.escalationLevels[escalation.level, default: 0] += 1
                            summary.escalationRoutes[escalation.route, default: 0] += 1
                        }
                        if written { summary.written += 1 } else { summary.filteredOut += 1 }
                    case .error(let line):
                        summary.errors += 1
                        summary.written += 1
                        if summary.firstErrors.count < 10 {
                            summary.firstErrors.append(batch.inputName.map { "\($0):\(line)" } ?? "line \(line)")
                        }
                    }
                    if let maxErrors = options.maxErrors, summary.errors > maxErrors {
                        cut = result.end
                        keepGoing = false
                        break
                    }
                }
                var start = 0
                if !wroteAny && cut > 0 {
                    start = min(encoder.leadingSeparatorLength, cut)
                    wroteAny = true
                }
                // Each chunk's bytes go out as the worker wrote them (no gathering copy).
                if start < cut { try sink.write(chunk.bytes.buffer(start..<cut)) }
                if !keepGoing { break }
            }
            progress?(Progress(records: summary.records, bytesConsumed: batch.bytesConsumed,
                               totalBytes: totalBytes, seconds: (clock.now - started).seconds))
            if !keepGoing { summary.stoppedEarly = true }
            return keepGoing
        }

        let demand = FieldDemand(pack: engine.pack)
        inputLoop: for number in 0..<inputCount {
            let input: InputSource
            do {
                input = try open(number)
            } catch {
                // What was read before still gets written.
                if let previous = pending { pending = nil; _ = try finish(previous) }
                throw error
            }
            let decoder = input.decoder.demanding(demand)
            var ended = false
            while !ended {
                var batch = RecordBatch()
                batch.reserveCapacity(records: options.eager ? 16 : options.batchSize,
                                      bytes: options.eager ? 4096 : options.batchSize * 256)
                do {
                    fill: while batch.count < options.batchSize && batch.byteCount < options.batchBytes {
                        switch try input.next(into: &batch, mayBlock: batch.isEmpty || !options.eager) {
                        case .appended: continue
                        case .wouldBlock: break fill
                        case .end: ended = true; break fill
                        }
                    }
                } catch {
                    // The input failed mid-read: what was read before still gets written, and the
                    // output is closed (a JSON array gets its `]`).
                    if let previous = pending { pending = nil; _ = try finish(previous) }
                    try sink.write(encoder.epilogue(recordCount: summary.written))
                    throw error
                }
                let inFlight = batch.isEmpty ? nil : start(batch, decoder: decoder, inputName: nameInErrors ? input.name : nil,
                                                          bytesConsumed: bytesBefore + input.bytesConsumed)
                if let previous = pending {
                    pending = inFlight
                    if try !finish(previous) {
                        _ = inFlight?.wait()
                        stopped = true
                        break inputLoop
                    }
                } else if let inFlight {
                    if options.eager {
                        if try !finish(inFlight) { stopped = true; break inputLoop }
                    } else {
                        pending = inFlight
                    }
                }
                if batch.isEmpty { break }
            }
            bytesBefore += input.bytesConsumed
        }
        if !stopped, let last = pending {
            _ = try finish(last)
        }
        try sink.write(encoder.epilogue(recordCount: summary.written))
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// A batch being classified on the worker threads.
    final class PendingBatch: @unchecked Sendable {
        let group = DispatchGroup()
        let inputName: String?
        /// Input bytes consumed when the batch was cut, for progress.
        let bytesConsumed: Int
        /// Set by the worker before it leaves the group; read only after `wait()`.
        var chunks: [Chunk] = []

        init(inputName: String?, bytesConsumed: Int) {
            self.inputName = inputName
            self.bytesConsumed = bytesConsumed
        }

        func wait() -> [Chunk] {
            group.wait()
            return chunks
        }
    }

    /// Starts classifying `batch` on the worker threads and returns at once.
    func start(_ batch: RecordBatch, decoder: RecordDecoder, inputName: String?, bytesConsumed: Int) -> PendingBatch {
        let pending = PendingBatch(inputName: inputName, bytesConsumed: bytesConsumed)
        let box = UncheckedBox(self)
        pending.group.enter()
        DispatchQueue.global().async {
            pending.chunks = box.value.process(batch, decoder: decoder, inputName: inputName)
            pending.group.leave()
        }
        return pending
    }

    struct RecordResult {
        enum Kind {
            case verdict(Label, EscalationSummary?, repaired: Bool, written: Bool)
            case error(line: Int)
        }
        var kind: Kind
        /// Offset just past this record's bytes in its chunk.
        var end: Int
    }

    final class Chunk {
        /// Set by the worker once the chunk is encoded.
        var bytes = WrittenBytes.empty
        var results: [RecordResult] = []
    }

    /// Decodes, classifies, filters and encodes `batch` on the worker threads; chunks come back in order.
    func process(_ batch: RecordBatch, decoder: RecordDecoder, inputName: String?) -> [Chunk] {
        let pieces = batch.count < 64 || options.workers == 1 ? 1 : min(batch.count / 32, options.workers * 4)
        let chunks = (0..<pieces).map { _ in Chunk() }
        let work = Work(batch: batch, chunks: chunks, pieces: pieces)
        let engine = self.engine
        let encoder = self.encoder
        let filter = options.filter
        let run: @Sendable (Int) -> Void = { piece in
            let chunk = work.chunks[piece]
            let range = work.range(of: piece)
            chunk.results.reserveCapacity(range.count)
            var out = ByteWriter(capacity: range.count * 768)
            let batch = work.batch
            batch.bytes.withUnsafeBufferPointer { bytes in
                for entry in batch.entries[range] {
                    switch decoder.decode(entry, of: batch, bytes: bytes) {
                    case .success(let decoded):
                        let verdict = engine.classify(decoded.comment)
                        let written = filter?.accepts(verdict) ?? true
                        if written {
                            encoder.encode(.verdict(verdict, comment: decoded.comment, kept: decoded.kept), into: &out)
                        }
                        chunk.results.append(RecordResult(kind: .verdict(verdict.label, verdict.escalation, repaired: decoded.repaired, written: written),
                                                          end: out.count))
                    case .failure(let error):
                        encoder.encode(.error(error, input: inputName), into: &out)
                        chunk.results.append(RecordResult(kind: .error(line: error.line), end: out.count))
                    }
                }
            }
            chunk.bytes = out.finish()
        }
        if pieces == 1 {
            run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: pieces, execute: run)
        }
        return chunks
    }

    /// A batch shared read-only with the workers; each worker writes only its own chunk.
    final class Work: @unchecked Sendable {
        let batch: RecordBatch
        let chunks: [Chunk]
        let pieces: Int

        init(batch: RecordBatch, chunks: [Chunk], pieces: Int) {
            self.batch = batch
            self.chunks = chunks
            self.pieces = pieces
        }

        func range(of piece: Int) -> Range<Int> {
            let n = batch.count
            return (n * piece / pieces)..<(n * (piece + 1) / pieces)
        }
    }
}

/// Carries a value the compiler cannot prove `Sendable` to a worker that only reads it.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Facts about the machine.
public enum System {
    /// The number of cores available to this process.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
