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
                        append(token.kind, text: textBytes, variant: variantBytes, start: token.start, end: token.end,
                               clause: token.clause, vocabulary: vocabulary)
                    }
                } else {
                    append(token.kind, text: textBytes, variant: nil, start: token.start, end: token.end,
                           clause: token.clause, vocabulary: vocabulary)
                }
            }
        }
        finish()
    }

    /// Tokenizes `text` straight into a stream (no `Token` values are made).
    init(text: String, vocabulary: Vocabulary) {
        self.init(capacity: text.utf8.count / 2 + 4)
        fill(text: text, vocabulary: vocabulary)
    }

    /// Replaces the stream's tokens with those of `text`, keeping the arrays' storage (a stream reused
    /// from comment to comment allocates nothing once it has grown to the longest comment).
    mutating func fill(text: String, vocabulary: Vocabulary) {
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
            var builder = TokenStreamBuilder(vocabulary: vocabulary, stream: stream)
            Tokenizer.scan(text, into: &builder)
        }
        finish()
    }

    /// Appends one token, looking its text, variant and prefixes up in `vocabulary`.
    @inline(__always)
    mutating func append(_ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
                         start: Int, end: Int, clause: Int, vocabulary: Vocabulary) {
        let id = vocabulary.lookup(text, prefixHits: &prefixHits)
        ids.append(id)
        if let variant, !variant.elementsEqual(text) {
            let variantID = vocabulary.lookup(variant, prefixHits: &prefixHits)
            variantIds.append(variantID == id ? -1 : variantID)
        } else {
            variantIds.append(-1)
        }
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
struct TokenStreamBuilder: TokenSink {
    let vocabulary: Vocabulary
    let stream: UnsafeMutablePointer<TokenStream>

    mutating func add(_ kind: Token.Kind, text: UnsafeBufferPointer<UInt8>, variant: UnsafeBufferPointer<UInt8>?,
                      start: Int, end: Int, clause: Int) {
        stream.pointee.append(kind, text: text, variant: variant, start: start, end: end, clause: clause, vocabulary: vocabulary)
    }
}
