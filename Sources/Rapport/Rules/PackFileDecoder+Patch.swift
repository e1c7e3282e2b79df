internal import RapportYAML

/// Decoding of the `patch` section: a layer's changes to numbers defined elsewhere in the pack
/// (a rule's `weight`, the pack's `threshold`) without restating the rule or the settings.
extension PackFileDecoder {
    static let patchKeys = ["threshold", "rules"]
    static let rulePatchKeys = ["weight"]

    mutating func decodePatch(_ node: Node) {
        guard let map = mapping(node, "'patch'") else { return }
        checkKeys(map, allowed: Self.patchKeys, context: "in 'patch'", synonyms: ["rule": "rules", "min_score": "threshold"])
        let location = positions.location(map.mark)
        var patch = PackPatch()
        if let v = map["threshold"], let n = number(v, "'threshold' in 'patch'") {
            if n < 0 {
                error(DiagnosticCode.invalidValue, "'threshold' in 'patch' must not be negative", at: v.mark)
            } else {
                patch.threshold = n
            }
        }
        var ruleLocations: [SourceLocation] = []
        if let v = map["rules"], let rules = mapping(v, "'rules' in 'patch'") {
            for entry in rules.entries {
                guard let (id, keyScalar) = text(entry.key, "a rule id in 'patch'") else { continue }
                let name = "the patch of rule '\(id)'"
                guard let fields = mapping(entry.value, name) else { continue }
                checkKeys(fields, allowed: Self.rulePatchKeys, context: "in \(name)", synonyms: ["score": "weight"])
                guard let w = fields["weight"] else {
                    error(DiagnosticCode.missingField, "\(name) sets nothing", at: fields.mark, hint: "write '\(id): {weight: 1.5}'")
                    continue
                }
                guard let weight = number(w, "'weight' in \(name)") else { continue }
                patch.weights.append((id, weight))
                ruleLocations.append(positions.location(keyScalar.mark))
            }
        }
        fragment.patch = (patch, location, ruleLocations)
    }
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
