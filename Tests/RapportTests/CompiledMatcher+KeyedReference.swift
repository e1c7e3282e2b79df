@testable import Rapport

/// The matcher's candidate selection before the automaton, kept as the tests' oracle of `hits` (in the test
/// target, not in `Sources`; the index exists only in a matcher built with `MatcherBuilder(keyedIndex: true)`):
/// each entry keyed by its cheapest word, prefix, kind or pair of adjacent words (`EntryIndex`), and at each
/// token the entries of every key the token produces tried, bucket by bucket, where all their required
/// parts occurred.
extension CompiledMatcher {
    /// The hits `hits(in:into:context:maxSteps:)` gives, found through the keyed entry index.
    func referenceHits(in stream: TokenStream, into hits: inout [RawHit], context: inout MatchContext, maxSteps: Int = .max) {
        guard let keyedIndex else { preconditionFailure("the matcher was built without its keyed index") }
        begin(stream, &hits, &context, maxSteps: maxSteps)
        let count = stream.count
        let parts = context.presence.parts
        let comment = context.presence.comment, heavy = context.presence.heavy
        let flat = keyedIndex.flat
        // The lists of prefix `p` and kind code `k` are lists `prefixKeyBase + p` and `kindKeyBase + k`; bit
        // `k` of `kindKeys` is set when some entry is keyed by kind code `k`.
        let prefixKeyBase = Int(vocabulary.wordCount)
        let kindKeyBase = Int(vocabulary.wordCount + vocabulary.prefixCount)
        var kindKeys: UInt32 = 0
        for kind in 0..<KindCode.count
        where keyedIndex.listStart[kindKeyBase + kind] < keyedIndex.listStart[kindKeyBase + kind + 1] {
            kindKeys |= 1 << UInt32(kind)
        }
        required.withMarks(parts, comment: comment, heavy: heavy) { marks in
            withView(stream) { view in
                let scan = Scan(
                    view: view, marks: marks, listBuckets: flat.listBuckets, buckets: flat.buckets,
                    entries: flat.entries, entryParts: flat.entryParts, prefixKeyBase: prefixKeyBase,
                    kindKeyBase: kindKeyBase, kindKeys: kindKeys)
                var position = 0
                while position < count, !context.exhausted {
                    let blockEnd = min(count, position + Self.positionsPerBudgetCheck)
                    while position < blockEnd {
                        tryPosition(position, scan, &context, &hits)
                        position += 1
                    }
                }
                matchUnindexed(keyedIndex.unindexed, in: stream, view, &context, &hits)
            }
        }
        Self.finish(&hits, aliasStart: aliasStart, aliasIDs: aliasIDs)
    }

    /// `referenceHits(in:into:context:maxSteps:)` with buffers of its own.
    func referenceHits(in stream: TokenStream, maxSteps: Int = .max) -> [RawHit] {
        var hits: [RawHit] = []
        var context = MatchContext()
        referenceHits(in: stream, into: &hits, context: &context, maxSteps: maxSteps)
        return hits
    }

    /// What the per-token loop reads while one comment is matched, as plain pointers: the stream and the
    /// programs (`view`), which required parts the comment has (`marks`), and the flat index.
    fileprivate struct Scan {
        let view: RunView
        let marks: RequiredWords.Marks
        let listBuckets: UnsafeMutablePointer<Int32>
        let buckets: UnsafeMutablePointer<EntryIndex.Bucket>
        let entries: UnsafeMutablePointer<MatcherEntry>
        let entryParts: UnsafeMutablePointer<Int32>
        let prefixKeyBase: Int
        let kindKeyBase: Int
        let kindKeys: UInt32

        /// Whether the parts `entryParts[from..<to]` all occurred in the comment.
        @inline(__always)
        func partsOccurred(from: Int, to: Int) -> Bool {
            var index = from
            while index < to {
                if !marks.occurred(Int(entryParts[index])) { return false }
                index += 1
            }
            return true
        }
    }

    /// Tries the entries keyed by what the token at `position` produces: its word and variant, its
    /// prefixes, its kind (only kinds some entry is keyed by), and the pairs it starts.
    @inline(__always)
    fileprivate func tryPosition(_ position: Int, _ scan: Scan, _ context: inout MatchContext, _ hits: inout [RawHit]) {
        let view = scan.view
        let id = view.ids[position]
        if id >= 0 { tryList(Int(id), at: position, scan, &context, &hits) }
        let variant = view.variants[position]
        if variant >= 0 { tryList(Int(variant), at: position, scan, &context, &hits) }
        var prefixIndex = Int(view.prefixStart[position])
        let prefixEnd = Int(view.prefixStart[position + 1])
        while prefixIndex < prefixEnd {
            tryList(scan.prefixKeyBase + Int(view.prefixHits[prefixIndex]), at: position, scan, &context, &hits)
            prefixIndex += 1
        }
        let kind = view.kinds[position]
        if (scan.kindKeys >> UInt32(kind)) & 1 != 0 {
            tryList(scan.kindKeyBase + Int(kind), at: position, scan, &context, &hits)
        }
        if keyedIndex!.hasPairs, position + 1 < view.count {
            let flat = keyedIndex!.flat
            let firstStarts = flat.startsPair(id), variantStarts = flat.startsPair(variant)
            if firstStarts || variantStarts {
                let lists = pairLists(
                    id, variant, firstStarts, variantStarts, view.ids[position + 1], view.variants[position + 1])
                for slot in 0..<4 where lists[slot] >= 0 {
                    tryList(Int(lists[slot]), at: position, scan, &context, &hits)
                }
            }
        }
    }

    /// The lists of the word pairs that tokens `first` (text, `variant`) and the next (`second`,
    /// `secondVariant`) form, in the order they are tried: text and text, text and variant, variant and text,
    /// variant and variant; -1 where there is none, or where the first word (`firstStarts`, `variantStarts`)
    /// starts no pair. Only ids go in and out, so the call copies nothing of the comment's `Scan`.
    fileprivate func pairLists(
        _ first: Int32, _ variant: Int32, _ firstStarts: Bool, _ variantStarts: Bool, _ second: Int32,
        _ secondVariant: Int32
    ) -> SIMD4<Int32> {
        var lists = SIMD4<Int32>(repeating: -1)
        if firstStarts {
            if second >= 0 { lists[0] = keyedIndex!.pairs.value(first, second) }
            if secondVariant >= 0 { lists[1] = keyedIndex!.pairs.value(first, secondVariant) }
        }
        if variantStarts {
            if second >= 0 { lists[2] = keyedIndex!.pairs.value(variant, second) }
            if secondVariant >= 0 { lists[3] = keyedIndex!.pairs.value(variant, secondVariant) }
        }
        return lists
    }

    /// Tries the entries of list `list` (see `EntryIndex`) for a key found at token `position`: the buckets
    /// whose first part occurred in the comment, and in them the entries whose other parts occurred too.
    @inline(__always)
    fileprivate func tryList(
        _ list: Int, at position: Int, _ scan: Scan, _ context: inout MatchContext, _ hits: inout [RawHit]
    ) {
        var bucket = Int(scan.listBuckets[2 * list])
        let lastBucket = Int(scan.listBuckets[2 * list + 1])
        while bucket < lastBucket {
            let run = scan.buckets[bucket]
            bucket += 1
            // The bucket's part is the first part of each of its entries: checked once here.
            var skip = 0
            if run.part >= 0 {
                if !scan.marks.occurred(Int(run.part)) { continue }
                skip = 1
            }
            var next = Int(run.start)
            let last = Int(run.end)
            while next < last {
                let entry = scan.entries + next
                next += 1
                let partsStart = Int(entry.pointee.partsStart) + skip
                if !scan.partsOccurred(from: partsStart, to: Int(entry.pointee.partsEnd)) { continue }
                let keyMax = Int(entry.pointee.keyMax)
                if keyMax == 0 {
                    tryKeyedEntry(entry.pointee, at: position, scan.view, &context, &hits)
                    continue
                }
                var from = max(0, position - keyMax)
                let through = position - Int(entry.pointee.keyMin)
                while from <= through {
                    tryKeyedEntry(entry.pointee, at: from, scan.view, &context, &hits, checkFirst: true)
                    from += 1
                }
            }
        }
    }

    /// Runs `entry` with its first op at token `position` (with `checkFirst`, unless that op fails there).
    @inline(__always)
    fileprivate func tryKeyedEntry(
        _ entry: MatcherEntry, at position: Int, _ view: RunView, _ context: inout MatchContext,
        _ hits: inout [RawHit], checkFirst: Bool = false
    ) {
        let leadMin = Int(entry.leadMin)
        let start: Int
        if entry.anchored {
            guard position >= view.first + leadMin, position <= view.first + Int(entry.leadMax) else { return }
            start = view.first
        } else {
            guard position >= leadMin else { return }
            start = position - leadMin
        }
        // Keyed by a later op, the entry's first op was not seen at `position`: where it fails at once the
        // attempt is not made, and its one step is charged as `attempt` would charge it.
        if checkFirst, entry.start < entry.end, failsAtOnce(view.programs.ops[Int(entry.start)], at: position, view) {
            context.left -= 1
            return
        }
        let stop = attempt(Int(entry.start), Int(entry.end), position, view, &context)
        if stop > start {
            hits.append(RawHit(pattern: entry.pattern, start: Int32(start), end: Int32(stop)))
        }
    }
}
