import Testing

@testable import Rapport

/// The pair map's lookup through buffers read once (`PairMap.value(_:_:keys:values:mask:)`) against the
/// plain definition: the value stored for the pair, else -1.
@Suite struct PairMapTests {
    @Test func lookupThroughBuffersEqualsTheDefinition() {
        var random = SplitMix64(seed: 18)
        for size in [0, 1, 5, 40, 700] {
            var expected: [UInt64: Int32] = [:]
            while expected.count < size {
                let first = Int32(random.next() % 60), second = Int32(random.next() % 60)
                expected[PairMap.pack(first, second)] = Int32(expected.count)
            }
            let map = PairMap(expected.map { (key: $0.key, value: $0.value) })
            map.slotKeys.withUnsafeBufferPointer { keys in
                map.slotValues.withUnsafeBufferPointer { values in
                    for first in Int32(0)..<64 {
                        for second in Int32(0)..<64 {
                            let value = PairMap.value(first, second, keys: keys, values: values, mask: map.mask)
                            #expect(value == expected[PairMap.pack(first, second)] ?? -1)
                            #expect(value == map.value(first, second))
                        }
                    }
                }
            }
        }
    }
}

/// The automaton's edge table sized to its fill (`SizedPairTable`) against the plain definition, at fills
/// where probes run into the spare slots past the capacity, and with no more slots than the fill asks for.
@Suite struct SizedPairTableTests {
    @Test func lookupEqualsTheDefinitionAndTheSizeFollowsTheFill() {
        var random = SplitMix64(seed: 31)
        for (size, eighthsFull) in [(0, 5), (1, 5), (9, 7), (100, 5), (1_000, 7), (3_001, 5)] {
            var expected: [UInt64: Int32] = [:]
            while expected.count < size {
                let first = Int32(random.next() % 80), second = Int32(random.next() % 80)
                expected[PairMap.pack(first, second)] = Int32(expected.count)
            }
            let table = SizedPairTable(expected.map { (key: $0.key, value: $0.value) }, eighthsFull: eighthsFull)
            defer {
                table.keys.deallocate()
                table.values.deallocate()
            }
            #expect(table.capacity * eighthsFull >= size * 8)
            #expect(table.capacity <= max(16, size * 8 / eighthsFull + 1))
            #expect(table.keys[table.slotCount - 1] == PairMap.empty)
            var mismatches = 0
            for first in Int32(0)..<84 {
                for second in Int32(0)..<84 {
                    let value = SizedPairTable.value(first, second, keys: table.keys, values: table.values, capacity: table.capacity)
                    if value != expected[PairMap.pack(first, second)] ?? -1 { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "size \(size), \(eighthsFull) eighths full")
        }
    }
}

/// The lexicon's `add` (through buffer pointers) against the plain definition: the bias, then each term's
/// weights in the terms' order, summed slot by slot, to the bit.
@Suite struct LexiconAddTests {
    @Test func addSumsAsThePlainDefinition() throws {
        let engine = Engine.default
        let lexicon = try #require(engine.compiled.lexicon)
        let width = Label.scored.count
        let termCount = lexicon.weights.count / width
        var random = SplitMix64(seed: 11)
        for length in 0..<60 {
            let terms = (0..<length).map { _ in Int32(random.next() % UInt64(termCount)) }.sorted()
            let start = (0..<width).map { _ in Double(Int64(random.next() % 2001) - 1000) / 997 }
            var expected = start
            for slot in 0..<width { expected[slot] += lexicon.bias[slot] }
            for term in terms {
                for slot in 0..<width { expected[slot] += lexicon.weights[Int(term) * width + slot] }
            }
            var scores = start
            lexicon.add(terms, to: &scores)
            #expect(scores.map(\.bitPattern) == expected.map(\.bitPattern), "\(terms)")
        }
    }
}
