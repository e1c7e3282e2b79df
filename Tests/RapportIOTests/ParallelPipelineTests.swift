import Foundation
import Rapport
import Testing
@testable import RapportIO

/// The parallel classify path (decode, classify, encode on worker threads; ordered writes) gives the
/// same bytes as one worker. Run under ThreadSanitizer by CI:
/// `swift test --sanitize=thread --filter ParallelPipelineTests`.
@Suite struct ParallelPipelineTests {
    static func dump(records: Int) -> [UInt8] {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let words = ["where", "is", "my", "parcel", "refund", "now", "love", "it", "lawyer", "thanks", "broken", "again", "?", "!", "😡"]
        var out = ""
        for i in 0..<records {
            if i % 37 == 5 { out += "{\"text\": broken json}\n"; continue }
            let text = (0..<(1 + next(12))).map { _ in words[next(words.count)] }.joined(separator: " ")
            out += "{\"id\":\"\(i)\",\"text\":\"\(text)\",\"author\":{\"name\":\"@u\(next(9))\",\"followers\":\(next(30_000))}}\n"
        }
        return Array(out.utf8)
    }

    func classify(_ input: URL, output: URL, workers: Int, engine: Engine) throws -> RunSummary {
        let source = try InputSource.open(input.path, options: InputOptions(keepFields: ["author.name"]))
        let sink = try OutputSink.atomicFile(output.path)
        let pipeline = ClassifyPipeline(
            engine: engine, encoder: JSONLinesEncoder(),
            options: .init(batchSize: 512, workers: workers))
        let summary = try pipeline.run(inputs: [source], sink: sink)
        try sink.commit()
        return summary
    }

    @Test func parallelWorkersWriteTheSameBytesAsOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-parallel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Data(Self.dump(records: 3_000)).write(to: input)
        let engine = try Engine(pack: .default)
        let one = try classify(input, output: dir.appendingPathComponent("one.jsonl"), workers: 1, engine: engine)
        let four = try classify(input, output: dir.appendingPathComponent("four.jsonl"), workers: 4, engine: engine)
        let a = try Data(contentsOf: dir.appendingPathComponent("one.jsonl"))
        let b = try Data(contentsOf: dir.appendingPathComponent("four.jsonl"))
        #expect(a == b)
        #expect(one.records == 3_000 && four.records == 3_000)
        #expect(four.errors == one.errors && four.errors > 0)
        #expect(four.labels == one.labels)
        #expect(String(decoding: a, as: UTF8.self).split(separator: "\n").count == 3_000)
    }
}

/// Batches close by bytes as well as by count, so memory does not grow with record size (issue 15, defect 7).
@Suite struct BatchBytesTests {
    @Test func batchesOfLargeRecordsCloseAtTheByteBound() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 400 records of 32 KB each: 12.8 MB, far below 2,048 records but over the default byte bound.
        let record = "{\"text\":\"where is my parcel " + String(repeating: "x", count: 32_000) + "\"}\n"
        let input = dir.appendingPathComponent("big.jsonl")
        try Data(String(repeating: record, count: 400).utf8).write(to: input)
        let source = try InputSource.open(input.path, options: InputOptions())
        let sink = try OutputSink.atomicFile(dir.appendingPathComponent("out.jsonl").path)
        let pipeline = ClassifyPipeline(engine: try Engine(pack: .default), encoder: JSONLinesEncoder(), options: .init(workers: 2))
        var counts: [Int] = []
        let summary = try pipeline.run(inputs: [source], sink: sink) { progress in counts.append(progress.records) }
        try sink.commit()
        #expect(summary.records == 400)
        let sizes = zip(counts, [0] + counts).map { $0 - $1 }
        let bound = (8 << 20) / record.utf8.count + 1
        #expect(sizes.max() ?? 0 <= bound, "batch sizes \(sizes)")
        #expect(sizes.count >= 400 / bound)
    }
}

/// Workers write into the output storage of batches already written; it changes no byte.
extension ParallelPipelineTests {
    /// Several inputs and `--only`, which writes all the records of some batches and few of others, so
    /// a batch gets storage both larger and smaller than it needs: three workers write the same bytes
    /// and count the same as one.
    @Test func workersOnReusedOutputStorageWriteTheSameBytesAsOne() throws {
        let complaints = Array(String(repeating: "{\"text\":\"where is my parcel?? this is the third time\"}\n", count: 700).utf8)
        let inputs: [(name: String, bytes: [UInt8])] = [("a", Self.dump(records: 1_500)), ("b", complaints), ("c", Self.dump(records: 900))]
        let engine = try Engine(pack: .default)
        func run(workers: Int) throws -> (bytes: [UInt8], summary: RunSummary) {
            var written: [UInt8] = []
            let sink = OutputSink.consumer { written.append(contentsOf: $0) }
            let pipeline = ClassifyPipeline(
                engine: engine, encoder: JSONLinesEncoder(),
                options: .init(batchSize: 128, filter: try OutputFilter(parsing: "complaint"), workers: workers))
            let summary = try pipeline.run(
                inputCount: inputs.count, totalBytes: nil,
                open: { (i) throws(InputError) -> InputSource in
                    try InputSource.open(
                        bytes: inputs[i].bytes, name: inputs[i].name, options: InputOptions(keepFields: ["author.name"]),
                        idPrefix: "\(inputs[i].name):")
                }, sink: sink)
            try sink.commit()
            return (written, summary)
        }
        let one = try run(workers: 1)
        let three = try run(workers: 3)
        #expect(three.bytes == one.bytes)
        #expect(three.summary.records == 3_100 && one.summary.records == 3_100)
        #expect(three.summary.written == one.summary.written && one.summary.filteredOut > 0)
        #expect(three.summary.labels == one.summary.labels)
        let lines = String(decoding: one.bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == one.summary.written)
        // The second input's records have no id: theirs is the input's prefix and the line.
        #expect(lines.contains { $0.contains("\"id\":\"b:1\"") })
    }
}

/// Output storage taken over from bytes already written (``ByteWriter/init(recycling:capacity:)``).
@Suite struct RecycledByteWriterTests {
    @Test func aWriterOnRecycledStorageHoldsOnlyWhatItWrites() {
        var first = ByteWriter(capacity: 64)
        first.append(Array("an earlier batch's output".utf8))
        var second = ByteWriter(recycling: first.finish(), capacity: 16)
        #expect(second.count == 0)
        second.append(Array("new".utf8))
        #expect(second.bytes == Array("new".utf8))
        // Storage smaller than asked for is replaced; the writer still grows as it is written.
        var third = ByteWriter(recycling: second.finish(), capacity: 4_096)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        third.append(long)
        let written = third.finish()
        #expect(written.count == 10_000)
        #expect(Array(written.buffer(0..<written.count)) == long)
    }
}

/// A file written through a temporary file has its writeback started every few megabytes: the file is
/// still exactly the bytes written, in order.
@Suite struct OutputSinkWritebackTests {
    @Test func aLargeOutputFileHoldsEveryByteWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-writeback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.bin").path
        let sink = try OutputSink.atomicFile(path)
        var expected: [UInt8] = []
        // 25 chunks of 1 MiB + 7 bytes: past three writeback starts, the last one mid-chunk.
        for chunk in 0..<25 {
            let bytes = [UInt8](repeating: UInt8(chunk), count: (1 << 20) + 7)
            try sink.write(bytes)
            expected += bytes
        }
        try sink.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }
}

/// Output files opened and committed from many threads at once (a library caller, or the test runner
/// itself) keep the interrupt handler's list of temporary files consistent: every file lands whole and
/// no temporary is left behind. CI runs this under ThreadSanitizer, which reported the unlocked list
/// racing before it took a lock.
@Suite struct TemporaryFilesConcurrencyTests {
    @Test func sinksOpenedOnManyThreadsAllLandAndLeaveNoTemporary() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-tempfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let writers = 8
        let filesEach = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for file in 0..<filesEach {
                        let sink = try OutputSink.atomicFile(dir.appendingPathComponent("w\(writer)-\(file).txt").path)
                        try sink.write(Array("writer \(writer) file \(file)\n".utf8))
                        if file % 5 == 4 { sink.abandon() } else { try sink.commit() }
                    }
                }
            }
            try await group.waitForAll()
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.filter { $0.contains(".rapport-") }.isEmpty)
        #expect(names.count == writers * filesEach * 4 / 5)
        let sample = try String(contentsOf: dir.appendingPathComponent("w3-7.txt"), encoding: .utf8)
        #expect(sample == "writer 3 file 7\n")
    }
}
