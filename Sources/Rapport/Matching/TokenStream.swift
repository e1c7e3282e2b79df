/// A comment's tokens as the matcher sees them: parallel integer columns, built once per comment, either
/// straight from the tokenizer or from `Token` values (both through ``TokenStreamBuilder``).
///
/// The columns live in one ``Columns`` object that a stream reused from comment to comment keeps: refilling
/// it writes the rows in place from row 0 (no array is emptied, appended to or grown once the columns
/// have room for the longest comment). The column properties are views of the current rows: valid while
/// the stream is not changed or released, as a borrowed array's storage would be.
struct TokenStream: Equatable, Sendable {
    /// The rows' storage, shared by copies of the stream until one of them is refilled.
    private var columns: Columns
    /// Number of tokens.
    private(set) var count = 0
    /// Number of prefix hits of all tokens.
    private var hitCount = 0
    /// Index of the first token after leading mentions (where `^` matches).
    private(set) var first = 0
    /// The columns' storage as of the last fill (kept here, so that reading a row does not go through the
    /// `Columns` object).
    private var rows: Columns.Pointers

    /// Word id of each token, or -1 when no pattern mentions the word.
    var ids: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rows.ids, count: count) }
    /// Word id of each token's variant (an elongated word squeezed to single letters, an emoji
    /// without its skin tone), or -1 when it has none or no pattern mentions it.
    var variantIds: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rows.variantIds, count: count) }
    /// Kind code of each token (see `KindCode`).
    var kinds: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: rows.kinds, count: count) }
    /// Clause index of each token.
    var clauses: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rows.clauses, count: count) }
    /// Offsets of each token's first scalar and just past its last scalar in the original text.
    var starts: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: rows.starts, count: count) }
    var ends: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: rows.ends, count: count) }
    /// Prefix ids of token `i` are `prefixHits[prefixStart[i]..<prefixStart[i+1]]` (`count + 1` entries).
    var prefixStart: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rows.prefixStart, count: count + 1) }
    var prefixHits: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rows.prefixHits, count: hitCount) }

    /// An empty stream with room for `capacity` tokens (none allocated for 0: the first fill allocates).
    init(capacity: Int) {
        columns = capacity > 0 ? Columns(rows: capacity, hits: capacity) : Columns.none
        rows = columns.pointers
    }

    /// The stream of already tokenized `tokens`.
    init(tokens: [Token], vocabulary: Vocabulary) {
        self.init(capacity: 0)
        refill(reader: Vocabulary.Reader(vocabulary.table)) { builder in
            for token in tokens {
                var text = token.text
                text.withUTF8 { textBytes in
                    if var variant = token.variant {
                        variant.withUTF8 { variantBytes in
                            builder.add(
                                token.kind, text: textBytes, variant: variantBytes, start: token.start, end: token.end,
                                clause: token.clause)
                        }
                    } else {
                        builder.add(
                            token.kind, text: textBytes, variant: nil, start: token.start, end: token.end,
                            clause: token.clause)
                    }
                }
            }
        }
    }

    /// Tokenizes `text` straight into a stream (no `Token` values are made).
    init(text: String, vocabulary: borrowing Vocabulary) {
        self.init(capacity: 0)
        fill(text: text, reader: Vocabulary.Reader(vocabulary.table))
    }

    /// Replaces the stream's tokens with those of `text`, keeping the columns' storage (a stream reused
    /// from comment to comment allocates nothing once it has room for the longest comment). The caller
    /// keeps the reader's table alive (the reader does not retain it, so the engine's worker threads write
    /// no reference count of the table they share).
    mutating func fill(text: String, reader: Vocabulary.Reader) {
        refill(reader: reader) { builder in Tokenizer.scan(text, into: &builder) }
    }

    /// Replaces the stream's tokens with those that `build` adds to the builder.
    private mutating func refill(reader: Vocabulary.Reader, _ build: (inout TokenStreamBuilder) -> Void) {
        // A copy of the stream may share the columns: then this one gets columns of its own.
        if !isKnownUniquelyReferenced(&columns) {
            columns = Columns(rows: max(columns.rowCapacity, 16), hits: max(columns.hitCapacity, 16))
        }
        var builder = TokenStreamBuilder(table: reader, columns: columns)
        build(&builder)
        count = builder.count
        hitCount = builder.hitCount
        rows = columns.pointers
        first = 0
        while first < count, rows.kinds[first] == KindCode.mention { first += 1 }
    }

    static func == (lhs: TokenStream, rhs: TokenStream) -> Bool {
        lhs.count == rhs.count && lhs.first == rhs.first && lhs.ids.elementsEqual(rhs.ids)
            && lhs.variantIds.elementsEqual(rhs.variantIds) && lhs.kinds.elementsEqual(rhs.kinds)
            && lhs.clauses.elementsEqual(rhs.clauses) && lhs.starts.elementsEqual(rhs.starts)
            && lhs.ends.elementsEqual(rhs.ends) && lhs.prefixStart.elementsEqual(rhs.prefixStart)
            && lhs.prefixHits.elementsEqual(rhs.prefixHits)
    }

    /// True when token `position` starts with the prefix `prefixID` (and is not a mention or URL).
    @inline(__always)
    func hasPrefix(_ position: Int, _ prefixID: Int32) -> Bool {
        Self.hasPrefix(position, prefixID, kinds: kinds, prefixStart: prefixStart, prefixHits: prefixHits)
    }

    /// True when token `position` (its text or its variant) is the word `id` with an acceptable kind
    /// (`kind` -1: any but a mention).
    @inline(__always)
    func isWord(_ position: Int, _ id: Int32, _ kind: Int32) -> Bool {
        Self.isWord(position, id, kind, ids: ids, variantIds: variantIds, kinds: kinds)
    }

    /// ``hasPrefix(_:_:)`` over a stream's columns (the matcher's interpreter keeps them as it runs).
    @inline(__always)
    static func hasPrefix(
        _ position: Int, _ prefixID: Int32, kinds: UnsafeBufferPointer<UInt8>, prefixStart: UnsafeBufferPointer<Int32>,
        prefixHits: UnsafeBufferPointer<Int32>
    ) -> Bool {
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

    /// ``isWord(_:_:_:)`` over a stream's columns (the matcher's interpreter keeps them as it runs).
    @inline(__always)
    static func isWord(
        _ position: Int, _ id: Int32, _ kind: Int32, ids: UnsafeBufferPointer<Int32>, variantIds: UnsafeBufferPointer<Int32>,
        kinds: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard ids[position] == id || variantIds[position] == id else { return false }
        if kind < 0 { return kinds[position] != KindCode.mention }
        return Int32(kinds[position]) == kind
    }

    /// The storage of a stream's columns: one allocation per column, grown (doubling) when a comment needs
    /// more rows or prefix hits, never shrunk. Only a stream that holds the one reference to it writes to
    /// it (through its builder), so sharing it between threads is safe.
    final class Columns: @unchecked Sendable {
        /// The columns' first rows.
        struct Pointers: @unchecked Sendable {
            var ids: UnsafeMutablePointer<Int32>
            var variantIds: UnsafeMutablePointer<Int32>
            var kinds: UnsafeMutablePointer<UInt8>
            var clauses: UnsafeMutablePointer<Int32>
            var starts: UnsafeMutablePointer<Int>
            var ends: UnsafeMutablePointer<Int>
            /// `rowCapacity + 1` entries; the first is always 0.
            var prefixStart: UnsafeMutablePointer<Int32>
            var prefixHits: UnsafeMutablePointer<Int32>
        }

        // Only the builder of the stream that holds the one reference reads and changes these, one call at
        // a time: no dynamic exclusivity check is needed (it cost 76 instructions per comment).

        /// Rows and prefix hits there is room for.
        @exclusivity(unchecked) private(set) var rowCapacity: Int
        @exclusivity(unchecked) private(set) var hitCapacity: Int
        @exclusivity(unchecked) private(set) var pointers: Pointers

        /// Columns without room, shared by every stream made with capacity 0 (never written: a stream
        /// does not hold its only reference).
        static let none = Columns(rows: 0, hits: 0)

        init(rows: Int, hits: Int) {
            rowCapacity = rows
            hitCapacity = hits
            let room = max(rows, 1)
            pointers = Pointers(
                ids: .allocate(capacity: room), variantIds: .allocate(capacity: room), kinds: .allocate(capacity: room),
                clauses: .allocate(capacity: room), starts: .allocate(capacity: room), ends: .allocate(capacity: room),
                prefixStart: .allocate(capacity: rows + 1), prefixHits: .allocate(capacity: max(hits, 1)))
            pointers.prefixStart.initialize(to: 0)
        }

        deinit {
            pointers.ids.deallocate()
            pointers.variantIds.deallocate()
            pointers.kinds.deallocate()
            pointers.clauses.deallocate()
            pointers.starts.deallocate()
            pointers.ends.deallocate()
            pointers.prefixStart.deallocate()
            pointers.prefixHits.deallocate()
        }

        /// Makes room for at least `rows` rows, keeping the first `kept`.
        func reserve(rows: Int, keeping kept: Int) {
            guard rows > rowCapacity else { return }
            let capacity = max(rows, 2 * rowCapacity)
            Self.grow(&pointers.ids, to: capacity, keeping: kept)
            Self.grow(&pointers.variantIds, to: capacity, keeping: kept)
            Self.grow(&pointers.kinds, to: capacity, keeping: kept)
            Self.grow(&pointers.clauses, to: capacity, keeping: kept)
            Self.grow(&pointers.starts, to: capacity, keeping: kept)
            Self.grow(&pointers.ends, to: capacity, keeping: kept)
            Self.grow(&pointers.prefixStart, to: capacity + 1, keeping: kept + 1)
            rowCapacity = capacity
        }

        /// Makes room for at least `hits` prefix hits, keeping the first `kept`.
        func reserve(hits: Int, keeping kept: Int) {
            guard hits > hitCapacity else { return }
            let capacity = max(hits, 2 * hitCapacity)
            Self.grow(&pointers.prefixHits, to: capacity, keeping: kept)
            hitCapacity = capacity
        }

        private static func grow<Element>(_ column: inout UnsafeMutablePointer<Element>, to capacity: Int, keeping kept: Int) {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
            grown.moveInitialize(from: column, count: kept)
            column.deallocate()
            column = grown
        }
    }
}

/// The sink that writes a stream's rows while the tokenizer scans: straight into the stream's columns,
/// from row 0, with plain stores (the columns grow when a row or its prefix hits would not fit).
struct TokenStreamBuilder: TokenSink {
    /// The vocabulary's lookup tables (not the whole vocabulary, whose arrays would be retained and released per
    /// comment), their pointers read once.
    let table: Vocabulary.Reader
    /// The columns written, not retained: the stream being filled holds them while the builder lives.
    private unowned(unsafe) let columns: TokenStream.Columns
    /// Rows and prefix hits written.
    private(set) var count: Int
    private(set) var hitCount: Int
    // The columns' pointers and room, read once and again only after they grew (so the stores of a row do
    // not make the compiler reload them from the object).
    private var rowCapacity: Int
    private var hitCapacity: Int
    private var rows: TokenStream.Columns.Pointers

    /// A builder writing `columns` from row `count`, their first `hitCount` prefix hits kept.
    init(table: Vocabulary.Reader, columns: TokenStream.Columns, count: Int = 0, hitCount: Int = 0) {
        self.table = table
        self.columns = columns
        self.count = count
        self.hitCount = hitCount
        rowCapacity = columns.rowCapacity
        hitCapacity = columns.hitCapacity
        rows = columns.pointers
    }

    /// Grows the columns to take one more row with up to `mostHits` prefix hits.
    @inline(never)
    private mutating func grow(mostHits: Int) {
        columns.reserve(rows: count + 1, keeping: count)
        columns.reserve(hits: hitCount + mostHits, keeping: hitCount)
        self = Self(table: table, columns: columns, count: count, hitCount: hitCount)
    }

    mutating func add(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int
    ) {
        addRow(kind, text: text, padded: false, variant: variant, start: start, end: end, clause: clause)
    }

    mutating func add(_ kind: Token.Kind, paddedText text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, clause: Int) {
        addRow(kind, text: text, padded: true, variant: nil, start: start, end: end, clause: clause)
    }

    mutating func add(shortWord text: UnsafeBufferPointer<UInt8>, head: UInt64, start: Int, end: Int, clause: Int) {
        // As `addRow` for a `.word` without a variant, the lookup's bytes taken from `head`.
        let length = text.count
        if count == rowCapacity || hitCount + length > hitCapacity { grow(mostHits: length) }
        let row = count
        var hitCount = self.hitCount
        let id = table.lookup(shortWord: text, head: head, hits: rows.prefixHits, count: &hitCount)
        self.hitCount = hitCount
        count = row &+ 1
        rows.ids[row] = id
        rows.variantIds[row] = -1
        rows.kinds[row] = KindCode.word
        rows.clauses[row] = Int32(truncatingIfNeeded: clause)
        rows.starts[row] = start
        rows.ends[row] = end
        rows.prefixStart[row &+ 1] = Int32(truncatingIfNeeded: hitCount)
    }

    /// Writes the row of a token (`padded` as for ``Vocabulary/Reader/lookup(padded:hits:count:)``).
    @inline(__always)
    private mutating func addRow(
        _ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, padded: Bool, variant: UnsafeBufferPointer<UInt8>?,
        start: Int, end: Int, clause: Int
    ) {
        // A lookup adds at most one prefix hit per byte.
        let mostHits = text.count + (variant?.count ?? 0)
        if count == rowCapacity || hitCount + mostHits > hitCapacity { grow(mostHits: mostHits) }
        // The row and the hit count in locals, each column's pointer read where its value is stored (a copy
        // of all the pointers up front was spilled to the stack and read back, and the builder's fields were
        // read again after every store through a pointer).
        let row = count
        let hits = rows.prefixHits
        var hitCount = self.hitCount
        let id = padded ? table.lookup(padded: text, hits: hits, count: &hitCount) : table.lookup(text, hits: hits, count: &hitCount)
        var variantID: Int32 = -1
        if let variant, !variant.elementsEqual(text) {
            let found = table.lookup(variant, hits: hits, count: &hitCount)
            if found != id { variantID = found }
        }
        if id < 0, variantID < 0, kind == .hashtag {
            variantID = HashtagTail.word(of: text, padded: padded, table: table)
        }
        self.hitCount = hitCount
        count = row &+ 1
        rows.ids[row] = id
        rows.variantIds[row] = variantID
        rows.kinds[row] = KindCode.of(kind)
        rows.clauses[row] = Int32(truncatingIfNeeded: clause)
        rows.starts[row] = start
        rows.ends[row] = end
        rows.prefixStart[row &+ 1] = Int32(truncatingIfNeeded: hitCount)
    }
}
