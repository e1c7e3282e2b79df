/// A prefilter for the matcher's entries: for each entry, a set of words of which a comment must contain
/// at least one (anywhere) for the entry to match, because a required part of its pattern is one of them.
///
/// An entry is keyed by its rarest word, but a pattern such as "[you|you all|…] {0,2} [is|are|…] {0,2}
/// <good>" is keyed by common words and would otherwise run, and explore its gaps, at every "you" of every
/// comment. Checking first that some word of `<good>` occurs in the comment at all costs a few bit tests,
/// answered once per comment for each word set however many entries share it.
struct RequiredWords: Sendable {
    /// Words of group `g`: `words[groupStart[g]..<groupStart[g + 1]]`.
    private let groupStart: [Int32]
    private let words: [Int32]
    /// The group each entry needs (-1: none).
    private let entryGroup: [Int32]
    /// Number of interned words (the size of a comment's word bitset).
    private let wordCount: Int

    init(groups: [[Int32]], entryGroups: [Int32], wordCount: Int) {
        var groupStart: [Int32] = [0]
        var words: [Int32] = []
        for group in groups {
            words += group
            groupStart.append(Int32(words.count))
        }
        self.groupStart = groupStart
        self.words = words
        self.entryGroup = entryGroups
        self.wordCount = wordCount
    }

    /// Per-comment state: a bitset of the word ids (and variant ids) in the comment, and for each group
    /// whether it was looked up yet (0), is present (1) or absent (2). Reused from comment to comment.
    struct Presence {
        var bits: [UInt64] = []
        var groups: [UInt8] = []
        var touched: [Int32] = []
    }

    /// Records the words of `stream` (call before `allows`).
    func prepare(_ presence: inout Presence, for stream: TokenStream) {
        if groupStart.count == 1 { return }
        let size = (wordCount + 64) / 64
        if presence.bits.count < size { presence.bits = [UInt64](repeating: 0, count: size) }
        if presence.groups.count < groupStart.count - 1 { presence.groups = [UInt8](repeating: 0, count: groupStart.count - 1) }
        for position in 0..<stream.count {
            let id = stream.ids[position], variant = stream.variantIds[position]
            if id >= 0 { presence.bits[Int(id) >> 6] |= 1 << UInt64(id & 63) }
            if variant >= 0 { presence.bits[Int(variant) >> 6] |= 1 << UInt64(variant & 63) }
        }
    }

    /// Forgets the words of `stream` and the groups looked up (call when the comment is done).
    func clear(_ presence: inout Presence, for stream: TokenStream) {
        if groupStart.count == 1 { return }
        for position in 0..<stream.count {
            let id = stream.ids[position], variant = stream.variantIds[position]
            if id >= 0 { presence.bits[Int(id) >> 6] = 0 }
            if variant >= 0 { presence.bits[Int(variant) >> 6] = 0 }
        }
        for group in presence.touched { presence.groups[Int(group)] = 0 }
        presence.touched.removeAll(keepingCapacity: true)
    }

    /// The word group `entry` requires (-1: none).
    func group(of entry: Int) -> Int32 { entryGroup[entry] }

    /// Whether an entry requiring word group `group` (-1: none) can match the prepared comment (false
    /// only when none of the group's words is in it).
    @inline(__always)
    func allows(group: Int, _ presence: inout Presence) -> Bool {
        if group < 0 { return true }
        switch presence.groups[group] {
        case 1: return true
        case 2: return false
        default:
            var found = false
            for index in Int(groupStart[group])..<Int(groupStart[group + 1]) {
                let word = Int(words[index])
                if presence.bits[word >> 6] & (1 << UInt64(word & 63)) != 0 { found = true; break }
            }
            presence.groups[group] = found ? 1 : 2
            presence.touched.append(Int32(group))
            return found
        }
    }
}
