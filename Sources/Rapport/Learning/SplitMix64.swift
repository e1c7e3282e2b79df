/// A small seeded generator (SplitMix64): the same seed gives the same sequence on every platform
/// and Swift version, which `SystemRandomNumberGenerator` and the standard library's shuffling do not
/// promise. The learning code draws all its randomness from it.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0); the tiny modulo bias does not matter for shuffling data.
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// `values` in a random order (Fisher–Yates, written out so the order depends only on the seed).
    mutating func shuffled<T>(_ values: [T]) -> [T] {
        var values = values
        if values.count < 2 { return values }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, next(below: i + 1))
        }
        return values
    }
}

/// Stratified k-fold splits: every fold gets about the same share of every class.
enum StratifiedFolds {
    /// The fold (`0..<folds`) of each item of `classes`. Items of each class are shuffled with `seed`
    /// and dealt round-robin, each class starting where the previous one stopped, so fold sizes differ
    /// by at most one. Classes are dealt in sorted order: the result depends only on the input and seed.
    static func assign<C: Comparable & Hashable>(_ classes: [C], folds: Int, seed: UInt64) -> [Int] {
        precondition(folds >= 1)
        var members: [C: [Int]] = [:]
        for (index, value) in classes.enumerated() { members[value, default: []].append(index) }
        var generator = SplitMix64(seed: seed)
        var fold = [Int](repeating: 0, count: classes.count)
        var next = 0
        for key in members.keys.sorted() {
            for index in generator.shuffled(members[key]!) {
                fold[index] = next
                next = (next + 1) % folds
            }
        }
        return fold
    }
}
