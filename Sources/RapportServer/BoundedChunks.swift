import Foundation
import Hummingbird

/// The streamed answer of a batch, with backpressure: the pipeline's thread hands each chunk over
/// and waits while `limit` bytes are handed over but not yet taken by the response writer (which
/// takes the next chunk only when the connection has written the last one). A slow reader holds the
/// pipeline back instead of letting verdicts pile up in memory; a reader that goes away stops it.
final class BoundedChunks: @unchecked Sendable {
    // `pending` and `closed` are guarded by `condition`.
    private let condition = NSCondition()
    private var pending = 0
    private var closed = false
    private let limit: Int
    private let stream: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation

    init(limit: Int) {
        (stream, continuation) = AsyncStream.makeStream()
        self.limit = limit
        continuation.onTermination = { [weak self] _ in self?.close() }
    }

    /// Hands `bytes` to the response, waiting while the response is `limit` bytes behind; false once
    /// the response is gone (the client closed the connection).
    func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
        condition.lock()
        while pending >= limit && !closed { condition.wait() }
        let open = !closed
        if open { pending += bytes.count }
        condition.unlock()
        if open { continuation.yield(ByteBuffer(bytes: bytes)) }
        return open
    }

    /// Ends the answer after the chunks already sent.
    func finish() { continuation.finish() }

    /// The chunks, each counted as taken when the response writer takes it.
    var body: ResponseBody { ResponseBody(asyncSequence: chunks) }

    /// The chunks as the response writer reads them: taking one frees its bytes for `send`.
    var chunks: AsyncMapSequence<AsyncStream<ByteBuffer>, ByteBuffer> {
        stream.map { [self] buffer in
            taken(buffer.readableBytes)
            return buffer
        }
    }

    private func taken(_ count: Int) {
        condition.lock()
        pending -= count
        condition.signal()
        condition.unlock()
    }

    private func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
