/// The nodes of a `TokenAutomaton` one comment's walk holds: those reached at the current token, and those
/// reached at the token before that have children (carried to the current token). Plain memory that grows
/// when a token needs more room and is reused from comment to comment. Only the matcher writes to it, through
/// a `MatchContext` that holds the one reference: `CompiledMatcher.hits` checks `isKnownUniquelyReferenced`
/// and gives a copied context scratch of its own before writing, which is what makes the class safe to send
/// between threads.
final class AutomatonScratch: @unchecked Sendable {
    private(set) var reached: UnsafeMutablePointer<Int32>
    private(set) var carried: UnsafeMutablePointer<Int32>
    private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        reached = .allocate(capacity: capacity)
        carried = .allocate(capacity: capacity)
    }

    deinit {
        reached.deallocate()
        carried.deallocate()
    }

    /// Makes room for `count` nodes in each buffer, keeping the first `carriedCount` carried nodes.
    @inline(__always)
    func reserve(_ count: Int, carriedCount: Int) {
        if count > capacity { grow(count, carriedCount: carriedCount) }
    }

    private func grow(_ count: Int, carriedCount: Int) {
        let newCapacity = max(count, 2 * capacity)
        let newCarried = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newCarried.initialize(from: carried, count: carriedCount)
        carried.deallocate()
        reached.deallocate()
        carried = newCarried
        reached = .allocate(capacity: newCapacity)
        capacity = newCapacity
    }
}
