internal import RapportYAML
import RapportSupport

/// Decoding of the `lexicon:` section (see ``Lexicon``).
extension PackFileDecoder {
    static let lexiconKeys = ["description", "bias", "terms"]

    mutating func decodeLexicon(_ node: Node) {
        guard let map = mapping(node, "'lexicon'") else { return }
        checkKeys(map, allowed: Self.lexiconKeys, context: "in 'lexicon'", synonyms: ["words": "terms", "weights": "terms", "intercept": "bias"])
        if let v = map["description"] { _ = text(v, "'description' in 'lexicon'") }
        var lexicon = Lexicon(location: positions.location(map.mark))
        if let v = map["bias"] { lexicon.bias = labelWeights(v, "'bias' in 'lexicon'") }
        if let v = map["terms"], let terms = mapping(v, "'terms' in 'lexicon'") {
            var seen: [String: SourceLocation] = [:]
            for entry in terms.entries {
                guard let (written, key) = text(entry.key, "a lexicon term") else { continue }
                let location = positions.location(key.mark)
                guard let words = Self.lexiconWords(written) else {
                    error(DiagnosticCode.invalidValue, "lexicon term '\(written)' must be one or two words", at: key.mark,
                          hint: "a term is a word or two adjacent words; mentions, links and numbers are not terms")
                    continue
                }
                let term = LexiconTerm(words: words, weights: labelWeights(entry.value, "the weights of lexicon term '\(written)'"),
                                       location: location)
                if let first = seen[term.text] {
                    error(DiagnosticCode.invalidValue, "lexicon term '\(term.text)' is given twice (first at \(first))", at: key.mark)
                    continue
                }
                seen[term.text] = location
                lexicon.terms.append(term)
            }
        }
        fragment.lexicon = lexicon
    }

    /// The normalized words of a lexicon term as written, or nil unless it is one or two tokens that
    /// can be terms (not a mention, link or number).
    static func lexiconWords(_ written: String) -> [String]? {
        let tokens = Tokenizer.tokenize(written)
        guard (1...2).contains(tokens.count), tokens.allSatisfy({ Lexicon.canBeTerm($0.kind) }) else { return nil }
        return tokens.map(\.text)
    }

    /// A mapping from scored labels to numbers.
    private mutating func labelWeights(_ node: Node, _ what: String) -> [Label: Double] {
        guard let map = mapping(node, what) else { return [:] }
        var weights: [Label: Double] = [:]
        for entry in map.entries {
            guard let (name, key) = text(entry.key, "a label in \(what)", numbers: false) else { continue }
            guard let label = Label(rawValue: name), Label.scored.contains(label) else {
                let names = Label.scored.map(\.rawValue)
                error(DiagnosticCode.unknownLabel, "'\(name)' in \(what) is not a label a lexicon can weigh", at: key.mark,
                      hint: DidYouMean.hint(for: name, in: names) ?? "labels here are \(names.joined(separator: ", "))")
                continue
            }
            if let value = number(entry.value, "the weight of '\(name)' in \(what)") { weights[label] = value }
        }
        return weights
    }
}

extension Lexicon {
    /// Whether a token of `kind` can be (part of) a lexicon term: mentions, links and numbers cannot.
    static func canBeTerm(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .mention, .url, .number: false
        case .word, .hashtag, .emoji, .emoticon, .punctuation: true
        }
    }
}
