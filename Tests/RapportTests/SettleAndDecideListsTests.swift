import Testing

@testable import Rapport

/// The short lists the settle and decide stages keep per comment: sorted without repeats by insertion,
/// emptied and cut without giving up their storage, and the negator list looked up only where it can start.
@Suite struct SettleAndDecideListsTests {
    /// `sortUnique` gives what sorting the distinct values gives, on lists of every length up to past the
    /// insertion-sort limit, with few and many repeats, in random, ascending and descending order.
    @Test func sortUniqueEqualsTheSortedDistinctValues() {
        var random = SplitMix64(seed: 18)
        for length in 0...40 {
            for range in [3, 12, 1000] {
                for order in 0..<3 {
                    var values = (0..<length).map { _ in Int32(truncatingIfNeeded: random.next() % UInt64(range)) }
                    if order == 1 { values.sort() }
                    if order == 2 { values.sort(by: >) }
                    let expected = Array(Set(values)).sorted()
                    var sorted = values
                    Engine.sortUnique(&sorted)
                    #expect(sorted == expected, "\(values)")
                }
            }
        }
    }

    /// Emptying and cutting keep the values before the cut and the storage, whatever the length.
    @Test func listsKeepTheirStorageWhenEmptiedOrCut() {
        for length in 0...10 {
            for cut in 0...length {
                var values = Array(0..<length)
                let capacity = values.capacity
                if cut > 0 { values.removeLastKeepingStorage(cut) }
                #expect(values == Array(0..<(length - cut)))
                #expect(values.capacity == capacity)
            }
            var values = Array(0..<length)
            let capacity = values.capacity
            values.clearKeepingStorage()
            #expect(values.isEmpty)
            #expect(values.capacity == capacity)
        }
        var never: [Int] = []
        never.clearKeepingStorage()
        #expect(never.isEmpty)
        #expect(never.capacity == 0, "clearing an array that never had storage must not give it any")
    }

    /// Every entry of the default pack's negator list starts with a word (or variant) that
    /// `negatorStarts` marks, and no more words are marked than the list has entries.
    @Test func negatorStartsMarksTheFirstWordOfEveryNegator() throws {
        let engine = try Engine(pack: .default)
        let compiled = engine.compiled
        let list = try #require(engine.pack.lists[engine.pack.settings.negatorList])
        #expect(compiled.negatorStarts.count == Int(compiled.matcher.vocabulary.wordCount))
        for entry in list.entries {
            let stream = TokenStream(text: entry, vocabulary: compiled.matcher.vocabulary)
            let first = [stream.ids[0], stream.variantIds[0]].filter { $0 >= 0 }
            #expect(first.contains { compiled.negatorStarts[Int($0)] }, "\(entry)")
        }
        #expect(compiled.negatorStarts.filter { $0 }.count <= list.entries.count)
    }
}
