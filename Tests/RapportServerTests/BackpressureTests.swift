import Foundation
import NIOCore
@testable import RapportServer
import XCTest

/// `BoundedChunks`: the pipeline's thread waits while the response is `limit` bytes behind, goes on as
/// the writer takes chunks, and stops when the response is gone.
final class BackpressureTests: XCTestCase {
    /// Counts the chunks a producer thread managed to send, under a lock.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        private var result: [Bool] = []
        func sent(_ ok: Bool) {
            lock.withLock {
                value += ok ? 1 : 0; result.append(ok)
            }
        }
        var count: Int { lock.withLock { value } }
        var outcomes: [Bool] { lock.withLock { result } }
    }

    /// Starts a thread that sends `total` chunks of `size` bytes, then finishes.
    static func produce(_ chunks: BoundedChunks, total: Int, size: Int, into counter: Counter) {
        let thread = Thread {
            let bytes = [UInt8](repeating: 0x61, count: size)
            for _ in 0..<total {
                let ok = bytes.withUnsafeBytes { chunks.send($0) }
                counter.sent(ok)
                if !ok { break }
            }
            chunks.finish()
        }
        thread.start()
    }

    /// Waits up to ten seconds for `condition`.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return condition()
    }

    func testTheProducerWaitsForTheWriterAndGoesOnAsChunksAreTaken() async throws {
        let chunks = BoundedChunks(limit: 100)
        let counter = Counter()
        Self.produce(chunks, total: 10, size: 40, into: counter)
        // 40 + 40 + 40 bytes reach the limit of 100: the fourth send waits for the writer.
        XCTAssertTrue(Self.eventually { counter.count == 3 })
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(counter.count, 3)
        var received = 0
        for await chunk in chunks.chunks {
            received += chunk.readableBytes
            // Each chunk taken lets exactly one more through (never more than three are waiting).
            XCTAssertLessThanOrEqual(counter.count - received / 40, 3)
        }
        XCTAssertEqual(received, 400)
        XCTAssertEqual(counter.outcomes, Array(repeating: true, count: 10))
    }

    func testAResponseThatGoesAwayStopsTheProducer() async throws {
        let chunks = BoundedChunks(limit: 100)
        let counter = Counter()
        Self.produce(chunks, total: 10, size: 40, into: counter)
        XCTAssertTrue(Self.eventually { counter.count == 3 })
        // The writer takes one chunk and then stalls until its task is cancelled, as when the client hangs up.
        let writer = Task {
            for await _ in chunks.chunks { try? await Task.sleep(for: .seconds(60)) }
        }
        XCTAssertTrue(Self.eventually { counter.count == 4 })
        writer.cancel()
        _ = await writer.value
        XCTAssertTrue(Self.eventually { counter.outcomes.count == 5 })
        XCTAssertEqual(counter.outcomes, [true, true, true, true, false])
    }
}
