import RapportSupport
/// Where each rule id of the pack being assembled is defined, and which rules a `disable:` removed.
struct RuleTable {
    /// Each rule id's defining location, layer and position in the pack's rules.
    var index: [String: (location: SourceLocation, layer: Int, index: Int)] = [:]
    /// Positions of the rules removed by `disable:` (dropped once every layer is applied).
    var disabled: Set<Int> = []
}

/// What a layer changes in the layers below it: its `patch:` sections (threshold, rules, lists) and
/// its `disable:` entries, applied once every file of the layer has been merged, so a layer may
/// patch its own rules and those of every layer below, and never those of a layer above.
extension PackAssembler {
    /// Applies the `patch:` sections of one layer's `fragments`. Patching a rule twice within one
    /// layer, or the threshold twice, is an error; so is a rule id the pack does not define (unless
    /// some file could not be read, which may hold it).
    mutating func applyPatches(_ fragments: [PackFragment], layer: Int, to pack: inout RulePack, rules: inout RuleTable) {
        var thresholdLocation: SourceLocation?
        var patched: [String: SourceLocation] = [:]
        for fragment in fragments {
            guard let (patch, location, edits) = fragment.patch else { continue }
            if let threshold = patch.threshold {
                if let first = thresholdLocation {
                    report(.error, DiagnosticCode.duplicateSection, "'threshold' is patched twice (first at \(first))", at: location)
                } else {
                    thresholdLocation = location
                    pack.settings.threshold = threshold
                }
            }
            for edit in edits {
                if let first = patched[edit.id] {
                    report(.error, DiagnosticCode.duplicateRuleID, "rule '\(edit.id)' is patched twice (first at \(first))", at: edit.location)
                    continue
                }
                patched[edit.id] = edit.location
                guard let index = rules.index[edit.id]?.index, !rules.disabled.contains(index) else {
                    if !incomplete {
                        let known = rules.index.filter { !rules.disabled.contains($0.value.index) }.keys.sorted()
                        report(
                            .error, DiagnosticCode.unknownRule, "'patch' names rule '\(edit.id)', which the pack does not define", at: edit.location,
                            hint: DidYouMean.hint(for: edit.id, in: known) ?? "patch a rule of this layer or of a layer below it")
                    }
                    continue
                }
                apply(edit, to: &pack.rules[index], layer: layer)
                pack.provenance.rulePatches[edit.id, default: []].append(edit.location)
            }
        }
    }

    /// Sets the keys `edit` gives on `rule`; `remove_match` entries must name one of its patterns.
    mutating func apply(_ edit: RuleEdit, to rule: inout Rule, layer: Int) {
        if let weight = edit.weight { rule.weight = weight }
        if let reply = edit.reply {
            rule.reply = reply
            rule.layer = layer
        }
        if let escalate = edit.escalate {
            // An escalation is routed by its own route: a rule-level route it had before goes.
            rule.escalate = escalate
            rule.route = nil
        }
        if let when = edit.when { rule.when = when }
        for (source, location) in edit.removeMatch {
            let key = Self.patternKey(source)
            if let found = rule.match.firstIndex(where: { Self.patternKey($0.source) == key }) {
                rule.match.remove(at: found)
            } else {
                report(
                    .error, DiagnosticCode.invalidValue, "'remove_match' names pattern '\(source)', which rule '\(rule.id)' does not have", at: location,
                    hint: DidYouMean.hint(for: source, in: rule.match.map(\.source))
                        ?? "its patterns are: \(rule.match.map { "'\($0.source)'" }.joined(separator: ", "))")
            }
        }
        rule.match += edit.addMatch
        if let fire = edit.fire { rule.examples.fire = fire }
        if let quiet = edit.quiet { rule.examples.quiet = quiet }
        if let tags = edit.tags { rule.tags = tags }
        if let route = edit.route {
            if rule.escalate != nil {
                report(
                    .error, DiagnosticCode.invalidValue, "rule '\(rule.id)' escalates, so the patch's 'route' would never be used", at: route.location,
                    hint: "a rule that escalates is routed by its 'escalate' route: patch that instead")
            } else {
                rule.route = route.name
            }
        }
        if rule.match.isEmpty && rule.when == nil {
            report(
                .error, DiagnosticCode.missingField, "the patch leaves rule '\(rule.id)' with no 'match' patterns and no 'when' condition", at: edit.location,
                hint: "add a pattern with 'add_match', or disable the rule with 'disable: [\(rule.id)]'")
        }
    }

    /// A pattern's source compared as written, ignoring case and runs of white space.
    static func patternKey(_ source: String) -> String {
        source.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Applies the list changes of one layer's `patch:` sections: `extend` adds entries the list
    /// lacks, `remove` takes entries out (each must be in the list).
    mutating func applyListEdits(_ fragments: [PackFragment], to pack: inout RulePack) {
        for edit in fragments.flatMap(\.listEdits) {
            guard var list = pack.lists[edit.name] else {
                if !incomplete {
                    report(
                        .error, DiagnosticCode.undefinedList, "'patch' names list '\(edit.name)', which the pack does not define", at: edit.location,
                        hint: DidYouMean.hint(for: edit.name, in: pack.lists.keys.sorted()) ?? "patch a list of this layer or of a layer below it")
                }
                continue
            }
            for (entry, location) in edit.remove {
                if let found = list.entries.firstIndex(where: { $0.lowercased() == entry.lowercased() }) {
                    list.entries.remove(at: found)
                } else {
                    report(
                        .error, DiagnosticCode.invalidValue, "'remove' names '\(entry)', which list '\(edit.name)' does not hold", at: location,
                        hint: DidYouMean.hint(for: entry, in: list.entries))
                }
            }
            for entry in edit.extend where !list.entries.contains(where: { $0.lowercased() == entry.lowercased() }) {
                list.entries.append(entry)
            }
            pack.lists[edit.name] = list
            pack.provenance.listPatches[edit.name, default: []].append(edit.location)
        }
    }

    /// Applies the `disable:` entries of one layer: each names a rule of a layer below, or is a glob
    /// (`complaint.*`) matching at least one.
    mutating func applyDisable(_ fragments: [PackFragment], layer: Int, to pack: inout RulePack, rules: inout RuleTable) {
        let entries = fragments.flatMap(\.disabled)
        guard !entries.isEmpty else { return }
        let below = rules.index.filter { $0.value.layer < layer && !rules.disabled.contains($0.value.index) }
        for (pattern, location) in entries {
            let matched = below.filter { Self.glob(pattern, matches: $0.key) }
            if matched.isEmpty {
                if incomplete { continue }
                let what = pattern.contains("*") ? "matches no rule of the layers below" : "names no rule of the layers below"
                report(
                    .error, DiagnosticCode.unknownRule, "'disable' entry '\(pattern)' \(what)", at: location,
                    hint: DidYouMean.hint(for: pattern, in: below.keys.sorted())
                        ?? "disable a rule the layers below define, by id or a glob such as 'complaint.*'")
                continue
            }
            for (id, defined) in matched.sorted(by: { $0.value.index < $1.value.index }) {
                rules.disabled.insert(defined.index)
                pack.provenance.disabled.append((id, location))
            }
        }
    }

    /// Whether `text` matches `pattern`, where `*` stands for any run of characters (none included).
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        // Iterative wildcard matching: remember the last `*` and retry from one character further.
        var i = 0, j = 0, star = -1, resume = 0
        while j < t.count {
            if i < p.count, p[i] != "*", p[i] == t[j] {
                i += 1; j += 1
            } else if i < p.count, p[i] == "*" {
                star = i; resume = j; i += 1
            } else if star >= 0 {
                resume += 1; j = resume; i = star + 1
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
