/// The matcher's conjunctive prefilter: for each entry, the required parts of its pattern (each a set of
/// terms, words or prefixes, of which a comment must contain at least one, anywhere), all of which must
/// have occurred in the comment before the entry is run.
///
/// An entry is keyed by its rarest word, but a pattern such as "my order {0,2} [is|was] late" keyed by
/// "order" would otherwise run, and explore its gap, at every "order" of every comment, and in a large
/// pack many entries share a key. One pass over the comment's terms (each term lists the parts it
/// belongs to) marks the parts that occurred; checking a part is then one comparison, and an entry whose
/// parts did not all occur costs a few of them instead of a run.
struct RequiredWords: Sendable {
    /// Terms of part `g`: `terms[partStart[g]..<partStart[g + 1]]`. A term is a word id, or
    /// `wordCount + p` for the prefix id `p`.
    let partStart: [Int32]
    let terms: [Int32]
    /// The parts term `t` belongs to: `termParts[termStart[t]..<termStart[t + 1]]`.
    private let termStart: [Int32]
    private let termParts: [Int32]
    /// The parts each entry needs are `entryParts[range]`, with the range kept in the entry.
    let entryParts: [Int32]
    /// Number of interned words (prefix terms come after them).
    private let wordCount: Int

    /// - Parameters:
    ///   - parts: the term sets, each at most once.
    ///   - entryParts: for each entry the indexes of its parts, concatenated (entries keep their range).
    ///   - wordCount, prefixCount: the vocabulary's sizes.
    init(parts: [[Int32]], entryParts: [Int32], wordCount: Int, prefixCount: Int) {
        var partStart: [Int32] = [0]
        var terms: [Int32] = []
        var partsOfTerm = [[Int32]](repeating: [], count: parts.isEmpty ? 0 : wordCount + prefixCount)
        for (index, part) in parts.enumerated() {
            terms += part
            partStart.append(Int32(terms.count))
            for term in part { partsOfTerm[Int(term)].append(Int32(index)) }
        }
        var termStart: [Int32] = [0]
        var termParts: [Int32] = []
        for list in partsOfTerm {
            termParts += list
            termStart.append(Int32(termParts.count))
        }
        self.partStart = partStart
        self.terms = terms
        self.termStart = termStart
        self.termParts = termParts
        self.entryParts = entryParts
        self.wordCount = wordCount
    }

    /// The number of distinct parts.
    var partCount: Int { partStart.count - 1 }

    /// Per-comment state: for each part, the number of the last comment it occurred in (`comment`
    /// counts the comments prepared). Reused from comment to comment, so nothing is cleared.
    struct Presence {
        var parts: [UInt32] = []
        var comment: UInt32 = 0
        /// The parts that occurred in the comment `listedComment`, each once: `present[0..<presentCount]`
        /// (listed on demand by `listPresent`; `listed[part] == listedComment` once listed).
        var present: [Int32] = []
        var presentCount = 0
        var listed: [UInt32] = []
        var listedComment: UInt32 = 0
    }

    /// Marks the parts whose terms (each token's word and variant ids and its prefix ids) occur in
    /// `stream`; call before `allows`.
    func prepare(_ presence: inout Presence, for stream: TokenStream) {
        if partCount == 0 { return }
        if presence.parts.count < partCount || presence.comment == .max {
            presence.parts = [UInt32](repeating: 0, count: partCount)
            presence.comment = 0
            presence.present = [Int32](repeating: 0, count: partCount)
            presence.listed = [UInt32](repeating: 0, count: partCount)
            presence.listedComment = 0
        }
        presence.comment += 1
        let comment = presence.comment
        let wordCount = self.wordCount
        // Plain pointers: one uniqueness check for the whole comment, not one per part marked.
        presence.parts.withUnsafeMutableBufferPointer { parts in
            termStart.withUnsafeBufferPointer { termStart in
                termParts.withUnsafeBufferPointer { termParts in
                    func mark(_ term: Int) {
                        for index in Int(termStart[term])..<Int(termStart[term + 1]) {
                            parts[Int(termParts[index])] = comment
                        }
                    }
                    for position in 0..<stream.count {
                        let id = stream.ids[position], variant = stream.variantIds[position]
                        if id >= 0 { mark(Int(id)) }
                        if variant >= 0 { mark(Int(variant)) }
                    }
                    for prefix in stream.prefixHits { mark(wordCount + Int(prefix)) }
                }
            }
        }
    }

    /// Lists the parts of the prepared comment (see `Presence.present`), from the terms of the tokens in
    /// `view` (the stream `prepare` was given): for the matcher's wide automaton nodes, which look up these
    /// parts rather than walk all their buckets.
    func listPresent(_ presence: inout Presence, for view: CompiledMatcher.RunView) {
        let comment = presence.comment
        presence.listedComment = comment
        let wordCount = self.wordCount
        var count = 0
        presence.listed.withUnsafeMutableBufferPointer { listed in
            presence.present.withUnsafeMutableBufferPointer { present in
                termStart.withUnsafeBufferPointer { termStart in
                    termParts.withUnsafeBufferPointer { termParts in
                        func list(_ term: Int) {
                            for index in Int(termStart[term])..<Int(termStart[term + 1]) {
                                let part = Int(termParts[index])
                                if listed[part] != comment {
                                    listed[part] = comment
                                    present[count] = Int32(part)
                                    count += 1
                                }
                            }
                        }
                        for position in 0..<view.count {
                            let id = view.ids[position], variant = view.variants[position]
                            if id >= 0 { list(Int(id)) }
                            if variant >= 0 { list(Int(variant)) }
                        }
                        for index in 0..<Int(view.prefixStart[view.count]) { list(wordCount + Int(view.prefixHits[index])) }
                    }
                }
            }
        }
        presence.presentCount = count
    }

    /// Whether an entry whose parts are `entryParts[from..<to]` can match the prepared comment (false
    /// when some part has none of its terms in it).
    @inline(__always)
    func allows(from: Int32, to: Int32, _ presence: Presence) -> Bool {
        var index = Int(from)
        while index < Int(to) {
            if !allows(part: Int(entryParts[index]), presence) { return false }
            index += 1
        }
        return true
    }

    /// Whether some term of `part` is in the prepared comment.
    @inline(__always)
    func allows(part: Int, _ presence: Presence) -> Bool {
        presence.parts[part] == presence.comment
    }
}
