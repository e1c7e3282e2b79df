/// The matcher's conjunctive prefilter: for each entry, the required parts of its pattern (each a set of
/// terms, words or prefixes, of which a comment must contain at least one, anywhere), all of which must
/// have occurred in the comment before the entry is run.
///
/// An entry is keyed by its rarest word, but a pattern such as "my order {0,2} [is|was] late" keyed by
/// "order" would otherwise run, and explore its gap, at every "order" of every comment, and in a large
/// pack many entries share a key. The comment's terms are recorded once in a bitset; each part is then
/// answered once per comment, however many entries share it, and an entry whose parts did not all occur
/// costs a few bit tests instead of a run.
struct RequiredWords: Sendable {
    /// Terms of part `g`: `terms[partStart[g]..<partStart[g + 1]]`. A term is a word id, or
    /// `wordCount + p` for the prefix id `p`.
    let partStart: [Int32]
    let terms: [Int32]
    /// The parts each entry needs are `entryParts[range]`, with the range kept in the entry.
    let entryParts: [Int32]
    /// Number of interned words (prefix terms come after them).
    private let wordCount: Int
    /// Number of terms (the size of a comment's bitset).
    private let termCount: Int

    /// - Parameters:
    ///   - parts: the term sets, each at most once.
    ///   - entryParts: for each entry the indexes of its parts, concatenated (entries keep their range).
    ///   - wordCount, prefixCount: the vocabulary's sizes.
    init(parts: [[Int32]], entryParts: [Int32], wordCount: Int, prefixCount: Int) {
        var partStart: [Int32] = [0]
        var terms: [Int32] = []
        for part in parts {
            terms += part
            partStart.append(Int32(terms.count))
        }
        self.partStart = partStart
        self.terms = terms
        self.entryParts = entryParts
        self.wordCount = wordCount
        self.termCount = wordCount + prefixCount
    }

    /// The number of distinct parts.
    var partCount: Int { partStart.count - 1 }

    /// Per-comment state: a bitset of the terms (word ids, variant ids, prefix ids) in the comment, and for
    /// each part whether it was looked up yet (0), is present (1) or absent (2). Reused from comment to comment.
    struct Presence {
        var bits: [UInt64] = []
        var parts: [UInt8] = []
        var touched: [Int32] = []
    }

    /// Records the terms of `stream` (call before `allows`).
    func prepare(_ presence: inout Presence, for stream: TokenStream) {
        if partCount == 0 { return }
        let size = (termCount + 64) / 64
        if presence.bits.count < size { presence.bits = [UInt64](repeating: 0, count: size) }
        if presence.parts.count < partCount { presence.parts = [UInt8](repeating: 0, count: partCount) }
        forEachTerm(of: stream) { term in presence.bits[term >> 6] |= 1 << UInt64(term & 63) }
    }

    /// Forgets the terms of `stream` and the parts looked up (call when the comment is done).
    func clear(_ presence: inout Presence, for stream: TokenStream) {
        if partCount == 0 { return }
        forEachTerm(of: stream) { term in presence.bits[term >> 6] = 0 }
        for part in presence.touched { presence.parts[Int(part)] = 0 }
        presence.touched.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with every term of `stream`: each token's word and variant ids and its prefix ids.
    @inline(__always)
    private func forEachTerm(of stream: TokenStream, _ body: (Int) -> Void) {
        for position in 0..<stream.count {
            let id = stream.ids[position], variant = stream.variantIds[position]
            if id >= 0 { body(Int(id)) }
            if variant >= 0 { body(Int(variant)) }
        }
        for prefix in stream.prefixHits { body(wordCount + Int(prefix)) }
    }

    /// Whether an entry whose parts are `entryParts[from..<to]` can match the prepared comment (false
    /// when some part has none of its terms in it).
    @inline(__always)
    func allows(from: Int32, to: Int32, _ presence: inout Presence) -> Bool {
        var index = Int(from)
        while index < Int(to) {
            if !allows(part: Int(entryParts[index]), &presence) { return false }
            index += 1
        }
        return true
    }

    /// Whether some term of `part` is in the prepared comment (looked up once per comment).
    @inline(__always)
    func allows(part: Int, _ presence: inout Presence) -> Bool {
        switch presence.parts[part] {
        case 1: return true
        case 2: return false
        default:
            var found = false
            for index in Int(partStart[part])..<Int(partStart[part + 1]) {
                let term = Int(terms[index])
                if presence.bits[term >> 6] & (1 << UInt64(term & 63)) != 0 { found = true; break }
            }
            presence.parts[part] = found ? 1 : 2
            presence.touched.append(Int32(part))
            return found
        }
    }
}
