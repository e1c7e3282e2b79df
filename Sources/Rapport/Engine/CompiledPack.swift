/// Everything `Engine` compiles from a pack, stored once and shared by all copies of the engine.
final class CompiledPack: Sendable {
    let matcher: CompiledMatcher
    /// For each pattern id: the rule it belongs to, whether it is an `unless` pattern, and its index
    /// in the rule's `match` or `unless` array.
    let patternRule: [Int32]
    let patternIsUnless: [Bool]
    let patternOrdinal: [Int32]
    /// For each pattern id, the element index of each of its top-level ops (for `whyNot`).
    let patternElements: [[Int32]]
    /// Pattern ids of each rule's `match` and `unless` patterns.
    let ruleMatchPatterns: [[Int32]]
    let ruleUnlessPatterns: [[Int32]]
    /// The compiled negator list and its longest entry, if the pack has one.
    let negatorList: Int?
    let negatorMaxLength: Int
    /// Per word id: whether an entry of the negator list starts with that word (the matcher looks a list
    /// entry up by its first word, so a token whose word and variant start none cannot start a negator).
    let negatorStarts: [Bool]
    /// Rules with a `when` condition that reads `label` and no `match` patterns: evaluated for every
    /// comment, after the decision.
    let conditionOnlyRules: [Int]
    /// Rules with a `when` condition that does not read `label` and no `match` patterns: evaluated
    /// for every comment, before the decision (their weight counts when the condition holds).
    let gatingConditionOnlyRules: [Int]
    let ruleIndex: [String: Int]
    /// Per rule, by index: whether it has a `when` condition, whether that condition gates its weight
    /// (it does not read `label`, so it is evaluated before the decision), the slot of its label in ``slots``
    /// (-1 for none), its weight, and whether it escalates (read per comment without copying the `Rule`).
    let ruleHasCondition: [Bool]
    let ruleConditionGates: [Bool]
    let ruleScoreSlot: [Int8]
    let ruleWeight: [Double]
    let ruleEscalates: [Bool]
    /// Each rule's escalation, if any (read without copying the `Rule`).
    let ruleEscalations: [Escalation?]
    /// Each escalating rule's escalation merged on its own: the summary of a comment on which it is the
    /// only fired rule that escalates (most escalated comments), made once instead of per comment.
    let ruleEscalationSummaries: [EscalationSummary?]
    /// Each rule's `when`, compiled (nil for none).
    let ruleConditions: [CompiledCondition?]
    /// Each rule's ``CompiledCondition/requiredLabel`` (nil for none, and for a rule without `when`): the
    /// conditions stage evaluates a `when` that reads `label` only when the decided label is this one.
    let ruleRequiredLabels: [String?]
    /// The pack's lexicon, if it has one.
    let lexicon: CompiledLexicon?
    /// The pack's learned escalation check, if it has one.
    let escalationModel: CompiledEscalationModel?
    /// The labels of the score slots (``RulePack/scoredLabels``) and their ranks on a tie.
    let slots: ScoreSlots
    /// The pack's `praise_escalates` (``PackSettings/praiseEscalates``): the routes whose escalations
    /// stand on a praise verdict; nil for every route.
    let praiseEscalationRoutes: Set<String>?

    init(
        matcher: CompiledMatcher, lexicon: CompiledLexicon?, patternRule: [Int32], patternIsUnless: [Bool], patternOrdinal: [Int32],
        patternElements: [[Int32]], ruleMatchPatterns: [[Int32]], ruleUnlessPatterns: [[Int32]], negatorList: Int?,
        negatorMaxLength: Int, conditionOnlyRules: [Int], ruleIndex: [String: Int], rules: [Rule], slots: ScoreSlots,
        escalationModel: CompiledEscalationModel? = nil, praiseEscalationRoutes: Set<String>? = nil
    ) {
        self.slots = slots
        self.praiseEscalationRoutes = praiseEscalationRoutes
        self.matcher = matcher
        self.lexicon = lexicon
        self.escalationModel = escalationModel
        self.patternRule = patternRule
        self.patternIsUnless = patternIsUnless
        self.patternOrdinal = patternOrdinal
        self.patternElements = patternElements
        self.ruleMatchPatterns = ruleMatchPatterns
        self.ruleUnlessPatterns = ruleUnlessPatterns
        self.negatorList = negatorList
        self.negatorMaxLength = negatorMaxLength
        self.negatorStarts = Self.listStarts(negatorList, in: matcher)
        let gates = rules.map { $0.when.map { !$0.expression.mentionsLabel } ?? false }
        self.conditionOnlyRules = conditionOnlyRules.filter { !gates[$0] }
        self.gatingConditionOnlyRules = conditionOnlyRules.filter { gates[$0] }
        self.ruleIndex = ruleIndex
        self.ruleHasCondition = rules.map { $0.when != nil }
        self.ruleConditionGates = gates
        self.ruleScoreSlot = rules.map { rule in Int8(rule.label.flatMap { slots.labels.firstIndex(of: $0) } ?? -1) }
        self.ruleWeight = rules.map(\.weight)
        self.ruleEscalates = rules.map { $0.escalate != nil }
        self.ruleEscalations = rules.map(\.escalate)
        self.ruleEscalationSummaries = rules.map { $0.escalate.flatMap { EscalationMerge.merge([$0]) } }
        let conditions = rules.map { $0.when.map { CompiledCondition($0.expression) } }
        self.ruleConditions = conditions
        self.ruleRequiredLabels = conditions.map { $0?.requiredLabel }
    }

    /// Per word id of `matcher`'s vocabulary: whether an entry of compiled list `list` (none: no entry)
    /// has that word as its first atom.
    static func listStarts(_ list: Int?, in matcher: CompiledMatcher) -> [Bool] {
        var starts = [Bool](repeating: false, count: Int(matcher.vocabulary.wordCount))
        guard let list else { return starts }
        for entry in Int(matcher.listFirst[list])..<Int(matcher.listFirst[list + 1]) {
            let atom = Int(matcher.entryAtomStart[entry])
            guard atom < matcher.atoms.count else { continue }
            let id = Int(matcher.atoms[atom].id)
            if id >= 0, id < starts.count { starts[id] = true }
        }
        return starts
    }

    /// Compiles `pack`; throws every error diagnostic found (warnings are returned). `keyedIndex`: see
    /// `MatcherBuilder.init(lists:prefilter:keyedIndex:)`.
    static func compile(_ pack: RulePack, prefilter: Bool = true, keyedIndex: Bool = false) throws(RulePackError) -> (
        CompiledPack, [Diagnostic]
    ) {
        var builder = MatcherBuilder(
            lists: pack.lists, prefilter: prefilter, keyedIndex: keyedIndex,
            expectedPatterns: pack.rules.reduce(0) { $0 + $1.match.count + $1.unless.count })
        var diagnostics: [Diagnostic] = []
        var patternRule: [Int32] = [], patternIsUnless: [Bool] = [], patternOrdinal: [Int32] = []
        var ruleMatch: [[Int32]] = [], ruleUnless: [[Int32]] = []
        var conditionOnly: [Int] = []
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in pack.rules.enumerated() {
            if ruleIndex[rule.id] != nil {
                diagnostics.append(Diagnostic(.error, .duplicateRuleID, "duplicate rule id '\(rule.id)'", at: rule.location))
            } else {
                ruleIndex[rule.id] = index
            }
            if rule.match.isEmpty && rule.when == nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, .neverFires,
                        "rule '\(rule.id)' has neither 'match' nor 'when' and can never fire", at: rule.location))
            }
            if rule.match.isEmpty && rule.when != nil { conditionOnly.append(index) }
            var matchIDs: [Int32] = [], unlessIDs: [Int32] = []
            for (isUnless, patterns) in [(false, rule.match), (true, rule.unless)] {
                for (ordinal, pattern) in patterns.enumerated() {
                    guard let id = builder.add(pattern, rule: rule.id) else { continue }
                    patternRule.append(Int32(index))
                    patternIsUnless.append(isUnless)
                    patternOrdinal.append(Int32(ordinal))
                    if isUnless { unlessIDs.append(id) } else { matchIDs.append(id) }
                }
            }
            ruleMatch.append(matchIDs)
            ruleUnless.append(unlessIDs)
        }
        let negatorName = pack.settings.negatorList
        let negatorList = builder.listIndex[negatorName]
        var negatorMaxLength = 0
        if let list = pack.lists[negatorName] {
            negatorMaxLength = list.entries.map { Tokenizer.tokenize($0).count }.max() ?? 0
        } else if negatorName != PackSettings().negatorList {
            diagnostics.append(
                Diagnostic(
                    .error, .undefinedList, "the negator list '\(negatorName)' is not defined",
                    at: SourceLocation(file: pack.rules.first?.location.file ?? "pack", line: 1, column: 1)))
        }
        diagnostics += builder.diagnostics
        let patternElements = builder.patternElements
        if diagnostics.contains(where: { $0.severity == .error }) { throw RulePackError(diagnostics: diagnostics) }
        let lexiconWords = pack.lexicon.map { $0.terms.map { term in term.words.map { builder.intern(word: $0) } } }
        let modelWords = pack.escalationModel.map { $0.terms.map { term in term.words.map { builder.intern(word: $0) } } }
        // `consume`: without it the builder (its trie and child table) stayed alive to the end of this function,
        // beside the automaton its build makes, at the loading's peak.
        let matcher = (consume builder).build()
        let lexicon = pack.lexicon.map {
            CompiledLexicon(
                $0, termWords: lexiconWords ?? [], wordCount: Int(matcher.vocabulary.wordCount), ruleIndex: ruleIndex, ruleCount: pack.rules.count)
        }
        let compiled = CompiledPack(
            matcher: matcher, lexicon: lexicon, patternRule: patternRule, patternIsUnless: patternIsUnless, patternOrdinal: patternOrdinal,
            patternElements: patternElements, ruleMatchPatterns: ruleMatch, ruleUnlessPatterns: ruleUnless,
            negatorList: negatorList, negatorMaxLength: negatorMaxLength, conditionOnlyRules: conditionOnly, ruleIndex: ruleIndex, rules: pack.rules,
            slots: ScoreSlots(labels: pack.scoredLabels, precedence: pack.settings.precedence),
            escalationModel: pack.escalationModel.map {
                CompiledEscalationModel($0, termWords: modelWords ?? [], wordCount: Int(matcher.vocabulary.wordCount))
            }, praiseEscalationRoutes: pack.settings.praiseEscalates.map(Set.init))
        return (compiled, diagnostics.sorted())
    }
}
