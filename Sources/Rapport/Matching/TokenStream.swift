/// A comment's tokens as the matcher sees them: parallel integer arrays, built once per comment.
struct TokenStream {
    /// Word id of each token, or -1 when no pattern mentions the word.
    var ids: [Int32] = []
    /// Word id of each token's variant (an elongated word squeezed to single letters, an emoji
    /// without its skin tone), or -1 when it has none or no pattern mentions it.
    var variantIds: [Int32] = []
    /// Kind code of each token (see `KindCode`).
    var kinds: [UInt8] = []
    /// Clause index of each token.
    var clauses: [Int32] = []
    /// Prefix ids of token `i` are `prefixHits[prefixStart[i]..<prefixStart[i+1]]`.
    var prefixStart: [Int32] = [0]
    var prefixHits: [Int32] = []
    /// Index of the first token after leading mentions (where `^` matches).
    var first = 0

    var count: Int { ids.count }

    init(tokens: [Token], vocabulary: Vocabulary) {
        ids.reserveCapacity(tokens.count)
        variantIds.reserveCapacity(tokens.count)
        kinds.reserveCapacity(tokens.count)
        clauses.reserveCapacity(tokens.count)
        prefixStart.reserveCapacity(tokens.count + 1)
        for token in tokens {
            let kind = KindCode.of(token.kind)
            let id = vocabulary.lookup(token.text, prefixHits: &prefixHits)
            ids.append(id)
            if let variant = token.variant, variant != token.text {
                let variantID = vocabulary.lookup(variant, prefixHits: &prefixHits)
                variantIds.append(variantID == id ? -1 : variantID)
            } else {
                variantIds.append(-1)
            }
            kinds.append(kind)
            clauses.append(Int32(truncatingIfNeeded: token.clause))
            prefixStart.append(Int32(prefixHits.count))
        }
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
