public import Rapport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads records, classifies them on all cores and writes the outcomes in input order.
///
/// Three stages. The calling thread reads a batch of raw records from the input (cheap: it finds
/// record boundaries and copies bytes) and hands it to a worker; each worker thread decodes,
/// classifies, filters and encodes whole batches into byte buffers of its own; the calling thread
/// writes the buffers in input order. With one worker (`--jobs 1`) no thread is started and all three
/// stages run on the calling thread. Memory is bounded by the batches in flight (see
/// ``Options/batchBytes``). In eager mode (a pipe on stdin, or `--line-buffered`) a batch ends as soon
/// as no more input is ready, and every batch read is written before more input is awaited, so a
/// coprocess can write a line and read a line.
public final class ClassifyPipeline {
    /// Pipeline settings.
    public struct Options: Sendable {
        /// Records per batch when input is plentiful.
        public var batchSize: Int
        /// A batch also closes once its records hold this many bytes (default 8 MiB), so memory does not grow
        /// with record size: the batches in flight hold at most about 2 × `batchBytes` of records, so the
        /// records read take at most about 2 × (`batchBytes` + the longest record, `--max-record-bytes`)
        /// plus the batch being read.
        public var batchBytes: Int
        /// Do not wait to fill a batch (write each answer as soon as possible).
        public var eager: Bool
        /// `--only`; nil writes every verdict.
        public var filter: OutputFilter?
        /// Stop once more than this many records were errors.
        public var maxErrors: Int?
        /// Worker threads that decode, classify and encode (defaults to the number of cores); with 1 the
        /// whole run is on the calling thread. Threads start only when batches wait for them.
        public var workers: Int

        public init(
            batchSize: Int = 2048, batchBytes: Int = 8 << 20, eager: Bool = false, filter: OutputFilter? = nil, maxErrors: Int? = nil,
            workers: Int = System.coreCount
        ) {
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
    /// `open`, `progress` and the sink are called on the calling thread only.
    public func run(
        inputCount: Int, totalBytes: Int?, open: (Int) throws(InputError) -> InputSource, sink: OutputSink,
        progress: ((Progress) -> Void)? = nil
    ) throws -> RunSummary {
        var writer = OrderedWriter(
            sink: sink, encoder: encoder, maxErrors: options.maxErrors, totalBytes: totalBytes, progress: progress, labels: engine.pack.labels)
        try writer.prologue()
        var flight = BatchesInFlight(pipeline: self)
        defer { flight.shutdown() }
        // Fields read only by replies the output does not write are not decoded.
        let demand = encoder.fieldDemand(pack: engine.pack)
        var bytesBefore = 0
        for number in 0..<inputCount {
            let input: InputSource
            do {
                input = try open(number)
            } catch {
                // What was read before still gets written.
                try flight.drain(into: &writer)
                throw error
            }
            let decoder = input.decoder.demanding(demand)
            var ended = false
            while !ended && !writer.stopped {
                var batch = RecordBatch()
                do {
                    ended = try read(input, into: &batch, flight: &flight, writer: &writer)
                } catch let error as InputError {
                    // The input failed mid-read: what was read before still gets written, and the
                    // output is closed (a JSON array gets its `]`).
                    try flight.drain(into: &writer)
                    _ = try writer.finish()
                    throw error
                }
                if batch.isEmpty { break }
                try flight.submit(
                    InFlightBatch(
                        records: batch, decoder: decoder, inputName: inputCount > 1 ? input.name : nil,
                        bytesConsumed: bytesBefore + input.bytesConsumed), writer: &writer)
            }
            if writer.stopped { break }
            bytesBefore += input.bytesConsumed
        }
        try flight.drain(into: &writer)
        return try writer.finish()
    }

    /// The first stage, on the calling thread: adds records of `input` to `batch` until it holds
    /// `batchSize` records or `batchBytes` bytes, or the input ends (returns true). In eager mode the
    /// batch also closes when no more input is ready, and before waiting for input every batch in
    /// flight is written, so a coprocess gets each answer without sending more.
    private func read(
        _ input: InputSource, into batch: inout RecordBatch, flight: inout BatchesInFlight,
        writer: inout OrderedWriter
    ) throws -> Bool {
        batch.reserveCapacity(records: options.eager ? 16 : options.batchSize, bytes: options.eager ? 4096 : options.batchSize * 256)
        while batch.count < options.batchSize && batch.byteCount < options.batchBytes {
            let mayBlock = batch.isEmpty || !options.eager
            var step = try input.next(into: &batch, mayBlock: mayBlock && !(options.eager && flight.isBusy))
            if case .wouldBlock = step, mayBlock {
                try flight.drain(into: &writer)
                if writer.stopped { return true }
                step = try input.next(into: &batch, mayBlock: true)
            }
            switch step {
            case .appended: continue
            case .wouldBlock: return false
            case .end: return true
            }
        }
        return false
    }
}

/// The batches between the reader and the writer, oldest first, and the workers processing them.
/// With one worker there are no threads: each batch is processed on the calling thread as soon as it
/// is read. With more, up to `workers + 1` batches are in flight (fewer when they are large: together
/// they hold at most about 2 × `batchBytes` of records, plus the batch being read).
struct BatchesInFlight: ~Copyable {
    private let pool: BatchWorkers?
    /// The calling thread's own worker (one worker, or no thread could be started).
    private var local: BatchWorker
    /// Written batches leave the array at once (it holds at most `maxBatches`), so no batch's records or
    /// output outlive their turn.
    private var batches: [InFlightBatch] = []
    private var bytes = 0
    /// Output storage of written batches, handed to the next batches submitted: the workers write into
    /// pages already mapped, where a new buffer per batch cost about 90 page faults per 1,000 records
    /// (its allocator returned the pages between batches).
    private var spent: [WrittenBytes] = []
    private let maxBatches: Int
    private let maxBytes: Int

    init(pipeline: ClassifyPipeline) {
        let worker = BatchWorker(engine: pipeline.engine, encoder: pipeline.encoder, filter: pipeline.options.filter)
        let workers = pipeline.options.workers
        local = worker
        pool = workers > 1 ? BatchWorkers(limit: workers, worker: worker) : nil
        maxBatches = workers > 1 ? workers + 1 : 1
        maxBytes = 2 * pipeline.options.batchBytes
    }

    /// Whether any batch read is not yet written.
    var isBusy: Bool { !batches.isEmpty }

    /// Hands `job` to a worker (making room first by writing the oldest batches), then writes every
    /// batch at the front that is already done.
    mutating func submit(_ job: InFlightBatch, writer: inout OrderedWriter) throws(OutputError) {
        while isBusy && (batches.count >= maxBatches || bytes + job.records.byteCount > maxBytes) {
            try writeOldest(into: &writer)
            if writer.stopped { return }
        }
        job.spentOutput = spent.popLast()
        if pool?.submit(job) != true {
            job.output = local.process(job)
            job.isDone = true
        }
        batches.append(job)
        bytes += job.records.byteCount
        while isBusy && !writer.stopped && (pool?.isDone(batches[0]) ?? true) {
            try writeOldest(into: &writer)
        }
    }

    /// Writes every batch in flight, in order (until `--max-errors` stops the run).
    mutating func drain(into writer: inout OrderedWriter) throws(OutputError) {
        while isBusy && !writer.stopped { try writeOldest(into: &writer) }
    }

    /// Lets the workers go (batches not yet taken are dropped) and joins their threads.
    func shutdown() { pool?.shutdown() }

    private mutating func writeOldest(into writer: inout OrderedWriter) throws(OutputError) {
        let job = batches.removeFirst()
        bytes -= job.records.byteCount
        pool?.wait(for: job)
        _ = try writer.write(job)
        if var output = job.output?.bytes {
            job.output = nil
            if spent.count < 2 && isKnownUniquelyReferenced(&output) { spent.append(output) }
        }
    }
}

/// Facts about the machine.
public enum System {
    /// The number of cores available to this process.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
