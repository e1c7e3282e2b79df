import RapportSupport

/// Merges the fragments of all files into one ``RulePack`` and runs the checks that span files:
/// duplicate ids, lists and sections; list references; unused lists; an empty pack.
struct PackAssembler {
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
        var replyLocations: [String: (location: SourceLocation, layer: Int)] = [:]
        var idLocations: [String: (location: SourceLocation, layer: Int, index: Int)] = [:]

        for fragment in fragments {
            let layer = fragment.layer
            if let (settings, location) = fragment.settings {
                if let first = settingsLocation, first.layer == layer {
                    report(.error, DiagnosticCode.duplicateSection, "'pack' settings are given twice (first at \(first.location))", at: location,
                           hint: "keep one 'pack:' section per pack")
                } else {
                    settingsLocation = (location, layer)
                    pack.settings = settings
                    explicitNegators = fragment.explicitNegators
                }
            }
            for list in fragment.lists {
                if let first = listLocations[list.name], first.layer == layer {
                    report(.error, DiagnosticCode.duplicateList, "list '\(list.name)' is defined twice (first at \(first.location))", at: list.location)
                } else {
                    listLocations[list.name] = (list.location, layer)
                    pack.lists[list.name] = list
                }
            }
            for (key, templates, location) in fragment.replies {
                if let first = replyLocations[key], first.layer == layer {
                    report(.error, DiagnosticCode.duplicateSection, "replies for '\(key)' are given twice (first at \(first.location))", at: location)
                    continue
                }
                replyLocations[key] = (location, layer)
                if key == "handoff" {
                    pack.replies.handoff = templates
                } else if key.hasPrefix("handoff.") {
                    pack.replies.handoffByRoute[String(key.dropFirst("handoff.".count))] = templates
                } else if let label = Label(rawValue: key) {
                    pack.replies.byLabel[label] = templates
                }
            }
            for (rule, location) in zip(fragment.rules, fragment.ruleIDLocations) {
                if let first = idLocations[rule.id] {
                    if first.layer == layer {
                        report(.error, DiagnosticCode.duplicateRuleID, "duplicate rule id '\(rule.id)' (first defined at \(first.location))", at: location,
                               hint: "rule ids must be unique across the pack")
                        pack.rules.append(rule)
                    } else {
                        // A layered pack replaces the earlier layer's rule of the same id, in place.
                        pack.rules[first.index] = rule
                        idLocations[rule.id] = (location, layer, first.index)
                    }
                } else {
                    idLocations[rule.id] = (location, layer, pack.rules.count)
                    pack.rules.append(rule)
                }
            }
            pack.cases += fragment.cases
        }
        applyPatches(fragments, to: &pack, ruleIndex: idLocations.mapValues(\.index))
        guard !incomplete else { return pack }

        let available = pack.lists.keys.sorted() + TokenClass.allCases.map(\.rawValue)
        var used: Set<String> = []
        for fragment in fragments {
            used.formUnion(fragment.looseListMentions)
            for (name, location, context) in fragment.listReferences {
                used.insert(name)
                if pack.lists[name] == nil {
                    report(.error, DiagnosticCode.undefinedList, "unknown list '<\(name)>' in \(context)", at: location,
                           hint: DidYouMean.hint(for: name, in: available) ?? "define it under 'lists:'")
                }
            }
        }
        if let (name, location) = explicitNegators, pack.lists[name] == nil {
            report(.error, DiagnosticCode.undefinedList, "'negators' names list '\(name)', which is not defined", at: location,
                   hint: DidYouMean.hint(for: name, in: pack.lists.keys.sorted()) ?? "define it under 'lists:'")
        }
        for list in pack.lists.values where !used.contains(list.name) && list.name != pack.settings.negatorList {
            report(.warning, DiagnosticCode.unusedList, "list '\(list.name)' is never used", at: list.location,
                   hint: "use it in a pattern as <\(list.name)>, or remove it")
        }
        if fragments.allSatisfy({ $0.ruleEntries == 0 }), !otherErrors, !diagnostics.contains(where: { $0.severity == .error }) {
            let file = fragments.first?.file ?? "<pack>"
            report(.error, DiagnosticCode.emptyPack, "the pack has no rules", at: SourceLocation(file: file, line: 1, column: 1),
                   hint: "add a 'rules:' list with at least one rule")
        }
        return pack
    }

    /// Applies the `patch:` sections in file order, after every rule and setting is in place, so a
    /// layer may patch a rule of the pack below it. Patching a rule twice within one layer, or the
    /// threshold twice, is an error; so is a rule id the pack does not define (unless some file
    /// could not be read, which may hold it).
    mutating func applyPatches(_ fragments: [PackFragment], to pack: inout RulePack, ruleIndex: [String: Int]) {
        var thresholdLocations: [Int: SourceLocation] = [:]
        var patched: [String: (location: SourceLocation, layer: Int)] = [:]
        for fragment in fragments {
            guard let (patch, location, ruleLocations) = fragment.patch else { continue }
            if let threshold = patch.threshold {
                if let first = thresholdLocations[fragment.layer] {
                    report(.error, DiagnosticCode.duplicateSection, "'threshold' is patched twice (first at \(first))", at: location)
                } else {
                    thresholdLocations[fragment.layer] = location
                    pack.settings.threshold = threshold
                }
            }
            for ((id, weight), idLocation) in zip(patch.weights, ruleLocations) {
                if let first = patched[id], first.layer == fragment.layer {
                    report(.error, DiagnosticCode.duplicateRuleID, "rule '\(id)' is patched twice (first at \(first.location))", at: idLocation)
                    continue
                }
                patched[id] = (idLocation, fragment.layer)
                guard let index = ruleIndex[id] else {
                    if !incomplete {
                        report(.error, DiagnosticCode.unknownRule, "'patch' names rule '\(id)', which the pack does not define", at: idLocation,
                               hint: DidYouMean.hint(for: id, in: ruleIndex.keys.sorted()) ?? "patch a rule of this pack or of the pack it is layered over")
                    }
                    continue
                }
                pack.rules[index].weight = weight
            }
        }
    }
}
