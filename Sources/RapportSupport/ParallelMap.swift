import Dispatch

/// One-shot work spread over the machine's cores: independent pieces of one job (the files of a pack),
/// run at once and returned in their own order, so the result never depends on which core ran what.
package enum ParallelMap {
    /// `body(index)` for every index of `0..<count`, on as many threads as Dispatch gives
    /// `concurrentPerform` (one per core); the results in index order.
    ///
    /// - Parameter costs: an estimate of each piece's cost (bytes to read, say). The pieces are handed
    ///   out costliest first, so that two cores finish together rather than one waiting on the last
    ///   big piece. Without it they go in index order.
    /// - Note: with fewer than two pieces, or `serially`, everything runs on the calling thread.
    package static func map<Result: Sendable>(
        count: Int, costs: [Int]? = nil, serially: Bool = false, _ body: @Sendable (Int) -> Result
    ) -> [Result] {
        guard count > 1, !serially else { return (0..<count).map(body) }
        let order = costs.map { costs in (0..<count).sorted { (costs[$0], $1) > (costs[$1], $0) } } ?? Array(0..<count)
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { turn in
            let index = order[turn]
            slots.store(body(index), at: index)
        }
        return slots.results()
    }
}

/// Storage for results written from several threads, each slot by exactly one of them, read once
/// all are done (`concurrentPerform` returns only then, which orders the writes before the read).
private final class Slots<Result>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func store(_ result: Result, at index: Int) { storage[index] = result }

    func results() -> [Result] { (0..<count).map { storage[$0]! } }
}
