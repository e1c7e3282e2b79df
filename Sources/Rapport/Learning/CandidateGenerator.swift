/// Builds candidate patterns from a comment's tokens, and runs candidates through the engine.
struct CandidateGenerator {
    /// Single-token list entries → the lists they belong to (the negator list left out).
    let lists: [String: [String]]

    init(pack: RulePack) {
        var lists: [String: [String]] = [:]
        for name in pack.lists.keys.sorted() where name != pack.settings.negatorList {
            for entry in pack.lists[name]!.entries {
                let tokens = Tokenizer.tokenize(entry)
                if tokens.count == 1, tokens[0].kind == .word { lists[tokens[0].text, default: []].append(name) }
            }
        }
        self.lists = lists
    }

    /// How a token is written in a pattern, or nil when it cannot be part of one.
    static func element(_ token: Token) -> String? {
        switch token.kind {
        case .mention: return "<mention>"
        case .url: return "<url>"
        case .number: return "<number>"
        case .emoji, .emoticon: return nil
        case .punctuation: return token.text == "?" || token.text == "!" ? token.text : nil
        case .word, .hashtag:
            let special: Set<Character> = ["[", "]", "|", "<", ">", "*", "{", "}", "^", "$", "\"", "\\", "#", "?", "!"]
            return token.text.contains(where: special.contains) ? nil : token.text
        }
    }

    /// Whether a token may carry a pattern: a word or hashtag of two or more characters that is not a
    /// common word. Handles, URLs, numbers, punctuation and common words only ever come with one.
    static func isContent(_ token: Token) -> Bool {
        (token.kind == .word || token.kind == .hashtag) && token.text.unicodeScalars.count >= 2
            && !CommonWords.texts.contains(token.text) && token.text.contains(where: \.isLetter)
    }

    /// Every candidate pattern of a comment: n-grams of 1–4 tokens within a clause, gapped pairs of
    /// content words 2–4 tokens apart (`a {0,3} b`), and each of those with one list entry generalised
    /// to its list (`<list>`; the count of records it gathers beyond the entry's own decides whether it
    /// is worth it).
    func candidates(_ tokens: [Token]) -> Set<String> {
        Set(generalising(tokens).keys)
    }

    /// ``candidates(_:)`` with, for each candidate that generalises a word to a list, the word.
    func generalising(_ tokens: [Token]) -> [String: String] {
        var out: [String: String] = [:]
        let elements = tokens.map(Self.element)
        let content = tokens.map(Self.isContent)
        for start in tokens.indices {
            guard elements[start] != nil, tokens[start].text != "n't" else { continue }
            var hasContent = false
            for length in 1...4 {
                let end = start + length
                guard end <= tokens.count, elements[end - 1] != nil, tokens[end - 1].clause == tokens[start].clause else { break }
                hasContent = hasContent || content[end - 1]
                guard hasContent else { continue }
                let words = (start..<end).map { elements[$0]! }
                out[Self.written(words)] = ""
                if length >= 2 {
                    for (offset, word) in words.enumerated() {
                        for list in lists[word] ?? [] {
                            var generalised = words
                            generalised[offset] = "<\(list)>"
                            // The rest must still carry content once the list entry is generalised.
                            if (start..<end).contains(where: { $0 != start + offset && content[$0] }) {
                                out[Self.written(generalised)] = word
                            }
                        }
                    }
                }
            }
            guard content[start] else { continue }
            for distance in 2...4 {
                let other = start + distance
                guard other < tokens.count, tokens[other].clause == tokens[start].clause else { break }
                guard content[other], let a = elements[start], let b = elements[other] else { continue }
                out["\(a) {0,3} \(b)"] = ""
                for list in lists[a] ?? [] { out["<\(list)> {0,3} \(b)"] = a }
                for list in lists[b] ?? [] { out["\(a) {0,3} <\(list)>"] = b }
            }
        }
        return out
    }

    /// Pattern elements joined as an author writes them: `n't` back on its verb (`ca n't` → `can't`),
    /// which the pattern's tokenizer splits the same way again.
    static func written(_ words: [String]) -> String {
        var out = ""
        for word in words {
            if word == "n't", !out.isEmpty, !out.hasSuffix(">") { out += word } else { out += (out.isEmpty ? "" : " ") + word }
        }
        return out
    }

    /// Candidates compiled into one engine: rule `i` of `engine` is `patterns[i]`.
    struct Run {
        var patterns: [String] = []
        /// Per pattern, the records it fires on, ascending.
        var fired: [[Int]] = []
        var engine: Engine?
    }

    /// Runs `candidates` through the engine (as rules of `label`, with the pack's lists and negators)
    /// and returns the ones that compile with the records each fires on. Candidates that do not parse
    /// or compile are dropped.
    static func run(_ candidates: [String], pack: RulePack, label: Label, texts: [String], options: Engine.Options) -> Run {
        var rules: [Rule] = []
        var patterns: [String] = []
        for source in candidates {
            let location = SourceLocation(file: "<suggest>", line: rules.count + 1, column: 1)
            guard let pattern = try? PatternParser.parse(source, at: location) else { continue }
            rules.append(Rule(id: "suggest.\(rules.count + 1)", label: label, match: [pattern], location: location))
            patterns.append(source)
        }
        var candidatePack = RulePack(settings: pack.settings, lists: pack.lists, rules: rules)
        var engine: Engine?
        while engine == nil, !candidatePack.rules.isEmpty {
            do throws(RulePackError) {
                engine = try Engine(pack: candidatePack, options: options)
            } catch {
                let bad = Set(error.errors.filter { $0.file == "<suggest>" }.map(\.line))
                if bad.isEmpty { return Run() }
                let keep = candidatePack.rules.indices.filter { !bad.contains(candidatePack.rules[$0].location.line) }
                candidatePack.rules = keep.map { candidatePack.rules[$0] }
                patterns = keep.map { patterns[$0] }
            }
        }
        guard let engine else { return Run() }
        var fired = [[Int]](repeating: [], count: patterns.count)
        for (index, text) in texts.enumerated() {
            for rule in engine.analyze(Comment(text: text)).matched { fired[rule].append(index) }
        }
        return Run(patterns: patterns, fired: fired, engine: engine)
    }
}
