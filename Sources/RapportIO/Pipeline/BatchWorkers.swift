import Rapport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One batch on its way through the pipeline: read by the calling thread, turned into output bytes
/// by one worker, written by the calling thread in input order.
final class InFlightBatch: @unchecked Sendable {
    let records: RecordBatch
    let decoder: RecordDecoder
    /// The input's name, for error records when there are several inputs.
    let inputName: String?
    /// Input bytes consumed when the batch was cut, for progress.
    let bytesConsumed: Int
    /// Set by the worker that processed the batch, before it marks the batch done (under the pool's
    /// lock, or on the calling thread when there is no pool); read by the writer only after that.
    var output: BatchOutput?
    /// Whether ``output`` is set; guarded by the pool's lock.
    var isDone = false
    /// The output storage of a batch already written, for the worker to write this batch's output
    /// into (set by the calling thread before the batch is submitted).
    var spentOutput: WrittenBytes?

    init(records: RecordBatch, decoder: RecordDecoder, inputName: String?, bytesConsumed: Int) {
        self.records = records
        self.decoder = decoder
        self.inputName = inputName
        self.bytesConsumed = bytesConsumed
    }
}

/// What a worker made of a batch: the encoded outcomes back to back, and one result per record.
struct BatchOutput {
    struct RecordResult {
        enum Kind {
            case verdict(Label, Escalated?, repaired: Bool, written: Bool)
            case error(line: Int)
        }
        /// What the run's summary counts of an escalation: its level and route (not the whole
        /// `EscalationSummary`, whose arrays each result would retain and release).
        struct Escalated {
            var level: EscalationLevel
            var route: String

            init(_ summary: EscalationSummary) {
                level = summary.level
                route = summary.route
            }
        }
        var kind: Kind
        /// Offset just past this record's bytes in ``BatchOutput/bytes``.
        var end: Int
    }

    var bytes: WrittenBytes
    var results: [RecordResult]
}

/// The state one worker owns: it decodes, classifies, filters and encodes a whole batch into a byte
/// buffer of its own. Nothing in it is shared with another worker.
struct BatchWorker {
    let engine: Engine
    let encoder: any OutputEncoder
    let filter: OutputFilter?
    /// Output bytes per record in the last batch, to size the next buffer.
    private var bytesPerRecord = 768
    /// The engine's scratch for this worker, reused from comment to comment and batch to batch.
    private var workspace = Engine.Workspace()
    /// The record decoder's scratch for this worker, reused from record to record.
    private var decoding = RecordDecoder.Scratch()
    /// The verdict parts the output writes: replies and spans are rendered only when written.
    private let parts: VerdictParts
    /// Whether the output writes any of the scores, rule ids, tags and route (the filter reads none of
    /// them): when it does not, the engine leaves them out of the verdict.
    private let decisionDetails: Bool

    /// The JSON writer of a JSON Lines or JSON array output, which the worker calls itself to write each
    /// verdict straight from the engine's workspace (no `Verdict` is built), with the bytes the encoder
    /// writes before and after each record; nil for other outputs, which get a `Verdict` each.
    private let direct: (writer: VerdictWriter, before: StaticString, after: StaticString)?
    /// The rule ids and label names quoted once, for ``direct``; each worker thread that writes with it
    /// has its own (``preparedForThread()``).
    private var names: VerdictNames

    init(engine: Engine, encoder: any OutputEncoder, filter: OutputFilter?) {
        self.engine = engine
        self.encoder = encoder
        self.filter = filter
        self.parts = encoder.verdictParts
        self.decisionDetails = !encoder.writtenFields.isDisjoint(with: [.scores, .rules, .tags, .route])
        if let lines = encoder as? JSONLinesEncoder {
            direct = (lines.writer, "", "\n")
        } else if let array = encoder as? JSONArrayEncoder {
            direct = (array.writer, ",\n", "")
        } else {
            direct = nil
        }
        names = VerdictNames(engine: engine)
    }

    /// This worker with a ``VerdictNames`` of its own, for a new worker thread: the threads then share no
    /// object they read per record but the engine.
    func preparedForThread() -> BatchWorker {
        var worker = self
        if direct != nil { worker.names = VerdictNames(engine: engine) }
        return worker
    }

    /// Classifies the record in `decoding` in `verdict` and writes the verdict with `writer` (``direct``)
    /// between `before` and `after`, unless the filter drops it; gives its result. The verdict and the
    /// record are the caller's locals, passed by address, and the verdict is read borrowed
    /// (``write(_:record:_:before:after:filter:into:)``): each call into the engine on a workspace held
    /// in a variable (`label`, `escalationSummary`, `routing(in:)`) copied the whole workspace to a
    /// temporary first.
    private static func writeDirectly(
        _ writer: VerdictWriter, before: StaticString, after: StaticString, filter: OutputFilter?, parts: VerdictParts,
        verdict: inout ClassifiedVerdict, decoding: inout RecordDecoder.Scratch, into out: inout ByteWriter
    ) -> BatchOutput.RecordResult.Kind {
        verdict.classify(decoding.record.comment, parts: parts)
        return write(verdict, record: decoding.record, writer, before: before, after: after, filter: filter, into: &out)
    }

    /// The writing half of ``writeDirectly(_:before:after:filter:parts:verdict:decoding:into:)``.
    private static func write(
        _ verdict: borrowing ClassifiedVerdict, record: borrowing DecodedRecord, _ writer: VerdictWriter, before: StaticString,
        after: StaticString, filter: OutputFilter?, into out: inout ByteWriter
    ) -> BatchOutput.RecordResult.Kind {
        let label = verdict.label
        let escalation = verdict.escalation
        let written = filter?.accepts(label: label, escalated: escalation != nil) ?? true
        if written {
            out.append(before)
            writer.write(verdict, kept: record.kept, into: &out)
            out.append(after)
        }
        return .verdict(label, escalation.map(BatchOutput.RecordResult.Escalated.init), repaired: record.repaired, written: written)
    }

    mutating func process(_ job: InFlightBatch) -> BatchOutput {
        let batch = job.records
        var results: [BatchOutput.RecordResult] = []
        results.reserveCapacity(batch.count)
        let capacity = batch.count * bytesPerRecord + 256
        var out: ByteWriter
        if let spent = job.spentOutput {
            job.spentOutput = nil
            out = ByteWriter(recycling: spent, capacity: capacity)
        } else {
            out = ByteWriter(capacity: capacity)
        }
        let decoder = job.decoder
        let direct = self.direct
        let engine = self.engine
        // The workspace (in the verdict the writer reads) and the decoder's scratch are locals for the
        // batch (see ``writeDirectly``).
        var classified = ClassifiedVerdict(engine: engine, names: names)
        var decoding = RecordDecoder.Scratch()
        swap(&classified.workspace, &self.workspace)
        swap(&decoding, &self.decoding)
        defer {
            swap(&classified.workspace, &self.workspace)
            swap(&decoding, &self.decoding)
        }
        let filter = self.filter
        let parts = self.parts
        batch.bytes.withUnsafeBufferPointer { bytes in
            for entry in batch.entries {
                // The record is decoded into the worker's scratch, reusing the last record's storage.
                if let error = decoder.decode(entry, of: batch, bytes: bytes, scratch: &decoding) {
                    encoder.encode(.error(error, input: job.inputName), into: &out)
                    results.append(.init(kind: .error(line: error.line), end: out.count))
                    continue
                }
                if let (writer, before, after) = direct {
                    let kind = Self.writeDirectly(
                        writer, before: before, after: after, filter: filter, parts: parts, verdict: &classified, decoding: &decoding,
                        into: &out)
                    results.append(.init(kind: kind, end: out.count))
                    continue
                }
                let verdict = engine.classify(
                    decoding.record.comment, in: &classified.workspace, parts: parts, decisionDetails: decisionDetails)
                let written = filter?.accepts(verdict) ?? true
                let kind = BatchOutput.RecordResult.Kind.verdict(
                    verdict.label, verdict.escalation.map(BatchOutput.RecordResult.Escalated.init), repaired: decoding.record.repaired, written: written)
                if written {
                    // The verdict moves into the outcome: it is not copied (and freed twice).
                    encoder.encode(
                        .verdict(consume verdict, comment: decoding.record.comment, kept: decoding.record.kept), into: &out)
                }
                results.append(.init(kind: kind, end: out.count))
            }
        }
        if !batch.isEmpty { bytesPerRecord = max(64, out.count / batch.count + 64) }
        return BatchOutput(bytes: out.finish(), results: results)
    }
}

/// Up to `limit` worker threads, each with its own ``BatchWorker``, taking batches from one queue in
/// the order they were submitted. Threads start only when a batch is waiting and no started worker
/// is free, so a small input starts one. The calling thread waits for a batch with ``wait(for:)``.
final class BatchWorkers: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a batch is queued or the pool closes.
    private let queued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when a batch is done.
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `lock`. A batch leaves `waiting` when a worker takes it (the queue holds a few batches), so
    // the queue never keeps a written batch's records or output alive.
    private var waiting: [InFlightBatch] = []
    private var idle = 0
    private var closed = false
    private var threads: [pthread_t] = []

    private let limit: Int
    private let prototype: BatchWorker

    init(limit: Int, worker: BatchWorker) {
        self.limit = max(1, limit)
        self.prototype = worker
        pthread_mutex_init(lock, nil)
        pthread_cond_init(queued, nil)
        pthread_cond_init(finished, nil)
    }

    deinit {
        pthread_cond_destroy(finished)
        pthread_cond_destroy(queued)
        pthread_mutex_destroy(lock)
        finished.deallocate()
        queued.deallocate()
        lock.deallocate()
    }

    /// Queues `job` for the next free worker. Returns false when no worker thread could be started at
    /// all (the caller then processes the batch itself).
    func submit(_ job: InFlightBatch) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if waiting.count >= idle && threads.count < limit {
            startThread()
            if threads.isEmpty { return false }
        }
        waiting.append(job)
        pthread_cond_signal(queued)
        return true
    }

    /// Whether `job` is done (without waiting).
    func isDone(_ job: InFlightBatch) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return job.isDone
    }

    /// Waits until `job` is done.
    func wait(for job: InFlightBatch) {
        pthread_mutex_lock(lock)
        while !job.isDone { pthread_cond_wait(finished, lock) }
        pthread_mutex_unlock(lock)
    }

    /// Drops the batches no worker has taken yet, lets the running ones finish and joins every thread.
    func shutdown() {
        pthread_mutex_lock(lock)
        closed = true
        waiting.removeAll()
        pthread_cond_broadcast(queued)
        let started = threads
        pthread_mutex_unlock(lock)
        for thread in started { pthread_join(thread, nil) }
    }

    /// Called with `lock` held.
    private func startThread() {
        let start = Unmanaged.passRetained(WorkerStart(pool: self, worker: prototype)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                let start = Unmanaged<WorkerStart>.fromOpaque(context!).takeRetainedValue()
                start.pool.serve(start.worker)
                return nil
            }, start)
        if status == 0 {
            threads.append(thread)
        } else {
            Unmanaged<WorkerStart>.fromOpaque(start).release()
        }
    }

    /// A worker thread's loop: take the oldest queued batch, process it, mark it done.
    private func serve(_ worker: BatchWorker) {
        var worker = worker.preparedForThread()
        pthread_mutex_lock(lock)
        while true {
            if !waiting.isEmpty {
                let job = waiting.removeFirst()
                pthread_mutex_unlock(lock)
                let output = worker.process(job)
                pthread_mutex_lock(lock)
                job.output = output
                job.isDone = true
                pthread_cond_broadcast(finished)
                continue
            }
            if closed { break }
            idle += 1
            pthread_cond_wait(queued, lock)
            idle -= 1
        }
        pthread_mutex_unlock(lock)
    }

    /// What a new thread needs, passed through `pthread_create`'s context pointer.
    private final class WorkerStart {
        let pool: BatchWorkers
        let worker: BatchWorker
        init(pool: BatchWorkers, worker: BatchWorker) {
            self.pool = pool
            self.worker = worker
        }
    }
}
