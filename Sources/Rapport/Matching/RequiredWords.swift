/// The matcher's conjunctive prefilter: for each entry, the required parts of its pattern (each a set of
/// terms, words or prefixes, of which a comment must contain at least one, anywhere), all of which must
/// have occurred in the comment before the entry is run.
///
/// An entry is keyed by its rarest word, but a pattern such as "my order {0,2} [is|was] late" keyed by
/// "order" would otherwise run, and explore its gap, at every "order" of every comment, and in a large
/// pack many entries share a key. One pass over the comment's terms (each term lists the parts it
/// belongs to) marks the parts that occurred; checking a part is then one comparison, and an entry whose
/// parts did not all occur costs a few of them instead of a run.
///
/// The commonest words of a pack's patterns ("you", "is", "the") belong to dozens of parts each, and they
/// are in most comments: marking every part of every token's terms took most of the pass. So the terms that
/// belong to the most parts (up to 64 of them, the *heavy* terms) mark none: each has a bit, the pass
/// collects the bits of the heavy terms the comment has (``Presence/heavy``), and a part that is not marked
/// occurred when one of its heavy terms did (``partBits``).
struct RequiredWords: Sendable {
    /// Terms of part `g`: `terms[partStart[g]..<partStart[g + 1]]`. A term is a word id, or
    /// `wordCount + p` for the prefix id `p`.
    let partStart: [Int32]
    let terms: [Int32]
    /// The parts term `t` belongs to that `listPresent` lists (see `init`'s `listed`):
    /// `termParts[termStart[t]..<termStart[t + 1]]`, in increasing order.
    private let termStart: [Int32]
    private let termParts: [Int32]
    /// What the pass does for term `t`: mark `markParts[marks[t].start..<marks[t].end]` (none for a heavy
    /// term) and add `marks[t].bits` (a heavy term's bit, else 0) to the comment's heavy terms.
    private let marks: [TermMarks]
    private let markParts: [Int32]
    /// For each part, the bits of its heavy terms.
    let partBits: [UInt64]
    /// The parts each entry needs are `entryParts[range]`, with the range kept in the entry.
    let entryParts: [Int32]
    /// Number of interned words (prefix terms come after them).
    private let wordCount: Int

    /// How the pass treats one term (see `marks`).
    struct TermMarks {
        var start: Int32
        var end: Int32
        var bits: UInt64
    }

    /// The most heavy terms (one bit each in a `UInt64`).
    static let maxHeavyTerms = 64
    /// A term is heavy only when it belongs to at least this many parts.
    static let minHeavyParts = 4

    /// - Parameters:
    ///   - parts: the term sets, each at most once.
    ///   - entryParts: for each entry the indexes of its parts, concatenated (entries keep their range).
    ///   - wordCount, prefixCount: the vocabulary's sizes.
    ///   - heavyTerms: at most this many terms (of those in at least `minHeavyParts` parts) are heavy.
    ///   - listed: the parts `listPresent` lists when they occur (the parts of the automaton's wide nodes'
    ///     buckets, the only ones looked up in its list); nil for all.
    init(
        parts: [[Int32]], entryParts: [Int32], wordCount: Int, prefixCount: Int, heavyTerms: Int = maxHeavyTerms,
        listed: [Int32]? = nil
    ) {
        var partStart: [Int32] = [0]
        var terms: [Int32] = []
        let termCount = parts.isEmpty ? 0 : wordCount + prefixCount
        var partsOfTerm = [[Int32]](repeating: [], count: termCount)
        for (index, part) in parts.enumerated() {
            terms += part
            partStart.append(Int32(terms.count))
            for term in part { partsOfTerm[Int(term)].append(Int32(index)) }
        }
        var isListed = [Bool](repeating: listed == nil, count: parts.count)
        for part in listed ?? [] where part >= 0 && Int(part) < parts.count { isListed[Int(part)] = true }
        var termStart: [Int32] = [0]
        var termParts: [Int32] = []
        for list in partsOfTerm {
            for part in list where isListed[Int(part)] { termParts.append(part) }
            termStart.append(Int32(termParts.count))
        }
        // The heavy terms: those in the most parts, the lower term first among equals.
        let heavy = (0..<termCount).filter { partsOfTerm[$0].count >= Self.minHeavyParts }
            .sorted { (partsOfTerm[$0].count, $1) > (partsOfTerm[$1].count, $0) }
            .prefix(min(max(heavyTerms, 0), Self.maxHeavyTerms))
        var termBits = [UInt64](repeating: 0, count: termCount)
        for (bit, term) in heavy.enumerated() { termBits[term] = 1 << UInt64(bit) }
        var partBits = [UInt64](repeating: 0, count: parts.count)
        var marks: [TermMarks] = []
        var markParts: [Int32] = []
        marks.reserveCapacity(termCount)
        for (term, list) in partsOfTerm.enumerated() {
            let start = Int32(markParts.count)
            if termBits[term] == 0 {
                markParts += list
            } else {
                for part in list { partBits[Int(part)] |= termBits[term] }
            }
            marks.append(TermMarks(start: start, end: Int32(markParts.count), bits: termBits[term]))
        }
        self.partStart = partStart
        self.terms = terms
        self.termStart = termStart
        self.termParts = termParts
        self.marks = marks
        self.markParts = markParts
        self.partBits = partBits
        self.entryParts = entryParts
        self.wordCount = wordCount
    }

    /// The number of distinct parts.
    var partCount: Int { partStart.count - 1 }

    /// Per-comment state: for each part, the number of the last comment a term of it that is not heavy
    /// occurred in (`comment` counts the comments prepared), and the bits of the heavy terms of the
    /// comment. Reused from comment to comment, so nothing is cleared.
    struct Presence {
        var parts: [UInt32] = []
        var comment: UInt32 = 0
        var heavy: UInt64 = 0
        /// The parts that occurred in the comment `listedComment`, each once: `present[0..<presentCount]`
        /// (listed on demand by `listPresent`; `listed[part] == listedComment` once listed).
        var present: [Int32] = []
        var presentCount = 0
        var listed: [UInt32] = []
        var listedComment: UInt32 = 0
    }

    /// Marks the parts whose terms (each token's word and variant ids and its prefix ids) occur in
    /// `stream`, and notes its heavy terms; call before `allows`.
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
        var heavy: UInt64 = 0
        // Plain pointers: one uniqueness check for the whole comment, not one per part marked.
        presence.parts.withUnsafeMutableBufferPointer { parts in
            marks.withUnsafeBufferPointer { marks in
                markParts.withUnsafeBufferPointer { markParts in
                    func mark(_ term: Int) {
                        let term = marks[term]
                        heavy |= term.bits
                        for index in Int(term.start)..<Int(term.end) {
                            parts[Int(markParts[index])] = comment
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
        presence.heavy = heavy
    }

    /// Lists the parts of the prepared comment (see `Presence.present`) that are listed (see `init`), from
    /// the terms of the tokens in `view` (the stream `prepare` was given): for the matcher's wide automaton
    /// nodes, which look up these parts rather than walk all their buckets. The parts come in the order
    /// they first occur, a token's terms in turn and each term's parts in increasing order; leaving out the
    /// parts that are not listed leaves the others in that order.
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

    /// What the matcher reads of a prepared comment while it runs (see ``withMarks(_:_:)``).
    struct Marks {
        let parts: UnsafeBufferPointer<UInt32>
        let comment: UInt32
        let partBits: UnsafeBufferPointer<UInt64>
        let heavy: UInt64

        /// Whether some term of `part` is in the comment: the part was marked, or one of its heavy terms occurred.
        @inline(__always)
        func occurred(_ part: Int) -> Bool {
            parts[part] == comment || partBits[part] & heavy != 0
        }
    }

    /// Calls `body` with the marks of the comment a presence was prepared for (its `parts`, `comment` and
    /// `heavy`), as plain pointers (valid during the call).
    @inline(__always)
    func withMarks<Result>(_ parts: [UInt32], comment: UInt32, heavy: UInt64, _ body: (Marks) -> Result) -> Result {
        parts.withUnsafeBufferPointer { parts in
            partBits.withUnsafeBufferPointer { partBits in
                body(Marks(parts: parts, comment: comment, partBits: partBits, heavy: heavy))
            }
        }
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
        presence.parts[part] == presence.comment || partBits[part] & presence.heavy != 0
    }
}
