import RapportSupport
internal import RapportYAML

/// Decoding of the `patch` and `disable` sections: a layer's changes to what the layers below it
/// define (a rule's weight, replies, escalation, condition, patterns, examples, tags or route; a list's entries;
/// the pack's `threshold`) without restating the rule, the list or the settings.
extension PackFileDecoder {
    static let patchKeys = ["threshold", "rules", "lists"]
    static let rulePatchKeys = ["weight", "reply", "escalate", "when", "add_match", "remove_match", "examples", "tags", "route"]
    static let listPatchKeys = ["extend", "remove"]

    mutating func decodePatch(_ node: Node) {
        guard let map = mapping(node, "'patch'") else { return }
        checkKeys(map, allowed: Self.patchKeys, context: "in 'patch'", synonyms: ["rule": "rules", "min_score": "threshold", "list": "lists"])
        let location = positions.location(map.mark)
        var patch = PackPatch()
        if let v = map["threshold"], let n = number(v, "'threshold' in 'patch'") {
            if n < 0 {
                error(DiagnosticCode.invalidValue, "'threshold' in 'patch' must not be negative", at: v.mark)
            } else {
                patch.threshold = n
            }
        }
        var edits: [RuleEdit] = []
        if let v = map["rules"], let rules = mapping(v, "'rules' in 'patch'") {
            for entry in rules.entries {
                guard let (id, keyScalar) = text(entry.key, "a rule id in 'patch'") else { continue }
                if let edit = ruleEdit(id, entry.value, at: positions.location(keyScalar.mark)) {
                    if let weight = edit.weight { patch.weights.append((id, weight)) }
                    edits.append(edit)
                }
            }
        }
        if let v = map["lists"], let lists = mapping(v, "'lists' in 'patch'") {
            for entry in lists.entries {
                guard let (name, keyScalar) = text(entry.key, "a list name in 'patch'", numbers: false) else { continue }
                let what = "the patch of list '\(name)'"
                guard let fields = mapping(entry.value, what) else { continue }
                checkKeys(fields, allowed: Self.listPatchKeys, context: "in \(what)", synonyms: ["add": "extend", "append": "extend", "delete": "remove"])
                var edit = ListEdit(name: name, location: positions.location(keyScalar.mark))
                if let v = fields["extend"] { edit.extend = strings(v, "'extend' of \(what)", item: "an entry").map(\.0) }
                if let v = fields["remove"] {
                    edit.remove = strings(v, "'remove' of \(what)", item: "an entry").map { ($0.0, positions.location($0.1.mark)) }
                }
                if edit.extend.isEmpty && edit.remove.isEmpty {
                    error(DiagnosticCode.missingField, "\(what) changes nothing", at: fields.mark, hint: "write '\(name): {extend: [...], remove: [...]}'")
                    continue
                }
                fragment.listEdits.append(edit)
            }
        }
        fragment.patch = (patch, location, edits)
    }

    /// One rule's entry in `patch: rules:`, or nil (after reporting) when it sets nothing usable.
    mutating func ruleEdit(_ id: String, _ node: Node, at location: SourceLocation) -> RuleEdit? {
        let name = "the patch of rule '\(id)'"
        guard let fields = mapping(node, name) else { return nil }
        checkKeys(
            fields, allowed: Self.rulePatchKeys, context: "in \(name)",
            synonyms: [
                "score": "weight", "replies": "reply", "escalation": "escalate", "condition": "when",
                "match": "add_match", "add": "add_match", "remove": "remove_match", "unmatch": "remove_match",
                "tag": "tags", "queue": "route", "team": "route",
            ])
        guard !fields.entries.isEmpty else {
            error(DiagnosticCode.missingField, "\(name) sets nothing", at: fields.mark, hint: "write '\(id): {weight: 1.5}'")
            return nil
        }
        var edit = RuleEdit(id: id, location: location)
        if let v = fields["weight"] { edit.weight = number(v, "'weight' in \(name)") }
        if let v = fields["reply"] { edit.reply = templates(v, "'reply' in \(name)", context: "reply in \(name)") }
        if let v = fields["escalate"] { edit.escalate = escalation(v, name: name) }
        if let v = fields["when"], let (source, scalar) = text(v, "'when' in \(name)", numbers: false) {
            do throws(ParseIssue) {
                edit.when = try ExpressionParser.parse(
                    source, at: positions.location(of: scalar, offset: 0), maxTerms: limits.maxWhenTerms, labels: knownLabels)
            } catch {
                report(error, in: scalar, context: "'when' in \(name)")
            }
        }
        if let v = fields["add_match"] { edit.addMatch = patterns(v, "'add_match' in \(name)", context: "pattern in \(name)") }
        if let v = fields["remove_match"] {
            edit.removeMatch = strings(v, "'remove_match' in \(name)", item: "a pattern").map { ($0.0, positions.location($0.1.mark)) }
        }
        if let v = fields["examples"] {
            let given = fields["examples"]?.mapping
            let examples = examples(v, name: name)
            if given?["fire"] != nil { edit.fire = examples.fire }
            if given?["quiet"] != nil { edit.quiet = examples.quiet }
        }
        if let v = fields["tags"] { edit.tags = strings(v, "'tags' in \(name)", item: "a tag").map(\.0) }
        if let v = fields["route"] { edit.route = plainRoute(v, of: name, escalates: fields["escalate"] != nil) }
        return edit
    }

    /// The `disable` section: rule ids, or globs with `*` (`complaint.*`), of rules of the layers below.
    mutating func decodeDisable(_ node: Node) {
        for (pattern, scalar) in strings(node, "'disable'", item: "a rule id or glob", numbers: false) {
            if pattern.trimmingSpaces.isEmpty {
                error(DiagnosticCode.invalidValue, "an entry of 'disable' is empty", at: scalar.mark)
                continue
            }
            fragment.disabled.append((pattern, positions.location(scalar.mark)))
        }
    }
}

/// One rule's changes in a `patch:` section: only the keys given are set.
struct RuleEdit: Sendable {
    var id: String
    /// Where the rule id is written in the patch.
    var location: SourceLocation
    var weight: Double?
    var reply: [Template]?
    var escalate: Escalation?
    var when: Condition?
    var addMatch: [Pattern] = []
    var removeMatch: [(source: String, location: SourceLocation)] = []
    var fire: [Example]?
    var quiet: [Example]?
    /// The rule's new tags (replacing its own; `[]` removes them).
    var tags: [String]?
    /// The rule's new rule-level route, and where it is written.
    var route: (name: String, location: SourceLocation)?
}

/// One list's changes in a `patch:` section: entries added and removed.
struct ListEdit: Sendable {
    var name: String
    var location: SourceLocation
    var extend: [String] = []
    var remove: [(entry: String, location: SourceLocation)] = []
}

/// What a `patch:` section changes: numbers of the pack set without restating the rules or the
/// `pack:` settings they belong to. ``RulePack/applying(_:)`` applies one to a loaded pack.
public struct PackPatch: Sendable, Hashable {
    /// The new pack threshold, if the patch sets it.
    public var threshold: Double?
    /// New weights by rule id, in the order they are written.
    public var weights: [(rule: String, weight: Double)]

    public init(threshold: Double? = nil, weights: [(rule: String, weight: Double)] = []) {
        self.threshold = threshold
        self.weights = weights
    }

    public static func == (lhs: PackPatch, rhs: PackPatch) -> Bool {
        lhs.threshold == rhs.threshold && lhs.weights.elementsEqual(rhs.weights) { $0.rule == $1.rule && $0.weight == $1.weight }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(threshold)
        for (rule, weight) in weights {
            hasher.combine(rule)
            hasher.combine(weight)
        }
    }
}

extension RulePack {
    /// This pack with `patch` applied: the threshold it sets and the weights of the rules it names.
    /// Ids that name no rule of the pack are ignored (loading a `patch:` section reports them).
    public func applying(_ patch: PackPatch) -> RulePack {
        var pack = self
        if let threshold = patch.threshold { pack.settings.threshold = threshold }
        if patch.weights.isEmpty { return pack }
        var index: [String: Int] = [:]
        for (i, rule) in pack.rules.enumerated() where index[rule.id] == nil { index[rule.id] = i }
        for (id, weight) in patch.weights {
            if let i = index[id] { pack.rules[i].weight = weight }
        }
        return pack
    }
}
