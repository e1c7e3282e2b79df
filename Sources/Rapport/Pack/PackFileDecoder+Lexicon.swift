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
        decodeTermRows(table, columns: Label.scored.map(\.rawValue), what: "lexicon") { text, words, values, location in
            lexicon.terms.append(LexiconTerm(text: text, words: words, values: values, location: location))
        }
    }

    /// The rows of a term table (a block scalar): one term per line, then one weight per column; blank
    /// lines and lines starting with `#` are skipped. Each problem (a line that is not a term and
    /// `columns.count` finite numbers, a term that is not one or two words, a term given twice) is
    /// reported at its own line and the line left out; `add` gets the others in order, with the term's
    /// text (its words joined by one space). `what` names the section in messages.
    ///
    /// A plain term and plain weights are read from the bytes (``TermRowFields``); others go through the
    /// tokenizer and `Double(_:)`, with the same results.
    mutating func decodeTermRows(
        _ table: Node.Scalar, columns: [String], what: String,
        add: (_ text: String, _ words: [String], _ values: [Double], _ location: SourceLocation) -> Void
    ) {
        let firstLine = table.style == .literal || table.style == .folded ? table.mark.line + 1 : table.mark.line
        let bytes = Array(table.string.utf8)
        bytes.withUnsafeBufferPointer { bytes in decodeTermRows(bytes, firstLine: firstLine, columns: columns, what: what, add: add) }
    }

    private mutating func decodeTermRows(
        _ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, columns: [String], what: String,
        add: (_ text: String, _ words: [String], _ values: [Double], _ location: SourceLocation) -> Void
    ) {
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(bytes.count / 32)
        let width = columns.count
        var fields: [Range<Int>] = []
        // One array of weights for every row (`add` keeps it only if it stores it).
        var values: [Double] = []
        values.reserveCapacity(width)
        var lineStart = 0, index = -1
        while lineStart < bytes.count {
            index += 1
            // Fields are runs of bytes other than spaces, tabs and line feeds (UTF-8 continuation bytes never
            // are), found in the same pass as the line's end; the columns' padding is skipped eight spaces at a time.
            fields.removeAll(keepingCapacity: true)
            var at = lineStart
            while at < bytes.count {
                while at + 8 <= bytes.count, Self.eightSpaces(bytes, at) { at += 8 }
                while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
                let start = at
                while at < bytes.count, bytes[at] != 0x20, bytes[at] != 0x09, bytes[at] != 0x0A { at += 1 }
                if at > start { fields.append(start..<at) }
                if at == bytes.count || bytes[at] == 0x0A { break }
            }
            let lineEnd = at
            defer { lineStart = lineEnd + 1 }
            guard let first = fields.first, bytes[first.lowerBound] != UInt8(ascii: "#") else { continue }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            let lineNumber = firstLine + index
            let indent = (1...positions.lineCount).contains(lineNumber) ? positions.indent(ofLine: lineNumber) : 0
            let location = SourceLocation(file: file, line: lineNumber, column: indent + 1)
            values.removeAll(keepingCapacity: true)
            if fields.count > width {
                for field in fields.suffix(width) {
                    guard let value = TermRowFields.plainNumber(bytes, field) ?? Double(text(field)), value.isFinite else { break }
                    values.append(value)
                }
            }
            guard values.count == width else {
                report(
                    .error, DiagnosticCode.invalidValue, "\(what) line '\(text(lineStart..<lineEnd).trimmingSpaces)' must be a term and \(width) weights",
                    at: location,
                    hint: "write the term, then its \(columns.joined(separator: ", ")) weights (0 for none)")
                continue
            }
            let termFields = fields.dropLast(width)
            let words: [String]
            let termText: String
            if let plain = TermRowFields.plainWords(bytes, termFields) {
                words = plain
                termText = plain.count == 1 ? plain[0] : TermRowFields.joined(bytes, termFields)
            } else {
                let written = termFields.map(text).joined(separator: " ")
                guard let tokenized = Self.lexiconWords(written) else {
                    report(
                        .error, DiagnosticCode.invalidValue, "\(what) term '\(written)' must be one or two words", at: location,
                        hint: "a term is a word or two adjacent words; mentions, links and numbers are not terms")
                    continue
                }
                words = tokenized
                termText = words.count == 1 ? words[0] : words.joined(separator: " ")
            }
            if let earlier = seen[termText] {
                report(.error, DiagnosticCode.invalidValue, "\(what) term '\(termText)' is given twice (first at \(earlier))", at: location)
                continue
            }
            seen[termText] = location
            add(termText, words, values, location)
        }
    }

    /// Whether the eight bytes of `bytes` from `at` (which has eight more) are spaces.
    @inline(__always)
    private static func eightSpaces(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        UnsafeRawPointer(bytes.baseAddress! + at).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020
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
