/// A comment's tokens as the matcher sees them: parallel integer arrays, built once per comment, either
/// straight from the tokenizer (``TokenStreamBuilder``) or from `Token` values.
struct TokenStream: Equatable {
    /// Word id of each token, or -1 when no pattern mentions the word.
    var ids: [Int32] = []
    /// Word id of each token's variant (an elongated word squeezed to single letters, an emoji
    /// without its skin tone), or -1 when it has none or no pattern mentions it.
    var variantIds: [Int32] = []
    /// Kind code of each token (see `KindCode`).
    var kinds: [UInt8] = []
    /// Clause index of each token.
    var clauses: [Int32] = []
    /// Offsets of each token's first scalar and just past its last scalar in the original text.
    var starts: [Int] = []
    var ends: [Int] = []
    /// Prefix ids of token `i` are `prefixHits[prefixStart[i]..<prefixStart[i+1]]`.
    var prefixStart: [Int32] = [0]
    var prefixHits: [Int32] = []
    /// Index of the first token after leading mentions (where `^` matches).
    var first = 0

    var count: Int { ids.count }

    /// A stream with no tokens, to stand in for one whose storage was handed on.
    static let empty = TokenStream(capacity: 0)

    init(capacity: Int) {
        ids.reserveCapacity(capacity)
        variantIds.reserveCapacity(capacity)
        kinds.reserveCapacity(capacity)
        clauses.reserveCapacity(capacity)
        starts.reserveCapacity(capacity)
        ends.reserveCapacity(capacity)
        prefixStart.reserveCapacity(capacity + 1)
        prefixHits.reserveCapacity(capacity)
    }

    /// The stream of already tokenized `tokens`.
    init(tokens: [Token], vocabulary: Vocabulary) {
        self.init(capacity: tokens.count)
        for token in tokens {
            var text = token.text
            text.withUTF8 { textBytes in
                if var variant = token.variant {
                    variant.withUTF8 { variantBytes in
                        append(
                            token.kind, text: textBytes, variant: variantBytes, start: token.start, end: token.end,
                            clause: token.clause, vocabulary: vocabulary)
                    }
                } else {
                    append(
                        token.kind, text: textBytes, variant: nil, start: token.start, end: token.end,
                        clause: token.clause, vocabulary: vocabulary)
                }
            }
        }
        finish()
    }

    /// Tokenizes `text` straight into a stream (no `Token` values are made).
    init(text: String, vocabulary: borrowing Vocabulary) {
        self.init(capacity: 0)
        fill(text: text, vocabulary: vocabulary)
    }

    /// Replaces the stream's tokens with those of `text`, keeping the arrays' storage (a stream reused
    /// from comment to comment allocates nothing once it has grown to the longest comment).
    mutating func fill(text: String, vocabulary: borrowing Vocabulary) {
        ids.removeAll(keepingCapacity: true)
        variantIds.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
        clauses.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        prefixStart.removeAll(keepingCapacity: true)
        prefixStart.append(0)
        prefixHits.removeAll(keepingCapacity: true)
        withUnsafeMutablePointer(to: &self) { stream in
            withUnsafeTemporaryAllocation(byteCount: TokenStreamBuilder.byteCount, alignment: 8) { storage in
                var builder = TokenStreamBuilder(vocabulary: vocabulary, stream: stream, storage: storage)
                Tokenizer.scan(text, into: &builder)
                builder.flush()
            }
        }
        finish()
    }

    /// Appends one token, looking its text, variant and prefixes up in `vocabulary`.
    @inline(__always)
    mutating func append(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int, vocabulary: Vocabulary
    ) {
        let id = vocabulary.lookup(text, prefixHits: &prefixHits)
        var variantID: Int32 = -1
        if let variant, !variant.elementsEqual(text) {
            let found = vocabulary.lookup(variant, prefixHits: &prefixHits)
            if found != id { variantID = found }
        }
        appendRow(kind, id: id, variantID: variantID, start: start, end: end, clause: clause)
    }

    /// Appends one token whose ids are known and whose prefix hits were appended to `prefixHits`.
    @inline(__always)
    mutating func appendRow(_ kind: Token.Kind, id: Int32, variantID: Int32, start: Int, end: Int, clause: Int) {
        ids.append(id)
        variantIds.append(variantID)
        kinds.append(KindCode.of(kind))
        clauses.append(Int32(truncatingIfNeeded: clause))
        starts.append(start)
        ends.append(end)
        prefixStart.append(Int32(prefixHits.count))
    }

    /// Finds where `^` matches, after the last token was appended.
    private mutating func finish() {
        first = 0
        while first < kinds.count, kinds[first] == KindCode.mention { first += 1 }
    }

    /// True when token `position` starts with the prefix `prefixID` (and is not a mention or URL).
    @inline(__always)
    func hasPrefix(_ position: Int, _ prefixID: Int32) -> Bool {
        let kind = kinds[position]
        if kind == KindCode.mention || kind == KindCode.url { return false }
        var index = Int(prefixStart[position])
        let end = Int(prefixStart[position + 1])
        while index < end {
            if prefixHits[index] == prefixID { return true }
            index += 1
        }
        return false
    }

    /// True when token `position` (its text or its variant) is the word `id` with an acceptable kind
    /// (`kind` -1: any but a mention).
    @inline(__always)
    func isWord(_ position: Int, _ id: Int32, _ kind: Int32) -> Bool {
        guard ids[position] == id || variantIds[position] == id else { return false }
        if kind < 0 { return kinds[position] != KindCode.mention }
        return Int32(kinds[position]) == kind
    }
}

/// The sink that appends to a `TokenStream` while the tokenizer scans (it points at the stream, so
/// nothing is copied per comment).
///
/// Rows are written to a small buffer (on the stack) with plain stores and appended to the stream's arrays
/// when it is full and at the end, so each array grows once per `rows` tokens rather than once per token.
struct TokenStreamBuilder: TokenSink {
    /// Rows and prefix hits buffered between flushes (the buffer fits the stack: at most 1024 bytes).
    static let rows = 24
    static let hitCapacity = 48
    static let byteCount =
        rows * (2 * MemoryLayout<Int>.size + 4 * MemoryLayout<Int32>.size + 1)
        + hitCapacity * MemoryLayout<Int32>.size

    /// The vocabulary's trie (not the whole vocabulary, whose arrays would be retained and released per
    /// comment), and the stream (valid while the builder is used).
    let trie: Vocabulary.Trie
    let stream: UnsafeMutablePointer<TokenStream>
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    private let ids: UnsafeMutablePointer<Int32>
    private let variantIds: UnsafeMutablePointer<Int32>
    private let clauses: UnsafeMutablePointer<Int32>
    /// Where each buffered row's prefix hits end, counted in the whole stream.
    private let prefixEnds: UnsafeMutablePointer<Int32>
    private let hits: UnsafeMutablePointer<Int32>
    private let kinds: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var hitCount = 0
    /// Prefix hits already in the stream.
    private var flushedHits = 0

    /// A builder appending to `stream`, buffering in `storage` (`byteCount` bytes, 8-byte aligned).
    init(
        vocabulary: borrowing Vocabulary, stream: UnsafeMutablePointer<TokenStream>,
        storage: UnsafeMutableRawBufferPointer
    ) {
        precondition(storage.count >= Self.byteCount)
        self.trie = vocabulary.trie
        self.stream = stream
        flushedHits = stream.pointee.prefixHits.count
        var raw = storage.baseAddress!
        func take<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
            let pointer = raw.bindMemory(to: type, capacity: count)
            raw += count * MemoryLayout<T>.stride
            return pointer
        }
        starts = take(Int.self, Self.rows)
        ends = take(Int.self, Self.rows)
        ids = take(Int32.self, Self.rows)
        variantIds = take(Int32.self, Self.rows)
        clauses = take(Int32.self, Self.rows)
        prefixEnds = take(Int32.self, Self.rows)
        hits = take(Int32.self, Self.hitCapacity)
        kinds = take(UInt8.self, Self.rows)
    }

    mutating func add(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int
    ) {
        // A lookup adds at most one prefix hit per byte.
        let mostHits = text.count + (variant?.count ?? 0)
        if count == Self.rows || hitCount + mostHits > Self.hitCapacity {
            flush()
            if mostHits > Self.hitCapacity {
                // Too long for the buffer: looked up into the stream's own arrays.
                let id = trie.walk(text) { stream.pointee.prefixHits.append($0) }
                var variantID: Int32 = -1
                if let variant, !variant.elementsEqual(text) {
                    let found = trie.walk(variant) { stream.pointee.prefixHits.append($0) }
                    if found != id { variantID = found }
                }
                stream.pointee.appendRow(kind, id: id, variantID: variantID, start: start, end: end, clause: clause)
                flushedHits = stream.pointee.prefixHits.count
                return
            }
        }
        let id = trie.lookup(text, hits: hits, count: &hitCount)
        ids[count] = id
        var variantID: Int32 = -1
        if let variant, !variant.elementsEqual(text) {
            let found = trie.lookup(variant, hits: hits, count: &hitCount)
            if found != id { variantID = found }
        }
        variantIds[count] = variantID
        kinds[count] = KindCode.of(kind)
        clauses[count] = Int32(truncatingIfNeeded: clause)
        starts[count] = start
        ends[count] = end
        prefixEnds[count] = Int32(truncatingIfNeeded: flushedHits + hitCount)
        count += 1
    }

    /// Appends the buffered rows to the stream.
    mutating func flush() {
        if count > 0 {
            let stream = self.stream
            Self.append(ids, count, to: &stream.pointee.ids)
            Self.append(variantIds, count, to: &stream.pointee.variantIds)
            Self.append(kinds, count, to: &stream.pointee.kinds)
            Self.append(clauses, count, to: &stream.pointee.clauses)
            Self.append(starts, count, to: &stream.pointee.starts)
            Self.append(ends, count, to: &stream.pointee.ends)
            stream.pointee.prefixStart.append(contentsOf: UnsafeBufferPointer(start: prefixEnds, count: count))
            if hitCount > 0 { Self.append(hits, hitCount, to: &stream.pointee.prefixHits) }
        }
        flushedHits += hitCount
        count = 0
        hitCount = 0
    }

    // Appends `source[0..<count]` to `array` (a reused stream's arrays keep their storage, so this copies
    // without allocating once they have grown).

    @inline(__always)
    private static func append(_ source: UnsafeMutablePointer<Int32>, _ count: Int, to array: inout [Int32]) {
        array.append(contentsOf: UnsafeBufferPointer(start: source, count: count))
    }

    @inline(__always)
    private static func append(_ source: UnsafeMutablePointer<Int>, _ count: Int, to array: inout [Int]) {
        array.append(contentsOf: UnsafeBufferPointer(start: source, count: count))
    }

    @inline(__always)
    private static func append(_ source: UnsafeMutablePointer<UInt8>, _ count: Int, to array: inout [UInt8]) {
        array.append(contentsOf: UnsafeBufferPointer(start: source, count: count))
    }
}
