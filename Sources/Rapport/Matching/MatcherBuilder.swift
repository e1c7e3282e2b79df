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
    /// `CommonWords.factor` of each word id interned so far by `internWord`, so a word's text is hashed
    /// into `CommonWords.texts` once, not once per op that weighs it.
    private var wordFactors: [Int] = []
    private var programs = PatternPrograms()
    private var lists = CompiledLists()
    /// `listFirstWords` of each list, worked out once (the lists do not change after `init`).
    private var listFirsts: [[Int]] = []
    /// Per list, as `requiredParts` weighs a list op: its first words as terms (`requiredTerms`), their
    /// cost, and the index of the part with those terms once `part(of:)` has given it (-1 before).
    private var listTerms: [[Int32]] = []
    private var listTermCosts: [Int] = []
    private var listParts: [Int32] = []
    /// The entries so far, and the key of each.
    private var entries: [MatcherEntry] = []
    private var entryKeys: [EntryKey] = []
    /// How many entries are indexed under each word id and prefix id so far (to pick cheap keys).
    private var wordLoad: [Int32: Int] = [:]
    private var prefixLoad: [Int32: Int] = [:]
    private var pairLoad: [UInt64: Int] = [:]
    /// Compiled patterns by the structure of their program, and the later patterns that share one.
    private var patternByStructure: [Int32Run: Int32] = [:]
    private var aliases: [(canonical: Int32, alias: Int32)] = []
    /// Required parts (see `RequiredWords`), deduplicated: each a sorted term set, words as their ids and
    /// prefixes as `-1 - id` until the vocabulary is final; and the parts of every entry, concatenated.
    private var partIndex: [Int32Run: Int32] = [:]
    private var parts: [[Int32]] = []
    private var entryParts: [Int32] = []
    /// The trie nodes to expect per pattern when presizing (the default pack makes about 62).
    static let nodesPerPattern = 64
    /// A part is only worth checking when its terms are this rare (common words count `CommonWords.weight`).
    static let maxPartCost = 400
    /// At most this many parts are checked per entry, the rarest.
    static let maxPartsPerEntry = 4
    /// At most this many word pairs key one entry (alternatives on both sides multiply).
    static let maxPairsPerEntry = 64
    /// An entry is keyed by a later word only when the word's token offset varies by less than this.
    static let maxKeyWindow = 8
    private var unindexed: [(pattern: Int32, anchored: Bool)] = []
    /// The literals met so far, and the word ids of each (by its id in `literals`) as a range of
    /// `literalWordIDs`, empty for a literal that is not plain words (`PlainWords.words`): the same literal
    /// ("i'm", "my order") recurs in many patterns' alternatives, and is split into words and each word
    /// interned once, not at every use.
    private var literals = ByteInterner()
    private var literalRanges: [Range<Int32>] = []
    private var literalWordIDs: [Int32] = []
    /// Per op weighed by `requiredParts` (other than a list's, kept in `listTerms`): the index in
    /// `opTermList` of its `requiredTerms(of:)`, their cost and their part once `part(of:)` has given it
    /// (-1 before); -1 when it requires none. The ops after an entry's leading group are the same for every
    /// alternative the group expands into, so each is weighed once, not once per entry.
    private var opTermSlots = OpTable()
    private var opTermList: [(terms: [Int32], cost: Int, part: Int32)] = []
    /// `requiredParts`' list of the parts it found (empty between calls: kept for its capacity). `list`: the
    /// list whose first words the terms are, else -1; `slot`: else their index in `opTermList`.
    private var requiredPartsBuffer: [(cost: Int, terms: [Int32], list: Int, slot: Int)] = []

    /// Whether entries get a required-part prefilter (`RequiredWords`).
    private let prefilter: Bool
    /// Whether the keyed entry index of earlier versions (`EntryIndex`, the tests' oracle) is built too.
    private let keyedIndex: Bool
    /// Buffers that `compile` lends a group of alternatives (its ops, and where each alternative's end),
    /// one per group being compiled, kept for the next.
    private var opBuffers: [[Op]] = []
    private var endBuffers: [[Int]] = []
    /// The trie of every entry's spine.
    private var automaton: TokenAutomatonBuilder
    /// What the spines of every entry share: each group's paths counted and each sequence's having a path,
    /// worked out once (the groups of a pattern are met again for each entry its alternatives expand into).
    private let spineMemo = SpineMemo()

    /// Compiles `lists` (sorted by name so ids are stable). With `keyedIndex` (tests only) the matcher also
    /// gets the keyed entry index that `CompiledMatcher.referenceHits` reads. `listPartsKept: false` (tests
    /// only) works out a list op's required terms, cost and part for each entry, the general path that
    /// `listTerms`, `listTermCosts` and `listParts` must agree with.
    ///
    /// `expectedPatterns` (a hint) presizes the tables that grow with each pattern.
    init(
        lists: [String: PhraseList], prefilter: Bool = true, keyedIndex: Bool = false, listPartsKept: Bool = true,
        expectedPatterns: Int = 0
    ) {
        self.prefilter = prefilter
        self.keyedIndex = keyedIndex
        automaton = TokenAutomatonBuilder(expectedNodes: Self.nodesPerPattern * expectedPatterns)
        patternByStructure.reserveCapacity(expectedPatterns)
        for name in lists.keys.sorted() {
            let list = lists[name]!
            var compiled: [[Atom]] = []
            for entry in list.entries {
                if let words = PlainWords.words(in: entry) {
                    compiled.append(words.map { Atom(id: internWord($0), kind: -1) })
                    continue
                }
                let tokens = Tokenizer.tokenize(entry)
                if tokens.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .warning, .emptyListEntry,
                            "entry '\(entry)' of list '\(name)' has no tokens and never matches",
                            at: list.location))
                    continue
                }
                var atoms: [Atom] = []
                for token in tokens { atoms.append(Atom(id: internWord(token), kind: Self.kindConstraint(token.kind))) }
                compiled.append(atoms)
            }
            compiled.sort { lhs, rhs in
                if lhs[0] != rhs[0] { return lhs[0] < rhs[0] }
                if lhs.count != rhs.count { return lhs.count > rhs.count }
                return lhs.lexicographicallyPrecedes(rhs)
            }
            var unique: [[Atom]] = []
            for entry in compiled where unique.last != entry { unique.append(entry) }
            for entry in unique {
                self.lists.atoms.append(contentsOf: entry)
                self.lists.entryAtomStart.append(Int32(self.lists.atoms.count))
            }
            listIndex[name] = self.lists.listFirst.count - 1
            self.lists.listFirst.append(Int32(self.lists.entryAtomStart.count - 1))
        }
        listFirsts = (0..<(self.lists.listFirst.count - 1)).map { firstWords(ofList: $0) }
        listTerms = listFirsts.map { words in words.map { Int32($0) } }
        listTermCosts = listTerms.map { terms in terms.reduce(0) { $0 + factor(ofWord: Int($1)) } }
        listParts = [Int32](repeating: -1, count: listFirsts.count)
        if !listPartsKept { listTerms = [] }
    }

    /// The word id of a pattern token, interned; a hashtag (`#fail`) is also recorded as an ending that a
    /// compound hashtag may be read as (``HashtagTail``).
    private mutating func internWord(_ token: Token) -> Int32 {
        let id = internWord(token.text)
        if token.kind == .hashtag { vocabulary.markHashtag(id) }
        return id
    }

    /// The id of the word `text` (of a token that is not a hashtag), interning it if needed.
    private mutating func internWord(_ text: String) -> Int32 {
        let id = vocabulary.intern(word: text)
        if Int(id) == wordFactors.count { wordFactors.append(CommonWords.factor(text)) }
        return id
    }

    /// The id of the word with the UTF-8 `bytes` (of a token that is not a hashtag), interning it if needed.
    private mutating func internWord(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let id = vocabulary.intern(word: bytes)
        if Int(id) == wordFactors.count { wordFactors.append(CommonWords.factor(vocabulary.words[Int(id)])) }
        return id
    }

    /// `CommonWords.factor` of word `id`'s text.
    private func factor(ofWord id: Int) -> Int {
        id < wordFactors.count ? wordFactors[id] : CommonWords.factor(vocabulary.words[id])
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
            let opsBefore = program.count
            compile(element, pattern: pattern, rule: rule, into: &program)
            elementOfOp.append(contentsOf: repeatElement(Int32(index), count: program.count - opsBefore))
        }
        if diagnostics[before...].contains(where: { $0.severity == .error }) { return nil }
        if !consumes(program[...]) {
            diagnostics.append(
                Diagnostic(
                    .error, .patternSyntax,
                    "pattern '\(pattern.source)' in rule '\(rule)' matches no token", at: pattern.location))
            return nil
        }
        let id = Int32(programs.patternStart.count)
        programs.patternStart.append(Int32(programs.ops.count))
        programs.ops.append(contentsOf: program)
        programs.patternEnd.append(Int32(programs.ops.count))
        patternElements.append(elementOfOp)
        // A pattern that compiles to the same program as an earlier one (the same phrase in several rules)
        // shares its entry points: the matcher runs it once and reports the hit for both.
        let shape = Int32Run(structure(of: program))
        if let canonical = patternByStructure[shape] {
            aliases.append((canonical, id))
            return id
        }
        patternByStructure[shape] = id
        var budget = Self.maxEntriesPerPattern
        var needsFallback = false
        addEntries(program, pattern: id, lead: Lead(), budget: &budget, fallback: &needsFallback)
        if needsFallback { unindexed.append((id, program.first?.code == .start)) }
        return id
    }

    /// `program` as plain integers with alternatives spelled out (their sequence indexes differ between
    /// two compilations of the same pattern), so equal structures mean programs that match the same.
    private func structure(of program: [Op]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(3 * program.count)
        structure(of: program[...], into: &out)
        return out
    }

    /// Appends `structure(of: program)` to `out`.
    private func structure(of program: ArraySlice<Op>, into out: inout [Int32]) {
        for op in program {
            out.append(Int32(op.code.rawValue))
            if op.code == .alternatives {
                out.append(op.b)
                for sequence in Int(op.a)..<Int(op.a + op.b) {
                    structure(of: programs.ops[Int(programs.sequenceStart[sequence])..<Int(programs.sequenceEnd[sequence])], into: &out)
                    out.append(-1)
                }
            } else {
                out.append(op.a)
                out.append(op.b)
            }
        }
    }

    /// True when some op of `program` (or of its alternatives) tests a token (gaps alone do not).
    private func consumes(_ program: ArraySlice<Op>) -> Bool {
        program.contains { op in
            switch op.code {
            case .word, .prefix, .tokenClass, .list, .any: true
            case .alternatives:
                (Int(op.a)..<Int(op.a + op.b)).contains { sequence in
                    consumes(programs.ops[Int(programs.sequenceStart[sequence])..<Int(programs.sequenceEnd[sequence])])
                }
            case .start, .end, .gap: false
            }
        }
    }

    /// Appends the ops of `element` to `program`.
    private mutating func compile(_ element: PatternElement, pattern: Pattern, rule: String, into program: inout [Op]) {
        // Only a diagnostic needs the element's place.
        var location: SourceLocation { pattern.location.advanced(by: element.offset) }
        switch element.kind {
        case .literal(let text):
            // Most literals are plain words, which are their own tokens.
            let (literal, isNew) = literals.intern(text)
            if isNew {
                let start = Int32(literalWordIDs.count)
                var text = text
                text.withUTF8 { bytes in
                    for range in PlainWords.wordRanges(in: bytes) ?? [] {
                        literalWordIDs.append(internWord(bytes: UnsafeBufferPointer(rebasing: bytes[range])))
                    }
                }
                literalRanges.append(start..<Int32(literalWordIDs.count))
            }
            let range = literalRanges[Int(literal)]
            if !range.isEmpty {
                for id in literalWordIDs[Int(range.lowerBound)..<Int(range.upperBound)] { program.append(Op(.word, id, -1)) }
                return
            }
            let tokens = Tokenizer.tokenize(text)
            if tokens.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .error, .emptyLiteral,
                        "'\(text)' in pattern '\(pattern.source)' of rule '\(rule)' has no tokens", at: location))
            }
            for token in tokens {
                program.append(Op(.word, internWord(token), Self.kindConstraint(token.kind)))
            }
        case .prefix(let text):
            if let words = PlainWords.words(in: text) {
                for word in words.dropLast() { program.append(Op(.word, internWord(word), -1)) }
                program.append(Op(.prefix, vocabulary.intern(prefix: words[words.count - 1])))
                return
            }
            let tokens = Tokenizer.tokenize(text)
            guard let last = tokens.last else {
                diagnostics.append(
                    Diagnostic(
                        .error, .emptyPrefix,
                        "prefix '\(text)*' in pattern '\(pattern.source)' of rule '\(rule)' has no tokens",
                        at: location))
                return
            }
            for token in tokens.dropLast() {
                program.append(Op(.word, internWord(token), Self.kindConstraint(token.kind)))
            }
            program.append(Op(.prefix, vocabulary.intern(prefix: last.text)))
        case .alternatives(let alternatives):
            if alternatives.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .error, .patternSyntax,
                        "empty '[]' in pattern '\(pattern.source)' of rule '\(rule)'", at: location))
                return
            }
            // Every alternative compiled first (the groups nested in them take the sequences before these),
            // one after another into a buffer kept for the next group at this depth: an array per
            // alternative was allocated and freed for each of the default pack's 20,000.
            var compiled = opBuffers.popLast() ?? [], ends = endBuffers.popLast() ?? []
            compiled.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            for alternative in alternatives {
                for element in alternative { compile(element, pattern: pattern, rule: rule, into: &compiled) }
                ends.append(compiled.count)
            }
            let first = Int32(programs.sequenceStart.count)
            var start = 0
            for end in ends {
                programs.sequenceStart.append(Int32(programs.ops.count))
                programs.ops.append(contentsOf: compiled[start..<end])
                programs.sequenceEnd.append(Int32(programs.ops.count))
                start = end
            }
            program.append(Op(.alternatives, first, Int32(ends.count)))
            opBuffers.append(compiled)
            endBuffers.append(ends)
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
                return
            }
            program.append(Op(.gap, Int32(low), Int32(high)))
        case .start:
            program.append(Op(.start))
        case .end:
            program.append(Op(.end))
        }
    }

    /// Where an entry's first token-consuming op may lie relative to the hit's start: after `min...max`
    /// tokens of leading `*` and gaps, from `^` when `anchored`.
    private struct Lead {
        var anchored = false
        var min = 0
        var max = 0
    }

    /// What a token must produce for an entry to be tried there.
    private enum EntryKey {
        /// One of these word ids (its text or its variant).
        case words([Int])
        /// This prefix id.
        case prefix(Int32)
        /// One of these kind codes.
        case kinds([Int])
        /// One of these pairs of adjacent words (`PairMap.pack`).
        case pairs([UInt64])
    }

    /// An entry's key, the ops of the sequence it stands for, and the token offset range of those ops
    /// from the entry's first op.
    private struct KeyChoice {
        var key: EntryKey
        var ops: ClosedRange<Int>
        var offsetMin = 0
        var offsetMax = 0
    }

    /// Indexes `sequence` (a pattern program, or one expansion of its leading alternatives) in stages:
    /// its lead (leading `^`, `*` and gaps) is skipped, leading alternatives are expanded into an entry
    /// each, the cheapest key among its ops is chosen, and the entry is registered with its required
    /// parts. `fallback` is set when the pattern cannot be indexed (or has used up `budget` entries).
    private mutating func addEntries(
        _ sequence: [Op], pattern: Int32, lead: Lead, budget: inout Int, fallback: inout Bool
    ) {
        let (index, lead) = Self.skipLead(of: sequence, after: lead)
        guard index < sequence.count, budget > 0 else { fallback = true; return }
        let op = sequence[index]
        if op.code == .alternatives {
            let rest = sequence[(index + 1)...]
            for alternative in Int(op.a)..<Int(op.a + op.b) {
                budget -= 1
                // A new array: a slice of `programs.ops` kept alive would make every append to it copy it.
                let alternativeOps = Int(programs.sequenceStart[alternative])..<Int(programs.sequenceEnd[alternative])
                var expanded: [Op] = []
                expanded.reserveCapacity(alternativeOps.count + rest.count)
                expanded.append(contentsOf: programs.ops[alternativeOps])
                expanded.append(contentsOf: rest)
                addEntries(expanded, pattern: pattern, lead: lead, budget: &budget, fallback: &fallback)
            }
            return
        }
        guard Self.canKey(op) else { fallback = true; return }
        budget -= 1
        // Keys (and the loads that choose them) only serve the keyed index; without it an entry's key is
        // unused and its offset 0.
        let choice =
            if keyedIndex, let first = firstKey(of: op) {
                cheapestKey(of: sequence, from: index, first: first)
            } else {
                KeyChoice(key: .kinds([]), ops: index...index)
            }
        register(sequence, from: index, pattern: pattern, lead: lead, choice: choice)
    }

    /// The index of the first op of `sequence` after its lead, and the lead with it.
    private static func skipLead(of sequence: [Op], after lead: Lead) -> (Int, Lead) {
        var lead = lead
        var index = 0
        scan: while index < sequence.count {
            let op = sequence[index]
            switch op.code {
            case .start where lead.max == 0 && !lead.anchored:
                lead.anchored = true
            case .any:
                lead.min += 1
                lead.max += 1
            case .gap:
                lead.min += Int(op.a)
                lead.max += Int(op.b)
            default:
                break scan
            }
            index += 1
        }
        return (index, lead)
    }

    /// Whether `op` can key an entry (`firstKey(of:)` is not nil).
    private static func canKey(_ op: Op) -> Bool {
        switch op.code {
        case .word, .prefix, .tokenClass, .list: true
        case .start, .end, .any, .gap, .alternatives: false
        }
    }

    /// The keys an entry's first op can produce, or nil when it cannot key an entry (`^` after a lead,
    /// `$`, or alternatives, which are expanded instead).
    private func firstKey(of op: Op) -> EntryKey? {
        switch op.code {
        case .word: .words([Int(op.a)])
        case .prefix: .prefix(op.a)
        case .tokenClass: .kinds((0..<KindCode.count).filter { (op.a >> Int32($0)) & 1 != 0 })
        case .list: .words(listFirstWords(Int(op.a)))
        case .start, .end, .any, .gap, .alternatives: nil
        }
    }

    /// Keys the entry by whichever of its words (or prefixes, or pairs of adjacent words) is cheapest to
    /// watch for: when the first op is a list of common words ("<things> {0,3} refund"), a later word,
    /// list or group of alternatives that fewer entries share and that is rarer in comments is a better
    /// key. The entry still runs from its first op, at every position the key's offset allows.
    private func cheapestKey(of sequence: [Op], from index: Int, first: EntryKey) -> KeyChoice {
        let op = sequence[index]
        var choice = KeyChoice(key: first, ops: index...index)
        var cost: Int
        if case .kinds(let kinds) = first { cost = 64 * kinds.count } else { cost = keyCost(of: op) ?? 0 }
        var low = 0, high = 0
        var j = index
        while j < sequence.count {
            if j > index, let keyCost = keyCost(of: sequence[j]), (high - low + 1) * keyCost < cost {
                cost = (high - low + 1) * keyCost
                let later = sequence[j]
                let key: EntryKey = later.code == .prefix ? .prefix(later.a) : .words(keyWords(of: later) ?? [])
                choice = KeyChoice(key: key, ops: j...j, offsetMin: low, offsetMax: high)
            }
            if j + 1 < sequence.count, let candidates = pairKeys(sequence[j], sequence[j + 1]) {
                let pairCost = (high - low + 1) * candidates.reduce(0) { $0 + 1 + pairLoad[$1, default: 0] }
                if pairCost < cost {
                    cost = pairCost
                    choice = KeyChoice(key: .pairs(candidates), ops: j...(j + 1), offsetMin: low, offsetMax: high)
                }
            }
            guard let range = tokenRange(of: sequence[j]) else { break }
            low += range.min
            high += range.max
            j += 1
            if high - low >= Self.maxKeyWindow { break }
        }
        return choice
    }

    /// Adds the entry running `sequence[index...]`: its spine to the automaton, with the required parts of
    /// its other ops; and, for the keyed index, under `choice`'s key.
    private mutating func register(_ sequence: [Op], from index: Int, pattern: Int32, lead: Lead, choice: KeyChoice) {
        if keyedIndex {
            switch choice.key {
            case .words(let words): for word in words { wordLoad[Int32(word), default: 0] += 1 }
            case .prefix(let prefix): prefixLoad[prefix, default: 0] += 1
            case .pairs(let pairs): for pair in pairs { pairLoad[pair, default: 0] += 1 }
            case .kinds: break
            }
            entryKeys.append(choice.key)
        }
        // Added before the entry's ops are appended to `programs.ops`, which the expander reads (so that
        // the append does not copy the array the expander still shares).
        let spine = addSpine(of: sequence, from: index, entry: Int32(entries.count))
        let start = Int32(programs.ops.count)
        programs.ops.append(contentsOf: sequence[index...])
        let partsStart = Int32(entryParts.count)
        if prefilter {
            let parts = requiredParts(of: sequence, from: index, except: index...(index + spine.opCount - 1))
            entryParts += parts
        }
        let length = spine.firstLength
        let direct = index + spine.opCount == sequence.count && length > 0 && spine.uniformLength
        // The spine's leading ops of one length each (all of them when every path has the same length).
        var fixedOps = 0, fixedTokens = 0
        while length > 0, fixedOps < spine.opCount, let range = tokenRange(of: sequence[index + fixedOps]), range.min == range.max,
            fixedTokens + range.min <= Int(Int16.max), fixedOps < Int(Int16.max)
        {
            fixedOps += 1
            fixedTokens += range.min
        }
        entries.append(
            MatcherEntry(
                pattern: pattern, start: start, end: Int32(programs.ops.count), leadMin: Int32(lead.min),
                leadMax: Int32(lead.max), keyMin: Int32(choice.offsetMin), keyMax: Int32(choice.offsetMax),
                partsStart: partsStart, partsEnd: Int32(entryParts.count), anchored: lead.anchored, direct: direct,
                spineOps: Int16(fixedOps), spineTokens: Int16(fixedTokens)))
    }

    /// The spine of the entry running `sequence[index...]`, as steps (see `SpineExpander.shape(of:from:)`),
    /// added to the automaton for entry `entry`.
    private mutating func addSpine(of sequence: [Op], from index: Int, entry: Int32) -> SpineShape {
        let expander = SpineExpander(
            ops: programs.ops, sequenceStart: programs.sequenceStart, sequenceEnd: programs.sequenceEnd, lists: lists,
            memo: spineMemo)
        let shape = expander.shape(of: sequence, from: index)
        automaton.add(shape, from: expander, entry: entry)
        return shape
    }

    /// The rarest required parts among the top-level ops of `sequence` from `from` other than the key
    /// ops (each op's terms, one of which a matching comment must contain), as indexes into `parts`,
    /// rarest first: at most `maxPartsPerEntry`, each cheaper than `maxPartCost`.
    private mutating func requiredParts(of sequence: [Op], from: Int, except keyOps: ClosedRange<Int>) -> [Int32] {
        // In the buffer kept between calls (an array grown for every entry was a tenth of this function).
        var found = requiredPartsBuffer
        requiredPartsBuffer = []
        defer {
            found.removeAll(keepingCapacity: true)
            requiredPartsBuffer = found
        }
        for j in from..<sequence.count where !keyOps.contains(j) {
            let op = sequence[j]
            let terms: [Int32], cost: Int, list: Int, slot: Int
            if op.code == .list, Int(op.a) < listTerms.count {
                // A list's terms and cost were worked out in `init` (a list with no entries has none).
                list = Int(op.a)
                terms = listTerms[list]
                if terms.isEmpty { continue }
                cost = listTermCosts[list]
                slot = -1
            } else {
                slot = termSlot(of: op)
                if slot < 0 { continue }
                (terms, cost, _) = opTermList[slot]
                list = -1
            }
            if cost < Self.maxPartCost, !found.contains(where: { $0.terms == terms }) { found.append((cost, terms, list, slot)) }
        }
        // Rarest first, in the order found among equals (an insertion sort: an entry has few parts).
        for next in found.indices.dropFirst() {
            let part = found[next]
            var at = next
            while at > 0, found[at - 1].cost > part.cost {
                found[at] = found[at - 1]
                at -= 1
            }
            found[at] = part
        }
        var indexes: [Int32] = []
        for found in found.prefix(Self.maxPartsPerEntry) {
            // The same terms give the same part: looked up (hashing every term) once per list or op.
            if found.list >= 0 {
                if listParts[found.list] < 0 { listParts[found.list] = part(of: found.terms) }
                indexes.append(listParts[found.list])
            } else {
                if opTermList[found.slot].part < 0 { opTermList[found.slot].part = part(of: found.terms) }
                indexes.append(opTermList[found.slot].part)
            }
        }
        return indexes
    }

    /// The index in `opTermList` of `op`'s required terms and their cost, worked out the first time `op`
    /// is met; -1 when it requires none.
    private mutating func termSlot(of op: Op) -> Int {
        if let slot = opTermSlots[op] { return slot }
        var slot = -1
        if let terms = requiredTerms(of: op) {
            slot = opTermList.count
            opTermList.append((terms, terms.reduce(0) { $0 + ($1 >= 0 ? factor(ofWord: Int($1)) : 2) }, -1))
        }
        opTermSlots.insert(op, slot)
        return slot
    }

    /// The index of the part with `terms`, added if new.
    private mutating func part(of terms: [Int32]) -> Int32 {
        let key = Int32Run(terms)
        if let known = partIndex[key] { return known }
        let index = Int32(parts.count)
        parts.append(terms)
        partIndex[key] = index
        return index
    }

    /// The terms one of which a token matched by `op` must have (sorted; words as ids, prefixes as
    /// `-1 - id`): a word op's word, a prefix op's prefix, the first words of a list's entries, the
    /// union of the first terms of alternatives that all start with a word, prefix, list or such
    /// alternatives. Nil when `op` requires none (a class, a gap, `*`, an empty list).
    private func requiredTerms(of op: Op) -> [Int32]? {
        var terms: [Int32] = []
        guard appendRequiredTerms(of: op, to: &terms) else { return nil }
        if op.code == .alternatives {
            // The union: sorted, each term once (a word, a prefix and a list give theirs so already).
            terms.sort()
            var kept = 0
            for term in terms where kept == 0 || terms[kept - 1] != term {
                terms[kept] = term
                kept += 1
            }
            terms.removeLast(terms.count - kept)
        }
        return terms
    }

    /// Appends the terms of `requiredTerms(of: op)` to `terms`, those of alternatives unsorted and maybe
    /// more than once; false when `op` requires none.
    private func appendRequiredTerms(of op: Op, to terms: inout [Int32]) -> Bool {
        switch op.code {
        case .word:
            terms.append(op.a)
        case .prefix:
            terms.append(-1 - op.a)
        case .list:
            let words = listFirstWords(Int(op.a))
            if words.isEmpty { return false }
            for word in words { terms.append(Int32(word)) }
        case .alternatives:
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                let first = Int(programs.sequenceStart[sequence])
                guard first < Int(programs.sequenceEnd[sequence]), appendRequiredTerms(of: programs.ops[first], to: &terms) else {
                    return false
                }
            }
        case .tokenClass, .any, .gap, .start, .end:
            return false
        }
        return true
    }

    /// The distinct first words of list `list`'s entries, ascending.
    private func listFirstWords(_ list: Int) -> [Int] {
        list < listFirsts.count ? listFirsts[list] : firstWords(ofList: list)
    }

    /// `listFirstWords(list)`, worked out from the list's entries.
    private func firstWords(ofList list: Int) -> [Int] {
        var firsts = Set<Int>()
        for entry in Int(lists.listFirst[list])..<Int(lists.listFirst[list + 1]) {
            firsts.insert(Int(lists.atoms[Int(lists.entryAtomStart[entry])].id))
        }
        return firsts.sorted()
    }

    /// The cost of watching for `op` as an entry's key: for each word it can start with, the entries
    /// already keyed by it plus one, weighted by how common the word is in comments. Nil when `op` cannot
    /// be a key (a class, a gap, alternatives that do not all start with a word).
    private func keyCost(of op: Op) -> Int? {
        if op.code == .prefix { return 2 + prefixLoad[op.a, default: 0] }
        guard let words = keyWords(of: op) else { return nil }
        return words.reduce(0) { total, word in
            total + (1 + wordLoad[Int32(word), default: 0]) * factor(ofWord: word)
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
                let start = Int(programs.sequenceStart[sequence])
                guard Int(programs.sequenceEnd[sequence]) == start + 1, programs.ops[start].code == .word else { return nil }
                words.append(Int(programs.ops[start].a))
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
            let firsts = listFirstWords(Int(op.a))
            return firsts.isEmpty ? nil : firsts
        case .alternatives:
            var firsts = Set<Int>()
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                let first = Int(programs.sequenceStart[sequence])
                guard first < Int(programs.sequenceEnd[sequence]), programs.ops[first].code == .word else { return nil }
                firsts.insert(Int(programs.ops[first].a))
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
            let first = Int(lists.listFirst[list]), last = Int(lists.listFirst[list + 1])
            guard first < last else { return nil }
            var range = (min: Int.max, max: 0)
            for entry in first..<last {
                let length = Int(lists.entryAtomStart[entry + 1] - lists.entryAtomStart[entry])
                range = (Swift.min(range.min, length), Swift.max(range.max, length))
            }
            return range
        case .alternatives:
            var range = (min: Int.max, max: 0)
            for sequence in Int(op.a)..<Int(op.a + op.b) {
                var low = 0, high = 0
                for index in Int(programs.sequenceStart[sequence])..<Int(programs.sequenceEnd[sequence]) {
                    guard let part = tokenRange(of: programs.ops[index]) else { return nil }
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
        let entryParts = self.entryParts
        var keyed: EntryIndex?
        if keyedIndex {
            var perKey = [[Int32]](repeating: [], count: words + prefixCount + KindCode.count)
            var perPair: [UInt64: [Int32]] = [:]
            for (index, key) in entryKeys.enumerated() {
                switch key {
                case .words(let ids): for id in ids { perKey[id].append(Int32(index)) }
                case .prefix(let prefix): perKey[words + Int(prefix)].append(Int32(index))
                case .kinds(let kinds): for kind in kinds { perKey[words + prefixCount + kind].append(Int32(index)) }
                case .pairs(let pairs): for pair in pairs { perPair[pair, default: []].append(Int32(index)) }
                }
            }
            keyed = EntryIndex(
                entries: entries, keys: perKey,
                pairKeys: perPair.sorted { $0.key < $1.key }.map { (pair: $0.key, entries: $0.value) },
                entryParts: entryParts, unindexed: unindexed)
        }
        let automaton = self.automaton.build(
            entries: entries, entryParts: entryParts, wordCount: vocabulary.wordCount, prefixCount: vocabulary.prefixCount)
        let terms = parts.map { part in part.map { $0 >= 0 ? $0 : Int32(words) + (-1 - $0) } }
        let required = RequiredWords(
            parts: terms, entryParts: entryParts, wordCount: words, prefixCount: prefixCount, listed: automaton.wideParts)
        return CompiledMatcher(
            vocabulary: vocabulary, programs: programs, lists: lists, entries: entries, automaton: automaton,
            unindexed: unindexed, keyedIndex: keyed, aliases: aliases, required: required)
    }
}

/// An `[Int32]` dictionary key hashed as one run of bytes: `Array`'s own hashing feeds the hasher one
/// element at a time, which was 14M instructions of loading the default pack in the lookups of pattern
/// structures and required parts. Only looked up, never iterated, so the order its hashes give is never seen.
///
/// The bytes are hashed once, when the key is made (`ByteInterner.hash`, eight bytes at a time), and
/// `hash(into:)` feeds the hasher that one number: a pattern's structure spells out its alternatives and
/// runs to thousands of values, and the dictionary hashed it again for the lookup, the store and each
/// time it grew.
struct Int32Run: Hashable {
    var values: [Int32]
    private var digest: UInt64

    init(_ values: [Int32]) {
        self.values = values
        digest = values.withUnsafeBytes { ByteInterner.hash($0.bindMemory(to: UInt8.self)) }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }
}
