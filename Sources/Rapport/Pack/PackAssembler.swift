import RapportSupport

/// Merges the fragments of all files into one ``RulePack`` and runs the checks that span files:
/// duplicate ids, lists and sections; list references; unused lists; an empty pack.
struct PackAssembler {
    /// Most labels a pack may declare (`labels:` over all layers); score slots are numbered in a byte.
    static let maxLabels = 100

    var diagnostics: [Diagnostic] = []

    /// Set when some file could not be read or parsed: cross-file reference checks are skipped,
    /// since the missing file may hold what others refer to.
    var incomplete = false

    /// Set when the files themselves had errors: an "empty pack" would only repeat them.
    var otherErrors = false

    mutating func report(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(severity, code, message, at: location, hint: hint))
    }

    mutating func assemble(_ fragments: [PackFragment]) -> RulePack {
        var pack = RulePack()
        var settingsLocation: (location: SourceLocation, layer: Int)?
        var explicitNegators: (name: String, location: SourceLocation)?
        var listLocations: [String: (location: SourceLocation, layer: Int)] = [:]
        /// The lowest layer that defines each list: a pattern may use a list of its own layer or one below.
        var listLayers: [String: Int] = [:]
        var replyLocations: [String: (location: SourceLocation, layer: Int)] = [:]
        var aliasLocations: [String: (location: SourceLocation, layer: Int)] = [:]
        var rules = RuleTable()
        var lexiconLocation: (location: SourceLocation, layer: Int)?
        var modelLocation: (location: SourceLocation, layer: Int)?
        var labelLocations: [String: (location: SourceLocation, layer: Int)] = [:]

        for (position, fragment) in fragments.enumerated() {
            let layer = fragment.layer
            pack.provenance.fileLayers[fragment.file] = layer
            if let (settings, location) = fragment.settings {
                if let first = settingsLocation, first.layer == layer {
                    report(
                        .error, DiagnosticCode.duplicateSection, "'pack' settings are given twice (first at \(first.location))", at: location,
                        hint: "keep one 'pack:' section per pack")
                } else {
                    settingsLocation = (location, layer)
                    pack.settings = settings
                    explicitNegators = fragment.explicitNegators
                }
            }
            for (label, location) in fragment.labels {
                // Declaring a lower layer's label again changes nothing; twice in one layer is an error.
                if let seen = labelLocations[label.rawValue], seen.layer == layer {
                    report(.error, DiagnosticCode.duplicateSection, "label '\(label.rawValue)' is declared twice (first at \(seen.location))", at: location)
                    continue
                }
                labelLocations[label.rawValue] = (location, layer)
                if pack.provenance.labels[label.rawValue] == nil {
                    pack.provenance.labels[label.rawValue] = location
                    pack.labels.append(label)
                }
            }
            for list in fragment.lists {
                if let first = listLocations[list.name], first.layer == layer {
                    report(.error, DiagnosticCode.duplicateList, "list '\(list.name)' is defined twice (first at \(first.location))", at: list.location)
                } else {
                    listLocations[list.name] = (list.location, layer)
                    listLayers[list.name] = min(listLayers[list.name] ?? layer, layer)
                    pack.lists[list.name] = list
                }
            }
            for (name, paths, location) in fragment.fieldAliases {
                if let first = aliasLocations[name], first.layer == layer {
                    report(.error, DiagnosticCode.duplicateSection, "field alias '\(name)' is defined twice (first at \(first.location))", at: location)
                } else {
                    aliasLocations[name] = (location, layer)
                    pack.fieldAliases[name] = paths
                }
            }
            for (key, templates, location) in fragment.replies {
                if let first = replyLocations[key], first.layer == layer {
                    report(.error, DiagnosticCode.duplicateSection, "replies for '\(key)' are given twice (first at \(first.location))", at: location)
                    continue
                }
                replyLocations[key] = (location, layer)
                pack.provenance.replies[key] = location
                if key == "handoff" {
                    pack.replies.handoff = templates
                } else if key == "mixed" {
                    pack.replies.mixed = templates
                } else if key.hasPrefix("handoff.") {
                    pack.replies.handoffByRoute[String(key.dropFirst("handoff.".count))] = templates
                } else if key.hasPrefix("caution.") {
                    pack.replies.cautionByRoute[String(key.dropFirst("caution.".count))] = templates
                } else {
                    pack.replies.byLabel[Label(rawValue: key)] = templates
                }
            }
            for (var rule, location) in zip(fragment.rules, fragment.ruleIDLocations) {
                rule.layer = layer
                if let first = rules.index[rule.id] {
                    if first.layer == layer {
                        report(
                            .error, DiagnosticCode.duplicateRuleID, "duplicate rule id '\(rule.id)' (first defined at \(first.location))", at: location,
                            hint: "rule ids must be unique across the pack")
                        pack.rules.append(rule)
                    } else {
                        // A higher layer replaces the lower layer's rule of the same id, in place (enabled again if it was disabled).
                        pack.rules[first.index] = rule
                        rules.index[rule.id] = (location, layer, first.index)
                        rules.disabled.remove(first.index)
                    }
                } else {
                    rules.index[rule.id] = (location, layer, pack.rules.count)
                    pack.rules.append(rule)
                }
            }
            pack.cases += fragment.cases
            if let lexicon = fragment.lexicon {
                if let first = lexiconLocation, first.layer == layer {
                    report(
                        .error, DiagnosticCode.duplicateSection, "a 'lexicon' section is given twice (first at \(first.location))",
                        at: lexicon.location, hint: "keep one 'lexicon:' section per pack; a layer's lexicon replaces the one below it")
                } else {
                    lexiconLocation = (lexicon.location, layer)
                    pack.lexicon = lexicon
                }
            }
            if let model = fragment.escalationModel {
                if let first = modelLocation, first.layer == layer {
                    report(
                        .error, DiagnosticCode.duplicateSection, "an 'escalation_model' section is given twice (first at \(first.location))",
                        at: model.location, hint: "keep one 'escalation_model:' section per pack; a layer's model replaces the one below it")
                } else {
                    modelLocation = (model.location, layer)
                    pack.escalationModel = model
                }
            }
            if position == fragments.count - 1 || fragments[position + 1].layer != layer {
                let own = fragments.filter { $0.layer == layer }
                applyPatches(own, layer: layer, to: &pack, rules: &rules)
                applyListEdits(own, to: &pack)
                applyDisable(own, layer: layer, to: &pack, rules: &rules)
            }
        }
        if pack.labels.count > Self.maxLabels, let location = pack.provenance.labels[pack.labels[Self.maxLabels].rawValue] {
            report(
                .error, DiagnosticCode.invalidValue, "the pack declares \(pack.labels.count) labels of its own, more than \(Self.maxLabels)", at: location,
                hint: "route by 'tags' or 'route' on rules instead of a label per queue")
        }
        if !rules.disabled.isEmpty {
            pack.provenance.disabledRules = rules.disabled.sorted().map { pack.rules[$0] }
            pack.rules = pack.rules.indices.filter { !rules.disabled.contains($0) }.map { pack.rules[$0] }
        }
        guard !incomplete else { return pack }
        if let lexicon = pack.lexicon {
            let known = Set(pack.rules.map(\.id))
            for entry in lexicon.rules where !known.contains(entry.ruleID) {
                report(
                    .warning, DiagnosticCode.unknownRule, "the lexicon weighs rule '\(entry.ruleID)', which the pack does not define; its weights are ignored",
                    at: entry.location,
                    hint: DidYouMean.hint(for: entry.ruleID, in: known.sorted()) ?? "fit the lexicon again next to the pack's rules (`rapport lexicon`)")
            }
        }

        let available = pack.lists.keys.sorted() + TokenClass.allCases.map(\.rawValue)
        var used: Set<String> = []
        for fragment in fragments {
            used.formUnion(fragment.looseListMentions)
            for (name, location, context) in fragment.listReferences {
                used.insert(name)
                if pack.lists[name] == nil {
                    report(
                        .error, DiagnosticCode.undefinedList, "unknown list '<\(name)>' in \(context)", at: location,
                        hint: DidYouMean.hint(for: name, in: available) ?? "define it under 'lists:'")
                } else if let lowest = listLayers[name], lowest > fragment.layer {
                    report(
                        .error, DiagnosticCode.undefinedList,
                        "list '<\(name)>' in \(context) is defined only in a layer above this one (at \(pack.lists[name]!.location))", at: location,
                        hint: "a layer may use the lists of the layers below it; define the list in this layer or below")
                }
            }
        }
        if let (name, location) = explicitNegators, pack.lists[name] == nil {
            report(
                .error, DiagnosticCode.undefinedList, "'negators' names list '\(name)', which is not defined", at: location,
                hint: DidYouMean.hint(for: name, in: pack.lists.keys.sorted()) ?? "define it under 'lists:'")
        }
        for list in pack.lists.values where !used.contains(list.name) && list.name != pack.settings.negatorList {
            report(
                .warning, DiagnosticCode.unusedList, "list '\(list.name)' is never used", at: list.location,
                hint: "use it in a pattern as <\(list.name)>, or remove it")
        }
        if fragments.allSatisfy({ $0.ruleEntries == 0 }), !otherErrors, !diagnostics.contains(where: { $0.severity == .error }) {
            let file = fragments.first?.file ?? "<pack>"
            report(
                .error, DiagnosticCode.emptyPack, "the pack has no rules", at: SourceLocation(file: file, line: 1, column: 1),
                hint: "add a 'rules:' list with at least one rule")
        }
        return pack
    }

}
