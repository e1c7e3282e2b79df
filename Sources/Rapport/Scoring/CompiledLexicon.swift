/// A ``Lexicon`` compiled against the matcher's vocabulary: term lookups by word id, so scoring a
/// comment is one pass over its token ids.
struct CompiledLexicon: Sendable {
    /// Added to every comment's scores, in `Label.scored` order.
    let bias: [Double]
    /// Each term's weights, `Label.scored.count` per term, in term order.
    let weights: [Double]
    /// The number of terms.
    let termCount: Int
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
        let labels = Label.scored
        bias = labels.map { lexicon.bias[$0] ?? 0 }
        var ruleWeights: [Double] = []
        if !lexicon.rules.isEmpty {
            ruleWeights = [Double](repeating: 0, count: ruleCount * labels.count)
            for entry in lexicon.rules {
                guard let index = ruleIndex[entry.ruleID] else { continue }
                for (slot, label) in labels.enumerated() { ruleWeights[index * labels.count + slot] = entry.weights[label] ?? 0 }
            }
        }
        self.ruleWeights = ruleWeights
        // A term's weights hold only the labels it moves (most of them one or two): each is put in its slot.
        var weights = [Double](repeating: 0, count: lexicon.terms.count * labels.count)
        for (index, term) in lexicon.terms.enumerated() {
            for slot in labels.indices {
                if let weight = term.scored[slot] { weights[index * labels.count + slot] = weight }
            }
        }
        self.weights = weights
        termCount = lexicon.terms.count
        (single, startsPair, pairs) = Self.lookup(termWords, wordCount: wordCount)
    }

    /// A lexicon that only finds the terms whose words have the vocabulary ids `termWords` (its bias and
    /// weights are zeros): what an escalation model looks its terms up with.
    init(findingTerms termWords: [[Int32]], wordCount: Int) {
        bias = [Double](repeating: 0, count: Label.scored.count)
        weights = [Double](repeating: 0, count: termWords.count * Label.scored.count)
        termCount = termWords.count
        ruleWeights = []
        (single, startsPair, pairs) = Self.lookup(termWords, wordCount: wordCount)
    }

    /// The lookup tables of terms whose words have the vocabulary ids `termWords`.
    private static func lookup(_ termWords: [[Int32]], wordCount: Int) -> (single: [Int32], startsPair: [Bool], pairs: PairMap) {
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
        return (single, startsPair, PairMap(pairs))
    }

    /// Appends the index of every term in `stream` to `found`, each once, ascending.
    ///
    /// The terms are marked in a bitmap on the stack (one bit per term) and read back in order, rather than
    /// gathered and sorted: a comment has about ten terms in no useful order, and the insertion sort's
    /// shifting cost about half of this function. Only the bitmap's words that a term touched are written
    /// (a summary bit per word says which), so nothing is cleared per comment. (Not inlined into the
    /// decision, so that profiles show its cost.)
    func terms(in stream: TokenStream, into found: inout [Int32]) {
        terms(ids: stream.ids, kinds: stream.kinds, into: &found)
    }

    /// ``terms(in:into:)`` over a stream's columns of word ids and kinds (the decision passes them so that
    /// its workspace's stream is not copied, retained and released, for the call).
    @inline(never)
    func terms(ids: UnsafeBufferPointer<Int32>, kinds: UnsafeBufferPointer<UInt8>, into found: inout [Int32]) {
        found.clearKeepingStorage()
        let count = ids.count
        if count == 0 { return }
        let layout = TermBitmap.Layout(termCount: termCount)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: layout.capacity) { storage in
            var bitmap = TermBitmap(storage, layout)
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
                                if term >= 0 { bitmap.insert(term) }
                                if previous >= 0, startsPair[Int(previous)] {
                                    let pair = PairMap.value(previous, id, keys: pairKeys, values: pairValues, mask: pairMask)
                                    if pair >= 0 { bitmap.insert(pair) }
                                }
                                previous = id
                            }
                        }
                    }
                }
            }
            if bitmap.isEmpty { return }
            // At most two terms per token (its word and the pair it ends), each listed once.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { buffer in
                let listed = bitmap.list(into: buffer)
                found.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<listed]))
            }
        }
    }

    /// Adds the bias and the weights of `terms` to `scores` (in `Label.scored` order), in that order
    /// (term by term, ascending, as the sums must come out the same to the bit), through buffer pointers
    /// read once: no bounds check per weight.
    func add(_ terms: [Int32], to scores: inout [Double]) {
        scores.withUnsafeMutableBufferPointer { add(terms, to: $0) }
    }

    /// ``add(_:to:)-(_,[Double])`` on the scores' buffer (the decision adds them in a buffer it holds).
    func add(_ terms: [Int32], to scores: UnsafeMutableBufferPointer<Double>) {
        let width = Label.scored.count
        precondition(scores.count >= width && bias.count >= width)
        for slot in 0..<width { scores[slot] += bias[slot] }
        weights.withUnsafeBufferPointer { weights in
            for term in terms {
                let base = Int(term) * width
                precondition(base >= 0 && base + width <= weights.count)
                for slot in 0..<width { scores[slot] += weights[base &+ slot] }
            }
        }
    }

    /// Adds the learned adjustments of the scoring rules `rules` (indices into the pack's rules) to
    /// `scores` (in `Label.scored` order).
    func addRules(_ rules: [Int], to scores: UnsafeMutableBufferPointer<Double>) {
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

/// A set of term indices as bits, in memory the caller provides uninitialized (a stack allocation): the
/// words after the summary hold one bit per term, and the summary words one bit per such word, set once the
/// word has been written. Only the summary is zeroed, and only written words are read, so an empty set
/// costs a word or two to make whatever the number of terms.
struct TermBitmap {
    /// Where the summary and the term words lie in the storage, for a number of terms.
    struct Layout {
        /// Summary words first, then the term words.
        let summaryWords: Int
        let capacity: Int

        init(termCount: Int) {
            let termWords = (termCount + 63) / 64
            summaryWords = (termWords + 63) / 64
            capacity = max(summaryWords + termWords, 1)
        }
    }

    private let summary: UnsafeMutablePointer<UInt64>
    private let words: UnsafeMutablePointer<UInt64>
    private let summaryWords: Int

    /// An empty set in `storage` (at least `layout.capacity` words, initialized or not).
    init(_ storage: UnsafeMutableBufferPointer<UInt64>, _ layout: Layout) {
        precondition(storage.count >= layout.capacity)
        summary = storage.baseAddress!
        summaryWords = layout.summaryWords
        summary.initialize(repeating: 0, count: summaryWords)
        words = summary + summaryWords
    }

    /// Whether no term was inserted.
    var isEmpty: Bool {
        for index in 0..<summaryWords where summary[index] != 0 { return false }
        return true
    }

    /// Adds `term` (a term index below the layout's term count).
    @inline(__always)
    mutating func insert(_ term: Int32) {
        let word = Int(term) &>> 6, bit = UInt64(1) &<< UInt64(term & 63)
        let mark = UInt64(1) &<< UInt64(word & 63)
        let summaryWord = word &>> 6
        if summary[summaryWord] & mark == 0 {
            // The word's first term this time: written whole (its old contents are another comment's).
            summary[summaryWord] |= mark
            (words + word).initialize(to: bit)
        } else {
            words[word] |= bit
        }
    }

    /// Writes the terms to `out`, ascending, and returns how many there are; `out` must have room for them.
    func list(into out: UnsafeMutableBufferPointer<Int32>) -> Int {
        var listed = 0
        for summaryWord in 0..<summaryWords {
            var marks = summary[summaryWord]
            while marks != 0 {
                let word = summaryWord &* 64 &+ marks.trailingZeroBitCount
                marks &= marks &- 1
                var bits = words[word]
                while bits != 0 {
                    out[listed] = Int32(truncatingIfNeeded: word &* 64 &+ bits.trailingZeroBitCount)
                    listed &+= 1
                    bits &= bits &- 1
                }
            }
        }
        return listed
    }
}
