internal import RapportYAML
import RapportSupport

/// Decoding of the `lexicon:` section (see ``Lexicon``).
extension PackFileDecoder {
    static let lexiconKeys = ["description", "bias", "terms", "rules"]

    mutating func decodeLexicon(_ node: Node) {
        guard let map = mapping(node, "'lexicon'") else { return }
        checkKeys(map, allowed: Self.lexiconKeys, context: "in 'lexicon'", synonyms: ["words": "terms", "weights": "terms", "intercept": "bias"])
        if let v = map["description"] { _ = text(v, "'description' in 'lexicon'") }
        var lexicon = Lexicon(location: positions.location(map.mark))
        if let v = map["bias"] { lexicon.bias = labelWeights(v, "'bias' in 'lexicon'") }
        var seen: [String: SourceLocation] = [:]
        if let v = map["terms"], case .scalar(let table) = v, case .string = table.value {
            decodeTermTable(table, into: &lexicon)
        } else if let v = map["terms"], let terms = mapping(v, "'terms' in 'lexicon'") {
            for entry in terms.entries {
                guard let (written, key) = text(entry.key, "a lexicon term") else { continue }
                let location = positions.location(key.mark)
                guard let words = Self.lexiconWords(written) else {
                    error(
                        DiagnosticCode.invalidValue, "lexicon term '\(written)' must be one or two words", at: key.mark,
                        hint: "a term is a word or two adjacent words; mentions, links and numbers are not terms")
                    continue
                }
                let term = LexiconTerm(
                    words: words, weights: labelWeights(entry.value, "the weights of lexicon term '\(written)'"),
                    location: location)
                if let first = seen[term.text] {
                    error(DiagnosticCode.invalidValue, "lexicon term '\(term.text)' is given twice (first at \(first))", at: key.mark)
                    continue
                }
                seen[term.text] = location
                lexicon.terms.append(term)
            }
        }
        if let v = map["rules"], let rules = mapping(v, "'rules' in 'lexicon'") {
            var seenRules: [String: SourceLocation] = [:]
            for entry in rules.entries {
                guard let (id, key) = text(entry.key, "a rule id in 'rules' of 'lexicon'") else { continue }
                let location = positions.location(key.mark)
                let weights = labelWeights(entry.value, "the weights of rule '\(id)' in 'lexicon'")
                if let first = seenRules[id] {
                    error(DiagnosticCode.invalidValue, "rule '\(id)' is weighed twice in 'lexicon' (first at \(first))", at: key.mark)
                    continue
                }
                seenRules[id] = location
                lexicon.rules.append(LexiconRuleWeight(ruleID: id, weights: weights, location: location))
            }
        }
        fragment.lexicon = lexicon
    }

    /// The table form of `terms` (a block scalar, what `rapport lexicon` writes): one term per line,
    /// then its complaint, question and praise weights; blank lines and lines starting with `#` are
    /// skipped. Each problem is reported at its own line.
    private mutating func decodeTermTable(_ table: Node.Scalar, into lexicon: inout Lexicon) {
        decodeTermRows(table, columns: Label.scored.map(\.rawValue), what: "lexicon") { words, values, location in
            var weights: [Label: Double] = [:]
            for (label, value) in zip(Label.scored, values) where value != 0 { weights[label] = value }
            lexicon.terms.append(LexiconTerm(words: words, weights: weights, location: location))
        }
    }

    /// The rows of a term table (a block scalar): one term per line, then one weight per column; blank
    /// lines and lines starting with `#` are skipped. Each problem (a line that is not a term and
    /// `columns.count` finite numbers, a term that is not one or two words, a term given twice) is
    /// reported at its own line and the line left out; `add` gets the others in order. `what` names the
    /// section in messages.
    mutating func decodeTermRows(
        _ table: Node.Scalar, columns: [String], what: String, add: (_ words: [String], _ values: [Double], _ location: SourceLocation) -> Void
    ) {
        let firstLine = table.style == .literal || table.style == .folded ? table.mark.line + 1 : table.mark.line
        let bytes = Array(table.string.utf8)
        var seen: [String: SourceLocation] = [:]
        var lineStart = 0, index = -1
        while lineStart < bytes.count {
            index += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            // Fields are runs of bytes other than spaces and tabs (UTF-8 continuation bytes never are).
            var fields: [Range<Int>] = []
            var at = lineStart
            while at < lineEnd {
                while at < lineEnd, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
                let start = at
                while at < lineEnd, bytes[at] != 0x20, bytes[at] != 0x09 { at += 1 }
                if at > start { fields.append(start..<at) }
            }
            guard let first = fields.first, bytes[first.lowerBound] != UInt8(ascii: "#") else { continue }
            func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            let lineNumber = firstLine + index
            let indent = (1...positions.lineCount).contains(lineNumber) ? positions.indent(ofLine: lineNumber) : 0
            let location = SourceLocation(file: file, line: lineNumber, column: indent + 1)
            let width = columns.count
            let values = fields.suffix(width).map { Double(text($0)) }
            guard fields.count > width, values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                report(
                    .error, DiagnosticCode.invalidValue, "\(what) line '\(text(lineStart..<lineEnd).trimmingSpaces)' must be a term and \(width) weights",
                    at: location,
                    hint: "write the term, then its \(columns.joined(separator: ", ")) weights (0 for none)")
                continue
            }
            let written = fields.dropLast(width).map(text).joined(separator: " ")
            guard let words = Self.lexiconWords(written) else {
                report(
                    .error, DiagnosticCode.invalidValue, "\(what) term '\(written)' must be one or two words", at: location,
                    hint: "a term is a word or two adjacent words; mentions, links and numbers are not terms")
                continue
            }
            let termText = words.joined(separator: " ")
            if let earlier = seen[termText] {
                report(.error, DiagnosticCode.invalidValue, "\(what) term '\(termText)' is given twice (first at \(earlier))", at: location)
                continue
            }
            seen[termText] = location
            add(words, values.map { $0! }, location)
        }
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
            guard let label = Label.scored.first(where: { $0.rawValue == name }) else {
                let names = Label.scored.map(\.rawValue)
                error(
                    DiagnosticCode.unknownLabel, "'\(name)' in \(what) is not a label a lexicon can weigh", at: key.mark,
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
