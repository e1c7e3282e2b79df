/// A ``Lexicon`` compiled against the matcher's vocabulary: term lookups by word id, so scoring a
/// comment is one pass over its token ids.
struct CompiledLexicon: Sendable {
    /// Added to every comment's scores, in `Label.scored` order.
    let bias: [Double]
    /// Each term's weights, `Label.scored.count` per term, in term order.
    let weights: [Double]
    /// The one-word term of each word id, or -1.
    private let single: [Int32]
    /// Whether a word id starts some two-word term (only then is the pair looked up).
    private let startsPair: [Bool]
    /// The two-word terms by their word ids.
    private let pairs: PairMap
    /// The learned adjustment of each rule, `Label.scored.count` per rule index (empty when the lexicon
    /// weighs no rule).
    let ruleWeights: [Double]

    /// Compiles `lexicon`, whose terms' words have the vocabulary ids `termWords`; `ruleIndex` gives
    /// the pack's rule indices (rules the pack lacks are left out: the assembler warned about them).
    init(_ lexicon: Lexicon, termWords: [[Int32]], wordCount: Int, ruleIndex: [String: Int] = [:], ruleCount: Int = 0) {
        bias = Label.scored.map { lexicon.bias[$0] ?? 0 }
        var ruleWeights: [Double] = []
        if !lexicon.rules.isEmpty {
            ruleWeights = [Double](repeating: 0, count: ruleCount * Label.scored.count)
            for entry in lexicon.rules {
                guard let index = ruleIndex[entry.ruleID] else { continue }
                for (slot, label) in Label.scored.enumerated() { ruleWeights[index * Label.scored.count + slot] = entry.weights[label] ?? 0 }
            }
        }
        self.ruleWeights = ruleWeights
        weights = lexicon.terms.flatMap { term in Label.scored.map { term.weights[$0] ?? 0 } }
        var single = [Int32](repeating: -1, count: wordCount)
        var startsPair = [Bool](repeating: false, count: wordCount)
        var pairs: [(key: UInt64, value: Int32)] = []
        for (index, words) in termWords.enumerated() {
            if words.count == 1 {
                single[Int(words[0])] = Int32(index)
            } else if words.count == 2 {
                startsPair[Int(words[0])] = true
                pairs.append((PairMap.pack(words[0], words[1]), Int32(index)))
            }
        }
        self.single = single
        self.startsPair = startsPair
        self.pairs = PairMap(pairs)
    }

    /// Appends the index of every term in `stream` to `found`, each once, ascending.
    ///
    /// The terms are gathered in a buffer on the stack (at most two per token: its word and the pair it
    /// ends), sorted there and appended to `found` at once, rather than appended one by one and sorted in
    /// the array. (Not inlined into the decision, so that profiles show its cost.)
    @inline(never)
    func terms(in stream: TokenStream, into found: inout [Int32]) {
        found.clearKeepingStorage()
        let count = stream.count
        if count == 0 { return }
        let ids = stream.ids, kinds = stream.kinds
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { buffer in
            var gathered = 0
            let pairMask = pairs.mask
            single.withUnsafeBufferPointer { single in
                startsPair.withUnsafeBufferPointer { startsPair in
                    pairs.slotKeys.withUnsafeBufferPointer { pairKeys in
                        pairs.slotValues.withUnsafeBufferPointer { pairValues in
                            var previous: Int32 = -1
                            for position in 0..<count {
                                let id = ids[position]
                                guard id >= 0, Self.canBeTerm(kinds[position]) else {
                                    previous = -1
                                    continue
                                }
                                let term = single[Int(id)]
                                if term >= 0 {
                                    buffer[gathered] = term
                                    gathered += 1
                                }
                                if previous >= 0, startsPair[Int(previous)] {
                                    let pair = PairMap.value(previous, id, keys: pairKeys, values: pairValues, mask: pairMask)
                                    if pair >= 0 {
                                        buffer[gathered] = pair
                                        gathered += 1
                                    }
                                }
                                previous = id
                            }
                        }
                    }
                }
            }
            if gathered == 0 { return }
            let terms = UnsafeMutableBufferPointer(rebasing: buffer[0..<gathered])
            let unique = gathered > Engine.insertionSortLimit ? Engine.sortedUnique(terms) : Engine.insertionSortUnique(terms)
            found.append(contentsOf: UnsafeBufferPointer(rebasing: terms[0..<unique]))
        }
    }

    /// Adds the bias and the weights of `terms` to `scores` (in `Label.scored` order), in that order
    /// (term by term, ascending, as the sums must come out the same to the bit), through buffer pointers
    /// read once: no bounds check per weight.
    func add(_ terms: [Int32], to scores: inout [Double]) {
        let width = Label.scored.count
        precondition(scores.count >= width && bias.count >= width)
        scores.withUnsafeMutableBufferPointer { scores in
            for slot in 0..<width { scores[slot] += bias[slot] }
            weights.withUnsafeBufferPointer { weights in
                for term in terms {
                    let base = Int(term) * width
                    precondition(base >= 0 && base + width <= weights.count)
                    for slot in 0..<width { scores[slot] += weights[base &+ slot] }
                }
            }
        }
    }

    /// Adds the learned adjustments of the scoring rules `rules` (indices into the pack's rules) to
    /// `scores` (in `Label.scored` order).
    func addRules(_ rules: [Int], to scores: inout [Double]) {
        guard !ruleWeights.isEmpty else { return }
        let width = Label.scored.count
        for rule in rules {
            let base = rule * width
            for slot in 0..<width { scores[slot] += ruleWeights[base + slot] }
        }
    }

    @inline(__always)
    private static func canBeTerm(_ kind: UInt8) -> Bool {
        kind != KindCode.mention && kind != KindCode.url && kind != KindCode.number
    }
}
