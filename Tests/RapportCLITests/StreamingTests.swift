import Foundation
import Testing

/// `rapport classify` as a filter: one output record per input record under random corruption,
/// and line-by-line answers when driven as a coprocess.
@Suite("classify streaming")
struct StreamingTests {
    /// A deterministic generator (SplitMix64), so a failure can be reproduced from the seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Corruption: CaseIterable {
        case truncated, invalidUTF8, notAnObject, noText, garbage
    }

    /// 10,000 JSON Lines records, about one in eight corrupted in one of several ways.
    static func corpus(seed: UInt64) -> (bytes: [UInt8], corrupted: Set<Int>) {
        var rng = SplitMix(state: seed)
        let texts = [
            "where is my parcel??", "thank you so much 😍", "worst support ever, charged twice", "do you ship to Canada?",
            "ok", "Le café était très bon 👍", "not happy at all :(", "@acme #fail my app keeps crashing",
        ]
        var bytes: [UInt8] = []
        var corrupted: Set<Int> = []
        for line in 1...10_000 {
            let text = texts[Int.random(in: 0..<texts.count, using: &rng)]
            let good = #"{"id":"r\#(line)","text":"\#(text)","likes":\#(line % 97)}"#
            if Int.random(in: 0..<8, using: &rng) == 0 {
                corrupted.insert(line)
                switch Corruption.allCases.randomElement(using: &rng)! {
                case .truncated: bytes += Array(good.utf8.prefix(Int.random(in: 1..<good.utf8.count - 1, using: &rng)))
                case .invalidUTF8: bytes += Array(#"{"id":"r\#(line)","text":"bad "#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8)
                case .notAnObject: bytes += Array("[1,2,3]".utf8)
                case .noText: bytes += Array(#"{"id":"r\#(line)","likes":3}"#.utf8)
                case .garbage: bytes += Array("\u{0}\u{1}}{".utf8)
                }
            } else {
                bytes += Array(good.utf8)
            }
            bytes.append(0x0A)
        }
        return (bytes, corrupted)
    }

    @Test(arguments: [UInt64(1), 2026])
    func everyRecordGetsExactlyOneOutputInOrder(seed: UInt64) throws {
        let (input, corrupted) = Self.corpus(seed: seed)
        let run = try CLI.run(["classify", "--quiet", "--input-format", "jsonl", "--jobs", "2"], stdin: Data(input))
        #expect(run.status == 65)
        let lines = run.stdout.split(separator: 0x0A)
        #expect(lines.count == 10_000)
        var errorLines: Set<Int> = []
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], "output line \(index + 1)")
            if let errorLine = object["line"] as? Int {
                #expect(errorLine == index + 1)
                #expect(object["error"] is String)
                errorLines.insert(errorLine)
            } else {
                #expect(object["id"] as? String == "r\(index + 1)")
                #expect(object["label"] is String)
            }
        }
        #expect(errorLines == corrupted)
    }

    @Test func answersEachLineBeforeTheNextArrives() throws {
        let (process, input, reader) = try LineReader.start(["classify", "--quiet", "--input-format", "jsonl"])
        defer { if process.isRunning { process.terminate() } }
        for (i, text) in ["where is my order??", "love it, thank you!", "{not json"].enumerated() {
            let record = text.hasPrefix("{") ? text : #"{"id":"c\#(i)","text":"\#(text)"}"#
            input.fileHandleForWriting.write(Data((record + "\n").utf8))
            // The pipe stays open: an answer must come without end of input.
            let line = try #require(reader.nextLine(timeout: 10), "no answer to record \(i + 1) within 10 s")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if text.hasPrefix("{") {
                #expect(object["line"] as? Int == i + 1)
            } else {
                #expect(object["id"] as? String == "c\(i)")
            }
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 65)
    }
}

/// Reads lines from a pipe on a background thread, so a test can wait for one with a timeout.
final class LineReader: @unchecked Sendable {
    /// Starts `rapport args...` with pipes for stdin and stdout (stderr discarded), driven as a coprocess.
    static func start(_ args: [String]) throws -> (process: Process, input: Pipe, reader: LineReader) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = args
        process.currentDirectoryURL = CLI.root
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, input, LineReader(output.fileHandleForReading))
    }

    private let lock = NSCondition()
    private var buffer: [UInt8] = []
    private var ended = false

    init(_ handle: FileHandle) {
        Thread {
            while true {
                let data = handle.availableData
                self.lock.lock()
                if data.isEmpty { self.ended = true } else { self.buffer += data }
                self.lock.broadcast()
                self.lock.unlock()
                if data.isEmpty { return }
            }
        }.start()
    }

    func nextLine(timeout: TimeInterval) -> String? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended || !lock.wait(until: deadline) { return nil }
        }
    }
}
