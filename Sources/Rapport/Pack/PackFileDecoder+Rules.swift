internal import RapportYAML
import RapportSupport

/// Decoding and per-rule checks of the `rules` section.
extension PackFileDecoder {
    static let ruleKeys = ["id", "label", "weight", "description", "match", "unless", "when", "escalate", "reply", "examples", "tags", "route", "resolves"]
    static let ruleKeySynonyms: [String: String] = [
        "pattern": "match", "patterns": "match", "matches": "match", "patern": "match",
        "except": "unless", "exclude": "unless", "not": "unless",
        "condition": "when", "if": "when",
        "escalation": "escalate", "escalates": "escalate",
        "replies": "reply", "response": "reply", "responses": "reply",
        "example": "examples", "tests": "examples",
        "tag": "tags", "name": "id", "score": "weight", "category": "label", "queue": "route", "team": "route",
    ]
    static let escalateKeys = ["level", "route", "reason"]
    static let exampleKeys = ["fire", "quiet"]

    mutating func decodeRules(_ node: Node) {
        guard case .sequence(let seq) = node else {
            error(
                DiagnosticCode.wrongType, "'rules' must be a list of rules, not \(node.kindDescription)", at: node.mark,
                hint: node.mapping != nil ? "start each rule with '- id: ...'" : nil)
            return
        }
        fragment.ruleEntries += seq.items.count
        for (index, item) in seq.items.enumerated() {
            decodeRule(item, index: index)
        }
    }

    mutating func decodeRule(_ node: Node, index: Int) {
        guard let map = mapping(node, "each rule") else { return }
        var id: String?
        var idLocation = positions.location(map.mark)
        if let v = map["id"], let (t, s) = text(v, "'id' of rule #\(index + 1)") {
            if Self.trimmed(t).isEmpty {
                error(DiagnosticCode.invalidValue, "rule #\(index + 1) has an empty 'id'", at: v.mark)
            } else {
                id = t
                idLocation = positions.location(s.mark)
            }
        } else if map["id"] == nil {
            error(DiagnosticCode.missingField, "rule #\(index + 1) in this file has no 'id'", at: map.mark, hint: "add 'id: label.short-name'")
        }
        let name = id.map { "rule '\($0)'" } ?? "rule #\(index + 1)"
        checkKeys(map, allowed: Self.ruleKeys, context: "in \(name)", synonyms: Self.ruleKeySynonyms)

        var rule = Rule(id: id ?? "", location: positions.location(map.mark))
        if let v = map["label"] { rule.label = label(v, "\(name)", scoredOnly: false) }
        if let v = map["weight"], let w = number(v, "'weight' of \(name)") { rule.weight = w }
        if rule.label == .other { replyOnly(&rule, weight: map["weight"], name: name) }
        if let v = map["description"], let (t, _) = text(v, "'description' of \(name)") { rule.description = t }
        if let v = map["match"] { rule.match = patterns(v, "'match' of \(name)", context: "pattern of \(name)") }
        if let v = map["unless"] { rule.unless = patterns(v, "'unless' of \(name)", context: "'unless' pattern of \(name)") }
        var whenScalar: Node.Scalar?
        if let v = map["when"], let (source, scalar) = text(v, "'when' of \(name)", numbers: false) {
            do throws(ParseIssue) {
                rule.when = try ExpressionParser.parse(
                    source, at: positions.location(of: scalar, offset: 0), maxTerms: limits.maxWhenTerms, labels: knownLabels)
                whenScalar = scalar
            } catch {
                report(error, in: scalar, context: "'when' of \(name)")
            }
        }
        if let v = map["escalate"] { rule.escalate = escalation(v, name: name) }
        if let v = map["reply"] { rule.reply = templates(v, "'reply' of \(name)", context: "reply of \(name)") }
        if let v = map["examples"] { rule.examples = examples(v, name: name) }
        if let v = map["tags"] { rule.tags = strings(v, "'tags' of \(name)", item: "a tag").map(\.0) }
        if let v = map["route"] { rule.route = plainRoute(v, of: name, escalates: map["escalate"] != nil)?.name }
        if let v = map["resolves"], let flag = flag(v, "'resolves' of \(name)") {
            if flag && rule.label != .praise {
                error(
                    DiagnosticCode.invalidValue, "\(name) resolves a problem, which only a praise rule can say", at: v.mark,
                    hint: "give it 'label: praise', or leave 'resolves' out")
            }
            rule.resolves = flag
        }

        let hasMatchKey = map["match"] != nil, hasWhenKey = map["when"] != nil
        if !hasMatchKey && !hasWhenKey {
            error(DiagnosticCode.missingField, "\(name) needs 'match' patterns or a 'when' condition", at: map.mark)
        } else if hasMatchKey, case .sequence(let s)? = map["match"], s.items.isEmpty, !hasWhenKey {
            error(DiagnosticCode.missingField, "\(name) has an empty 'match' list and no 'when' condition", at: s.mark)
        }
        // A rule with a `reply` or a `route` and neither a label nor an escalation is a care rule: it scores
        // nothing, and its replies come first whatever the label (docs/ARCHITECTURE.md, stage 12).
        if map["label"] == nil && map["escalate"] == nil && map["route"] == nil && map["reply"] == nil {
            error(
                DiagnosticCode.missingField, "\(name) needs a 'label' or an 'escalate' (or, as a care rule, a 'reply' or a 'route')",
                at: map.mark, hint: "add 'label: question', 'label: complaint' or 'label: praise'")
        } else if map["label"] == nil && map["escalate"] == nil, let node = map["weight"] {
            error(
                DiagnosticCode.invalidValue, "\(name) has no label, so its weight would count for nothing", at: node.mark,
                hint: "leave 'weight' out: a care rule (no label, no escalation) scores nothing; it offers its replies and routes")
        }
        warnings(for: rule, name: name, whenScalar: whenScalar)
        if id != nil {
            fragment.rules.append(rule)
            fragment.ruleIDLocations.append(idLocation)
        }
    }

    /// A rule labelled `other` scores nothing: it offers its replies when the engine decides `other`
    /// (a customer sending the order number an agent asked for), and may escalate, route or tag. Its
    /// weight is 0, and any other weight is an error rather than silently ignored.
    mutating func replyOnly(_ rule: inout Rule, weight node: Node?, name: String) {
        if let node, rule.weight != 0 {
            error(
                DiagnosticCode.invalidValue, "\(name) gives the label 'other', which has no score: its weight must be 0", at: node.mark,
                hint: "leave 'weight' out: a rule labelled 'other' only offers replies (and may escalate, route or tag)")
        }
        rule.weight = 0
    }

    mutating func escalation(_ node: Node, name: String) -> Escalation? {
        guard let map = mapping(node, "'escalate' of \(name)") else { return nil }
        checkKeys(
            map, allowed: Self.escalateKeys, context: "in 'escalate' of \(name)",
            synonyms: ["severity": "level", "priority": "level", "team": "route", "queue": "route", "message": "reason", "why": "reason"])
        var level: EscalationLevel?, route: String?, reason: String?
        if let v = map["level"] {
            level = self.level(v, "\(name)")
        } else {
            error(DiagnosticCode.missingField, "'escalate' of \(name) needs a 'level'", at: map.mark, hint: "levels are low, medium, high, critical")
        }
        if let v = map["route"] {
            route = text(v, "'route' in 'escalate' of \(name)")?.0
        } else {
            error(
                DiagnosticCode.missingField, "'escalate' of \(name) needs a 'route'", at: map.mark,
                hint: "name the team that should look, such as 'legal' or 'support'")
        }
        if let v = map["reason"] {
            reason = text(v, "'reason' in 'escalate' of \(name)")?.0
        } else {
            error(DiagnosticCode.missingField, "'escalate' of \(name) needs a 'reason'", at: map.mark, hint: "say in a few words why a human must look")
        }
        guard let level, let route, let reason else { return nil }
        return Escalation(level: level, route: route, reason: reason)
    }

    mutating func examples(_ node: Node, name: String) -> RuleExamples {
        guard let map = mapping(node, "'examples' of \(name)") else { return RuleExamples() }
        checkKeys(
            map, allowed: Self.exampleKeys, context: "in 'examples' of \(name)",
            synonyms: ["fires": "fire", "match": "fire", "positive": "fire", "silent": "quiet", "negative": "quiet", "nomatch": "quiet"])
        var examples = RuleExamples()
        for key in Self.exampleKeys {
            guard let v = map[key] else { continue }
            let items = strings(v, "'\(key)' examples of \(name)", item: "an example", numbers: false, code: DiagnosticCode.exampleNotString)
                .map { Example(text: $0.0, location: positions.location($0.1.mark)) }
            if key == "fire" { examples.fire = items } else { examples.quiet = items }
        }
        return examples
    }

    // MARK: Warnings

    mutating func warnings(for rule: Rule, name: String, whenScalar: Node.Scalar?) {
        func key(_ p: Pattern) -> String { Self.patternKey(p.source) }
        let matchKeys = rule.match.map(key)
        let unlessKeys = rule.unless.map(key)
        // ASCII keys are equal exactly when their bytes are; a rule with another key compares them as strings.
        let asciiMatch = matchKeys.compactMap(ASCIIKey.init), asciiUnless = unlessKeys.compactMap(ASCIIKey.init)
        if asciiMatch.count == matchKeys.count && asciiUnless.count == unlessKeys.count {
            sameKeyWarnings(for: rule, name: name, matchKeys: asciiMatch, unlessKeys: asciiUnless)
        } else {
            sameKeyWarnings(for: rule, name: name, matchKeys: matchKeys, unlessKeys: unlessKeys)
        }
        if let label = rule.label, let condition = rule.when, let whenScalar,
            let (required, offset) = Self.contradiction(in: condition.expression, for: label)
        {
            report(
                .warning, DiagnosticCode.neverFires, "\(name) can never fire: it gives '\(label.rawValue)' but its 'when' requires \(required)",
                at: positions.location(of: whenScalar, offset: offset))
        }
        if let label = rule.label, let condition = rule.when, let whenScalar {
            whenStageNote(name: name, label: label, condition: condition, at: positions.location(of: whenScalar, offset: 0))
        }
        if !rule.match.isEmpty, rule.examples.fire.isEmpty {
            report(
                .warning, DiagnosticCode.noExamples, "\(name) has no 'fire' examples", at: rule.location,
                hint: "add 'examples: {fire: [...], quiet: [...]}' so 'rapport test' can check it")
        }
    }

    /// The warnings for patterns of `rule` with the same key (`patternKey`, here as `Key`s): one given twice
    /// in `match` or in `unless`, and one in both.
    private mutating func sameKeyWarnings<Key: Hashable>(for rule: Rule, name: String, matchKeys: [Key], unlessKeys: [Key]) {
        for (section, list, keys) in [("match", rule.match, matchKeys), ("unless", rule.unless, unlessKeys)] {
            var seen: [Key: SourceLocation] = [:]
            seen.reserveCapacity(keys.count)
            for (pattern, patternKey) in zip(list, keys) {
                if let first = seen[patternKey] {
                    report(
                        .warning, DiagnosticCode.duplicatePattern,
                        "pattern '\(pattern.source)' appears twice in '\(section)' of \(name) (first at line \(first.line))",
                        at: pattern.location)
                } else {
                    seen[patternKey] = pattern.location
                }
            }
        }
        let unless = Set(unlessKeys)
        for (pattern, patternKey) in zip(rule.match, matchKeys) where unless.contains(patternKey) {
            report(
                .warning, DiagnosticCode.neverFires, "\(name) can never fire on '\(pattern.source)': the same pattern is in its 'unless'",
                at: pattern.location)
        }
    }

    /// An ASCII pattern key hashed by its bytes, eight at a time (`ByteInterner.hash`), once: `String`'s
    /// hashing of a long pattern's key (thousands of bytes) cost more than the rest of the checks.
    struct ASCIIKey: Hashable {
        let text: String
        let digest: UInt64

        /// `text` as a key, or nil when it is not ASCII.
        init?(_ text: String) {
            var bytes = text
            guard let digest = bytes.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? ByteInterner.hash($0) : nil }) else { return nil }
            self.text = text
            self.digest = digest
        }

        static func == (lhs: Self, rhs: Self) -> Bool { lhs.digest == rhs.digest && lhs.text == rhs.text }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// The key under which two patterns count as the same for the duplicate warnings: `source`
    /// lowercased, its words joined by one space.
    static func patternKey(_ source: String) -> String {
        if let key = asciiPatternKey(source) { return key }
        return plainPatternKey(source)
    }

    /// `patternKey(source)` worked out by splitting into words and joining them.
    static func plainPatternKey(_ source: String) -> String {
        let lowered = source.lowercased()
        // ASCII once lowercased: split bytes on the ASCII white space `Character.isWhitespace` accepts,
        // without walking grapheme clusters.
        if lowered.utf8.allSatisfy({ $0 < 0x80 }) || splitsAtASCIISpaces(lowered) {
            return lowered.utf8.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) })
                .map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        }
        return lowered.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether splitting `text` into characters at those that are white space gives the runs between its
    /// ASCII white space bytes: its only white space is ASCII, and each such byte stands between ASCII bytes
    /// (or at an end), so it is a character of its own (or, a carriage return then a line feed, one with the
    /// next) and no other character holds white space. A pattern with an emoji or an accented letter is then
    /// split by bytes, without forming grapheme clusters.
    static func splitsAtASCIISpaces(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value >= 0x80 && scalar.properties.isWhitespace { return false }
        let bytes = text.utf8
        var previous: UInt8 = 0
        var afterSpace = false
        for byte in bytes {
            let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte)
            if isSpace && previous >= 0x80 { return false }
            if afterSpace && byte >= 0x80 { return false }
            afterSpace = isSpace
            previous = byte
        }
        return true
    }

    /// `patternKey(source)` for an ASCII `source` (nearly every pattern; nil for any other): lowercased,
    /// its runs of the ASCII white space
    /// `Character.isWhitespace` accepts made one space, none at the ends. One pass over the bytes into
    /// one string, where splitting into words and joining them made a string per word (this runs for
    /// every pattern of every pack load).
    static func asciiPatternKey(_ source: String) -> String? {
        var bytesOf = source
        if bytesOf.withUTF8(isOwnASCIIKey) { return source }
        return bytesOf.withUTF8 { bytes -> String? in
            var key: [UInt8] = []
            key.reserveCapacity(bytes.count)
            var space = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    space = !key.isEmpty
                    continue
                }
                if space {
                    key.append(0x20)
                    space = false
                }
                key.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            }
            return String(decoding: key, as: UTF8.self)
        }
    }

    /// Whether `bytes` are already an ASCII pattern key (most patterns are): ASCII without capitals,
    /// their words parted by single spaces, none at the ends. Then the key is the source itself, with no
    /// bytes copied.
    static func isOwnASCIIKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var afterSpace = true
        for byte in bytes {
            if byte >= 0x80 || (0x41...0x5A).contains(byte) || (0x09...0x0D).contains(byte) { return false }
            if byte == 0x20 {
                if afterSpace { return false }
                afterSpace = true
            } else {
                afterSpace = false
            }
        }
        return !afterSpace || bytes.isEmpty
    }

    /// Says when a labelled rule's `when` is evaluated, and so what it does to the rule's weight.
    mutating func whenStageNote(name: String, label: Label, condition: Condition, at location: SourceLocation) {
        if condition.expression.mentionsLabel {
            report(
                .note, DiagnosticCode.whenStage,
                "the 'when' of \(name) reads 'label', so it is checked after the label is decided: the rule's weight never counts toward '\(label.rawValue)'",
                at: location, hint: "leave 'label' out of the 'when' to make the weight depend on the comment's fields")
        } else {
            report(
                .note, DiagnosticCode.whenStage,
                "the 'when' of \(name) does not read 'label', so it is checked before the decision: the rule's weight counts toward '\(label.rawValue)' only when it holds",
                at: location)
        }
    }

    /// A top-level conjunct of `expression` that a comment labelled `label` can never satisfy.
    static func contradiction(in expression: Expression, for label: Label) -> (String, Int)? {
        switch expression.kind {
        case .and(let terms):
            for term in terms {
                if let found = contradiction(in: term, for: label) { return found }
            }
            return nil
        case .compare(let field, let op, let value):
            guard case .field(["label"]) = field.kind, case .string(let other) = value.kind else { return nil }
            if op == .equal, other != label.rawValue { return ("label == \(other)", expression.offset) }
            if op == .notEqual, other == label.rawValue { return ("label != \(other)", expression.offset) }
            return nil
        case .membership(let field, let values, let negated):
            guard case .field(["label"]) = field.kind else { return nil }
            let names = values.compactMap { v -> String? in if case .string(let s) = v.kind { return s } else { return nil } }
            let contains = names.contains(label.rawValue)
            if contains == negated {
                return ("label \(negated ? "not in" : "in") [\(names.joined(separator: ", "))]", expression.offset)
            }
            return nil
        default:
            return nil
        }
    }

    /// A rule-level `route` (of a rule or of a rule's patch, `name`), or nil after reporting when it is
    /// empty or given next to `escalate` (an escalation is routed by its own route).
    mutating func plainRoute(_ node: Node, of name: String, escalates: Bool) -> (name: String, location: SourceLocation)? {
        guard let (route, scalar) = text(node, "'route' of \(name)") else { return nil }
        if escalates {
            error(
                DiagnosticCode.invalidValue, "\(name) escalates, so its 'route' goes in 'escalate'", at: node.mark,
                hint: "a rule-level 'route' is for rules that do not escalate")
            return nil
        }
        if Self.trimmed(route).isEmpty {
            error(DiagnosticCode.invalidValue, "'route' of \(name) is empty", at: node.mark)
            return nil
        }
        return (route, positions.location(scalar.mark))
    }
}
