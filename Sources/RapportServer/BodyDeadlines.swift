import Hummingbird
import Synchronization

/// Bounds the time to receive request bodies (`request-seconds`) with one timer for every request.
///
/// A body is collected by a task registered here with its deadline; one sweeper, four times a
/// second, cancels the tasks past theirs. (A sleeping task raced against each body instead holds its
/// memory until the sleep would have ended: at thousands of requests a second that is hundreds of MB.)
final class BodyDeadlines: Sendable {
    /// The one used by every route.
    static let shared = BodyDeadlines()

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var task: Task<[UInt8], any Error>
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var expired: Set<Int> = []
        var nextID = 0
        var sweeping = false
    }

    private let state = Mutex(State())

    /// A body longer than the bound given to ``collect(_:upTo:expecting:within:)``.
    struct TooLong: Error {}

    /// The body of a request as one array, at most `maxBytes` (``TooLong`` past that); nil when it
    /// did not arrive within `seconds`. `expected` (the `Content-Length`) sizes the array once, so a
    /// large body is neither copied on growth nor held twice.
    func collect(_ body: RequestBody, upTo maxBytes: Int, expecting expected: Int?, within seconds: Int) async throws -> [UInt8]? {
        let task = Task {
            var bytes: [UInt8] = []
            if let expected { bytes.reserveCapacity(min(expected, maxBytes)) }
            for try await chunk in body {
                guard chunk.readableBytes <= maxBytes - bytes.count else { throw TooLong() }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
            return bytes
        }
        let (id, startSweeper) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(deadline: .now + .seconds(seconds), task: task)
            defer { state.sweeping = true }
            return (id, !state.sweeping)
        }
        if startSweeper { Task.detached { await self.sweep() } }
        do {
            let bytes = try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
            // A body cut short by its deadline is not a body.
            return finish(id) ? nil : bytes
        } catch {
            if finish(id) { return nil }
            throw error
        }
    }

    /// Forgets `id`; true when it was cancelled for its deadline.
    @discardableResult
    private func finish(_ id: Int) -> Bool {
        state.withLock { state in
            state.entries[id] = nil
            return state.expired.remove(id) != nil
        }
    }

    /// Cancels the collections past their deadline, for the life of the process.
    private func sweep() async {
        while true {
            try? await Task.sleep(for: .milliseconds(250))
            let now = ContinuousClock.now
            state.withLock { state in
                for (id, entry) in state.entries where entry.deadline <= now {
                    entry.task.cancel()
                    state.expired.insert(id)
                    state.entries[id] = nil
                }
            }
        }
    }
}
