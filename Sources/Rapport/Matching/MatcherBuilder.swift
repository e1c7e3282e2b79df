import RapportSupport

/// Compiles a pack's lists and patterns into a `CompiledMatcher`, collecting diagnostics for
/// anything that cannot compile (undefined lists, empty patterns or literals, bad gaps).
struct MatcherBuilder {
    /// Gaps longer than this are rejected: they would make a pattern match almost anything.
    static let maxGap = 50
    /// At most this many indexed entry points per pattern (alternatives at the start are expanded).
    /// Generous: a pattern that exceeds it is tried at every token of every comment, which costs far
    /// more than an entry per alternative (a 60-hashtag alternative list is 60 cheap entries).
    static let maxEntriesPerPattern = 1024

    private(set) var diagnostics: [Diagnostic] = []
    private(set) var listIndex: [String: Int] = [:]
    /// For each compiled pattern, the index of the pattern element each top-level op came from.
    private(set) var patternElements: [[Int32]] = []

    private var vocabulary = Vocabulary()
    private var ops: [Op] = []
    private var sequenceStart: [Int32] = []
    private var sequenceEnd: [Int32] = []
    private var listFirst: [Int32] = [0]
    private var entryAtomStart: [Int32] = [0]
    private var atoms: [Atom] = []
    private var patternStart: [Int32] = []
    private var patternEnd: [Int32] = []
    private var entries:
        [(
            pattern: Int32, start: Int32, end: Int32, leadMin: Int32, leadMax: Int32, anchored: Bool,
            keyMin: Int32, keyMax: Int32, keys: [Int], pairs: [UInt64]
        )] = []
    /// How many entries are indexed under each word id and prefix id so far (to pick cheap keys).
    private var wordLoad: [Int32: Int] = [:]
    private var prefixLoad: [Int32: Int] = [:]
    private var pairLoad: [UInt64: Int] = [:]
    /// Compiled patterns by the structure of their program, and the later patterns that share one.
    private var patternByStructure: [[Int32]: Int32] = [:]
    private var aliases: [(canonical: Int32, alias: Int32)] = []
    /// Word sets that an entry's comment must contain somewhere (see `RequiredWords`), deduplicated, and
    /// the set of each entry (-1: none).
    private var filterIndex: [[Int32]: Int32] = [:]
    private var filterWords: [[Int32]] = []
    private var entryFilters: [Int32] = []
    /// A filter is only worth checking when its words are this rare (common words count `CommonWords.weight`).
    static let maxFilterCost = 400
    /// At most this many word pairs key one entry (alternatives on both sides multiply).
    static let maxPairsPerEntry = 64
    /// An entry is keyed by a later word only when the word's token offset varies by less than this.
    static let maxKeyWindow = 8
    private var unindexed: [(pattern: Int32, anchored: Bool)] = []
    private var pendingPrefixKeys: [(entry: Int, prefix: Int32)] = []
    private var pendingKindKeys: [(entry: Int, kind: Int)] = []

    /// Whether entries get a required-word prefilter (`RequiredWords`).
    private let prefilter: Bool

    /// Compiles `lists` (sorted by name so ids are stable).
    init(lists: [String: PhraseList], prefilter: Bool = true) {
        self.prefilter = prefilter
        for name in lists.keys.sorted() {
            let list = lists[name]!
            var compiled: [[Atom]] = []
            for entry in list.entries {
                let tokens = Tokenizer.tokenize(entry)
                if tokens.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .warning, .emptyListEntry,
                            "entry '\(entry)' of list '\(name)' has no tokens and never matches",
                            at: list.location))
                    continue
                }
                compiled.append(tokens.map { Atom(id: vocabulary.intern(word: $0.text), kind: Self.kindConstraint($0.kind)) })
            }
            compiled.sort { lhs, rhs in
                if lhs[0] != rhs[0] { return lhs[0] < rhs[0] }
                if lhs.count != rhs.count { return lhs.count > rhs.count }
                return lhs.lexicographicallyPrecedes(rhs)
            }
            var unique: [[Atom]] = []
            for entry in compiled where unique.last != entry { unique.append(entry) }
            for entry in unique {
                atoms.append(contentsOf: entry)
                entryAtomStart.append(Int32(atoms.count))
            }
            listIndex[name] = listFirst.count - 1
            listFirst.append(Int32(entryAtomStart.count - 1))
        }
    }

    /// A pattern token of kind mention or hashtag requires that kind; any other matches any kind but a mention.
    static func kindConstraint(_ kind: Token.Kind) -> Int32 {
        switch kind {
        case .mention: Int32(KindCode.mention)
        case .hashtag: Int32(KindCode.hashtag)
        default: -1
        }
    }

    /// Compiles `pattern` and returns its id, or nil (with diagnostics) when it cannot compile.
    mutating func add(_ pattern: Pattern, rule: String) -> Int32? {
        let before = diagnostics.count
        var program: [Op] = []
        var elementOfOp: [Int32] = []
        for (index, element) in pattern.elements.enumerated() {
            let part = compile([element], pattern: pattern, rule: rule)
            program += part
            elementOfOp += Array(repeating: Int32(index), count: part.count)
        }
        if diagnostics[before...].contains(where: { $0.severity == .error }) { return nil }
        if !consumes(program) {
            diagnostics.append(
                Diagnostic(
                    .error, .patternSyntax,
                    "pattern '\(pattern.source)' in rule '\(rule)' matches no token", at: pattern.location))
            return nil
        }
        let id = Int32(patternStart.count)
        patternStart.append(Int32(ops.count))
        ops.append(contentsOf: program)
        patternEnd.append(Int32(ops.count))
        patternElements.append(elementOfOp)
        // A pattern that compiles to the same program as an earlier one (the same phrase in several rules)
        // shares its entry points: the matcher runs it once and reports the hit for both.
        let shape = structure(of: program)
        if let canonical = patternByStructure[shape] {
            aliases.append((canonical, id))
            return id
        }
        patternByStructure[shape] = id
        var budget = Self.maxEntriesPerPattern
        var needsFallback = false
        addEntries(program, pattern: id, anchored: false, leadMin: 0, leadMax: 0, budget: &budget, fallback: &needsFallback)
        if needsFallback { unindexed.append((id, program.first?.code == .start)) }
        return id
    }

    /// `program` as plain integers with alternatives spelled out (their sequence indexes differ between
    /// two compilations of the same pattern), so equal structures mean programs that match the same.
    private func structure(of program: some Collection<Op>) -> [Int32] {
        var out: [Int32] = []
        for op in program {
            out.append(Int32(op.code.rawValue))
            if op.code == .alternatives {
                out.append(op.b)
                for sequence in Int(op.a)..<Int(op.a + op.b) {
                    out += structure(of: ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])])
                    out.append(-1)
                }
            } else {
                out.append(op.a)
                out.append(op.b)
            }
        }
        return out
    }

    /// True when some op of `program` (or of its alternatives) tests a token (gaps alone do not).
    private func consumes(_ program: [Op]) -> Bool {
        program.contains { op in
            switch op.code {
            case .word, .prefix, .tokenClass, .list, .any: true
            case .alternatives:
                (Int(op.a)..<Int(op.a + op.b)).contains { sequence in
                    consumes(Array(ops[Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence])]))
                }
            case .start, .end, .gap: false
            }
        }
    }

    private mutating func compile(_ elements: [PatternElement], pattern: Pattern, rule: String) -> [Op] {
        var program: [Op] = []
        for element in elements {
            let location = pattern.location.advanced(by: element.offset)
            switch element.kind {
            case .literal(let text):
                let tokens = Tokenizer.tokenize(text)
                if tokens.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .error, .emptyLiteral,
                            "'\(text)' in pattern '\(pattern.source)' of rule '\(rule)' has no tokens", at: location))
                }
                for token in tokens {
                    program.append(Op(.word, vocabulary.intern(word: token.text), Self.kindConstraint(token.kind)))
                }
            case .prefix(let text):
                let tokens = Tokenizer.tokenize(text)
                guard let last = tokens.last else {
                    diagnostics.append(
                        Diagnostic(
                            .error, .emptyPrefix,
                            "prefix '\(text)*' in pattern '\(pattern.source)' of rule '\(rule)' has no tokens",
                            at: location))
                    continue
                }
                for token in tokens.dropLast() {
                    program.append(Op(.word, vocabulary.intern(word: token.text), Self.kindConstraint(token.kind)))
                }
                program.append(Op(.prefix, vocabulary.intern(prefix: last.text)))
            case .alternatives(let alternatives):
                if alternatives.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .error, .patternSyntax,
                            "empty '[]' in pattern '\(pattern.source)' of rule '\(rule)'", at: location))
                    continue
                }
                let compiled = alternatives.map { compile($0, pattern: pattern, rule: rule) }
                let first = Int32(sequenceStart.count)
                for sequence in compiled {
                    sequenceStart.append(Int32(ops.count))
                    ops.append(contentsOf: sequence)
                    sequenceEnd.append(Int32(ops.count))
                }
                program.append(Op(.alternatives, first, Int32(compiled.count)))
            case .list(let name):
                if let index = listIndex[name] {
                    program.append(Op(.list, Int32(index)))
                } else if let tokenClass = TokenClass(rawValue: name) {
                    program.append(Op(.tokenClass, KindCode.mask(of: tokenClass)))
                } else {
                    let hint = DidYouMean.closest(to: name, in: listIndex.keys.sorted() + TokenClass.allCases.map(\.rawValue))
                    diagnostics.append(
                        Diagnostic(
                            .error, .undefinedList,
                            "undefined list '<\(name)>' in pattern '\(pattern.source)' of rule '\(rule)'",
                            at: location, hint: hint.map { "did you mean '<\($0)>'?" }))
                }
            case .builtin(let tokenClass):
                program.append(Op(.tokenClass, KindCode.mask(of: tokenClass)))
            case .anyToken:
                program.append(Op(.any))
            case .gap(let low, let high):
                if low < 0 || high < low || high > Self.maxGap {
                    diagnostics.append(
                        Diagnostic(
                            .error, .patternSyntax,
                            "gap {\(low),\(high)} in pattern '\(pattern.source)' of rule '\(rule)' must have 0 <= min <= max <= \(Self.maxGap)",
                            at: location))
                    continue
                }
                program.append(Op(.gap, Int32(low), Int32(high)))
            case .start:
                program.append(Op(.start))
            case .end:
                program.append(Op(.end))
            }
        }
        return program
    }

    /// Indexes `sequence` (a pattern program, or one expansion of its leading alternatives) by the keys
    /// its first token-consuming op can produce. Leading `*`/gaps become a lead length range checked
    /// before the entry runs; a leading `^` makes the entry anchored.
    private mutating func addEntries(
        _ sequence: [Op], pattern: Int32, anchored: Bool, leadMin: Int, leadMax: Int,
        budget: inout Int, fallback: inout Bool
    ) {
        var anchored = anchored, leadMin = leadMin, leadMax = leadMax
        var index = 0
        scan: while index < sequence.count {
            let op = sequence[index]
            switch op.code {
            case .start where leadMax == 0 && !anchored:
                anchored = true
            case .any:
                leadMin += 1
                leadMax += 1
            case .gap:
                leadMin += Int(op.a)
                leadMax += Int(op.b)
            default:
                break scan
            }
            index += 1
        }
        guard index < sequence.count, budget > 0 else { fallback = true; return }
        let op = sequence[index]
        var keys: [Int] = []
        var prefixKey: Int32?
        var kindKeys: [Int] = []
        switch op.code {
        case .word:
            keys = [Int(op.a)]
        case .prefix:
            prefixKey = op.a
        case .tokenClass:
            kindKeys = (0..<KindCode.count).filter { (op.a >> Int32($0)) & 1 != 0 }
        case .list:
            let list = Int(op.a)
            var firsts = Set<Int>()
            for entry in Int(listFirst[list])..<Int(listFirst[list + 1]) {
                firsts.insert(Int(atoms[Int(entryAtomStart[entry])].id))
            }
            keys = firsts.sorted()
        case .alternatives:
            let rest = sequence[(index + 1)...]
            for alternative in Int(op.a)..<Int(op.a + op.b) {
                budget -= 1
                let expanded = Array(ops[Int(sequenceStart[alternative])..<Int(sequenceEnd[alternative])]) + rest
                addEntries(
                    expanded, pattern: pattern, anchored: anchored, leadMin: leadMin, leadMax: leadMax,
                    budget: &budget, fallback: &fallback)
            }
            return
        case .start, .end, .any, .gap:
            fallback = true
            return
        }
        budget -= 1
        // Key the entry by whichever of its words (or prefixes) is cheapest to watch for: when the first
        // op is a list of common words ("<things> {0,3} refund"), a later word, list or group of
        // alternatives that fewer entries share and that is rarer in comments is a better key. The entry
        // still runs from its first op, at every position the key's offset allows.
        var keyMin = 0, keyMax = 0
        var cost = keyCost(of: op) ?? 64 * kindKeys.count
        var keyOps = index...index
        var later: Op?
        var pairs: [UInt64] = []
        var low = 0, high = 0
        var j = index
        while j < sequence.count {
            if j > index, let keyCost = keyCost(of: sequence[j]), (high - low + 1) * keyCost < cost {
                cost = (high - low + 1) * keyCost
                later = sequence[j]
                keyOps = j...j
                pairs = []
                keyMin = low
                keyMax = high
            }
            if j + 1 < sequence.count, let candidates = pairKeys(sequence[j], sequence[j + 1]) {
                let pairCost = (high - low + 1) * candidates.reduce(0) { $0 + 1 + pairLoad[$1, default: 0] }
                if pairCost < cost {
                    cost = pairCost
                    later = nil
                    keyOps = j...(j + 1)
                    pairs = candidates
                    keyMin = low
                    keyMax = high
                }
            }
            guard let range = tokenRange(of: sequence[j]) else { break }
            low += range.min
            high += range.max
            j += 1
            if high - low >= Self.maxKeyWindow { break }
        }
        if !pairs.isEmpty {
            keys = []
            prefixKey = nil
            kindKeys = []
        } else if let later {
            keys = later.code == .prefix ? [] : keyWords(of: later) ?? []
            prefixKey = later.code == .prefix ? later.a : nil
            kindKeys = []
        }
        for key in keys { wordLoad[Int32(key), default: 0] += 1 }
        if let prefixKey { prefixLoad[prefixKey, default: 0] += 1 }
        for pair in pairs { pairLoad[pair, default: 0] += 1 }
        let start = Int32(ops.count)
        ops.append(contentsOf: sequence[index...])
        let entry = entries.count
        entries.append(
            (
                pattern, start, Int32(ops.count), Int32(leadMin), Int32(leadMax), anchored,
                Int32(keyMin), Int32(keyMax), keys, pairs
            ))
        entryFilters.append(prefilter ? filterGroup(for: sequence, from: index, except: keyOps) : -1)
        if let prefixKey { pendingPrefixKeys.append((entry, prefixKey)) }
        for kind in kindKeys { pendingKindKeys.append((entry, kind)) }
    }

    /// The rarest word set, among the top-level ops of `sequence` from `from` other than the key ops, that
    /// a comment must contain for the entry to match (one of the words of a word op, list or alternatives
    /// group), as an index into `filterWords`; -1 when there is none rare enough to be worth checking.
    private mutating func filterGroup(for sequence: [Op], from: Int, except keyOps: ClosedRange<Int>) -> Int32 {
        var best: [Int32]?
        var bestCost = Self.maxFilterCost
        for j in from..<sequence.count where !keyOps.contains(j) {
            guard let words = keyWords(of: sequence[j]) else { continue }
            let cost = words.reduce(0) { $0 + CommonWords.factor(vocabulary.words[$1]) }
            if cost < bestCost {
                bestCost = cost
                best = words.map { Int32($0) }
            }
        }
        guard let best else { return -1 }
        if let known = filterIndex[best] { return known }
        let group = Int32(filterWords.count)
        filterWords.append(best)
        filterIndex[best] = group
        return group
    }

    /// The cost of watching for `op` as an entry's key: for each word it can start with, the entries
    /// already keyed by it plus one, weighted by how common the word is in comments. Nil when `op` cannot
    /// be a key (a class, a gap, alternatives that do not all start with a word).
    private func keyCost(of op: Op) -> Int? {
        if op.code == .prefix { return 2 + prefixLoad[op.a, default: 0] }
        guard let words = keyWords(of: op) else { return nil }
        return words.reduce(0) { total, word in
            total + (1 + wordLoad[Int32(word), default: 0]) * CommonWords.factor(vocabulary.words[word])
        }
    }

    /// The word pairs one of which two adjacent tokens matched by `first` then `second` must be, or nil when
    /// they cannot key an entry: `first` must cover exactly one token (a word, or alternatives of single
    /// words), `second` must start with a word (a word, a list, alternatives that all start with one).
    private func pairKeys(_ first: Op, _ second: Op) -> [UInt64]? {
        let firstWords: [Int]
        switch first.code {
        case .word:
            firstWords = [Int(first.a)]
        case .alternatives:
            var words: [Int] = []
            for sequence in Int(first.a)..<Int(first.a + first.b) {
                let start = Int(sequenceStart[sequence])
                guard Int(sequenceEnd[sequence]) == start + 1, ops[start].code == .word else { return nil }
                words.append(Int(ops[start].a))
            }
            firstWords = words
        default:
            return nil
        }
        guard let secondWords = keyWords(of: second),
            firstWords.count * secondWords.count <= Self.maxPairsPerEntry
        else { return nil }
        var pairs: [UInt64] = []
        for a in Set(firstWords).sorted() {
            for b in secondWords { pairs.append(PairMap.pack(Int32(a), Int32(b))) }
        }
        return pairs
    }

    /// The word ids one of which a token matched by `op` must have: the word of a `.word` op, the first
    /// words of a list's entries, or the first words of alternatives that all start with a word.
    private func keyWords(of op: Op) -> [Int]? {
        switch op.code {
        case .word:
            return [Int(op.a)]
        case .list:
            let list = Int(op.a)
            var firsts = Set<Int>()
            for entry in Int(listFirst[list])..<Int(listFirst[list + 1]) {
                firsts.insert(Int(atoms[Int(entryAtomStart[entry])].id))
            }
            return firsts.isEmpty ? nil : firsts.sorted()
        case .alternatives:
            var firsts = Set<Int>()
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                let first = Int(sequenceStart[sequence])
                guard first < Int(sequenceEnd[sequence]), ops[first].code == .word else { return nil }
                firsts.insert(Int(ops[first].a))
            }
            return firsts.sorted()
        default:
            return nil
        }
    }

    /// The fewest and most tokens `op` can cover, or nil when it is not bounded by this analysis.
    private func tokenRange(of op: Op) -> (min: Int, max: Int)? {
        switch op.code {
        case .word, .prefix, .tokenClass, .any: return (1, 1)
        case .gap: return (Int(op.a), Int(op.b))
        case .start, .end: return (0, 0)
        case .list:
            let list = Int(op.a)
            let first = Int(listFirst[list]), last = Int(listFirst[list + 1])
            guard first < last else { return nil }
            var range = (min: Int.max, max: 0)
            for entry in first..<last {
                let length = Int(entryAtomStart[entry + 1] - entryAtomStart[entry])
                range = (Swift.min(range.min, length), Swift.max(range.max, length))
            }
            return range
        case .alternatives:
            var range = (min: Int.max, max: 0)
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                var low = 0, high = 0
                for index in Int(sequenceStart[sequence])..<Int(sequenceEnd[sequence]) {
                    guard let part = tokenRange(of: ops[index]) else { return nil }
                    low += part.min
                    high += part.max
                }
                range = (Swift.min(range.min, low), Swift.max(range.max, high))
            }
            return range.min <= range.max ? range : nil
        }
    }

    /// The vocabulary id of a normalized word that no pattern needs (a lexicon term's), added if new.
    mutating func intern(word: String) -> Int32 {
        vocabulary.intern(word: word)
    }

    /// Freezes everything into the runtime matcher.
    consuming func build() -> CompiledMatcher {
        vocabulary.freeze()
        let words = Int(vocabulary.wordCount), prefixCount = Int(vocabulary.prefixCount)
        let keyCount = words + prefixCount + KindCode.count
        var perKey = [[Int32]](repeating: [], count: keyCount)
        for (index, entry) in entries.enumerated() {
            for key in entry.keys { perKey[key].append(Int32(index)) }
        }
        for (entry, prefix) in pendingPrefixKeys { perKey[words + Int(prefix)].append(Int32(entry)) }
        var pairKeys: [(pair: UInt64, entry: Int32)] = []
        for (index, entry) in entries.enumerated() {
            for pair in entry.pairs { pairKeys.append((pair, Int32(index))) }
        }
        for (entry, kind) in pendingKindKeys { perKey[words + prefixCount + kind].append(Int32(entry)) }
        var keyOffsets: [Int32] = [0]
        var keyEntries: [Int32] = []
        keyOffsets.reserveCapacity(keyCount + 1)
        for list in perKey {
            keyEntries.append(contentsOf: list)
            keyOffsets.append(Int32(keyEntries.count))
        }
        return CompiledMatcher(
            vocabulary: vocabulary, ops: ops, sequenceStart: sequenceStart, sequenceEnd: sequenceEnd, listFirst: listFirst,
            entryAtomStart: entryAtomStart, atoms: atoms, patternStart: patternStart, patternEnd: patternEnd,
            entryPattern: entries.map(\.pattern), entryStart: entries.map(\.start), entryEnd: entries.map(\.end),
            entryLeadMin: entries.map(\.leadMin), entryLeadMax: entries.map(\.leadMax), entryAnchored: entries.map(\.anchored),
            entryKeyMin: entries.map(\.keyMin), entryKeyMax: entries.map(\.keyMax),
            keyOffsets: keyOffsets, keyEntries: keyEntries, pairs: PairIndex(pairKeys), aliases: aliases,
            required: RequiredWords(groups: filterWords, entryGroups: entryFilters, wordCount: words),
            unindexedPatterns: unindexed.map(\.pattern), unindexedAnchored: unindexed.map(\.anchored))
    }
}
