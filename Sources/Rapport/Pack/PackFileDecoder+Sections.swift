internal import RapportYAML
import RapportSupport

/// Decoding of the `pack`, `labels`, `lists`, `replies` and `cases` sections.
extension PackFileDecoder {
    /// Reads the file's `labels:` section (the pack's own labels) into the fragment; the loader does
    /// this for every file before decoding any, so that a file may use the labels of its layer and below.
    mutating func declareLabels(_ root: Node?) {
        labelsDeclared = true
        guard case .mapping(let top)? = root, let node = top["labels"] else { return }
        for (name, scalar) in strings(node, "'labels'", item: "a label", numbers: false) {
            let nameOK =
                name.unicodeScalars.first.map { ("a"..."z").contains($0) } == true
                && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            if !nameOK {
                error(
                    DiagnosticCode.invalidValue, "label name '\(name)' is not a plain lowercase name", at: scalar.mark,
                    hint: "start with a letter and use only lowercase letters, digits, '-' and '_'")
            } else if let what = Label.builtIn(named: name) != nil ? "a built-in label" : Self.replyOnlyKeys[name] {
                error(
                    DiagnosticCode.invalidValue, "'\(name)' is \(what)", at: scalar.mark,
                    hint: "list only labels of your own; question, complaint, praise and other always exist")
            } else if let first = fragment.labels.first(where: { $0.label.rawValue == name }) {
                error(DiagnosticCode.invalidValue, "label '\(name)' is declared twice (first at \(first.location))", at: scalar.mark)
            } else {
                fragment.labels.append((Label(rawValue: name), positions.location(scalar.mark)))
            }
        }
    }

    mutating func decodePack(_ node: Node) {
        guard let map = mapping(node, "'pack'") else { return }
        checkKeys(
            map, allowed: Self.packKeys, context: "in 'pack'",
            synonyms: [
                "lang": "language", "negator": "negators", "min_score": "threshold", "greeting": "greeting_fallback", "signoff": "sign_off",
                "signature": "sign_off", "max_reply_length": "reply_max", "reply_length": "reply_max",
                "praise_margin": "praise_reply_margin", "praise_escalations": "praise_escalates", "escalate_praise": "praise_escalates",
            ])
        var settings = PackSettings()
        if let v = map["name"], let (t, _) = text(v, "'name' in 'pack'") { settings.name = t }
        if let v = map["language"], let (t, _) = text(v, "'language' in 'pack'", numbers: false) { settings.language = t }
        if let v = map["brand"], let (t, _) = text(v, "'brand' in 'pack'") { settings.brand = t }
        if let v = map["threshold"], let n = number(v, "'threshold' in 'pack'") {
            if n < 0 {
                error(DiagnosticCode.invalidValue, "'threshold' in 'pack' must not be negative", at: v.mark)
            } else {
                settings.threshold = n
            }
        }
        if let v = map["precedence"] {
            var labels: [Label] = []
            if case .sequence(let seq) = v {
                for item in seq.items {
                    guard let label = label(item, "'precedence'", scoredOnly: true) else { continue }
                    if labels.contains(label) {
                        error(DiagnosticCode.invalidValue, "label '\(label.rawValue)' appears twice in 'precedence'", at: item.mark)
                    } else {
                        labels.append(label)
                    }
                }
                for missing in Label.scored where !labels.contains(missing) { labels.append(missing) }
                settings.precedence = labels
            } else {
                error(DiagnosticCode.wrongType, "'precedence' in 'pack' must be a list of labels, not \(v.kindDescription)", at: v.mark)
            }
        }
        if let v = map["negators"], let (t, _) = text(v, "'negators' in 'pack'", numbers: false) {
            settings.negatorList = t
            fragment.explicitNegators = (t, positions.location(v.mark))
        }
        if let n = margin(map, "praise_reply_margin", hint: "it counts thresholds by which praise must lead a complaint score; 0 keeps only the other checks") {
            settings.praiseReplyMargin = n
        }
        if let n = margin(
            map, "complaint_reply_margin",
            hint: "it counts thresholds of praise's lead under which a complaint rule turns praise's replies into the complaint's; 0: never")
        {
            settings.complaintReplyMargin = n
        }
        if let v = map["praise_escalates"] { settings.praiseEscalates = routeList(v, "'praise_escalates' in 'pack'") }
        decodeVoice(map, into: &settings)
        fragment.settings = (settings, positions.location(map.mark))
    }

    /// A list of route names (`praise_escalates`): each a non-empty text, none twice; `[]` is allowed
    /// (no escalation stands on a praise verdict).
    mutating func routeList(_ node: Node, _ what: String) -> [String]? {
        guard case .sequence(let seq) = node else {
            error(DiagnosticCode.wrongType, "\(what) must be a list of routes, not \(node.kindDescription)", at: node.mark, hint: "for example [crisis]")
            return nil
        }
        var routes: [String] = []
        for item in seq.items {
            guard let (route, _) = text(item, "a route of \(what)", numbers: false) else { continue }
            if Self.trimmed(route).isEmpty {
                error(DiagnosticCode.invalidValue, "a route of \(what) must not be empty", at: item.mark)
            } else if routes.contains(route) {
                error(DiagnosticCode.invalidValue, "route '\(route)' appears twice in \(what)", at: item.mark)
            } else {
                routes.append(route)
            }
        }
        return routes
    }

    /// The brand-voice settings of `pack:`: `greeting_fallback`, `sign_off` and `reply_max`.
    mutating func decodeVoice(_ map: Node.Mapping, into settings: inout PackSettings) {
        if let v = map["greeting_fallback"], let (t, _) = text(v, "'greeting_fallback' in 'pack'") {
            if Self.trimmed(t).isEmpty {
                error(
                    DiagnosticCode.invalidValue, "'greeting_fallback' in 'pack' must not be empty", at: v.mark,
                    hint: "write what a reply calls a person whose name is not known, such as 'there'")
            } else {
                settings.greetingFallback = t
            }
        }
        if let v = map["sign_off"], let (t, scalar) = text(v, "'sign_off' in 'pack'") {
            if Self.trimmed(t).isEmpty {
                error(DiagnosticCode.invalidValue, "'sign_off' in 'pack' must not be empty", at: v.mark, hint: "leave 'sign_off' out for replies without one")
            } else {
                do throws(ParseIssue) {
                    settings.signOff = try TemplateParser.parse(t, at: positions.location(of: scalar, offset: 0))
                } catch {
                    report(error, in: scalar, context: "'sign_off' in 'pack'")
                }
            }
        }
        if let v = map["reply_max"], let limits = mapping(v, "'reply_max' in 'pack'") {
            for entry in limits.entries {
                guard let (name, keyScalar) = text(entry.key, "a platform name in 'reply_max'", numbers: false) else { continue }
                let platform = name.trimmingSpaces.lowercased()
                if platform.isEmpty {
                    error(DiagnosticCode.invalidValue, "a platform name in 'reply_max' must not be empty", at: keyScalar.mark)
                    continue
                }
                if settings.replyMax[platform] != nil {
                    error(
                        DiagnosticCode.invalidValue, "platform '\(platform)' appears twice in 'reply_max'", at: keyScalar.mark,
                        hint: "platforms are compared lowercased")
                    continue
                }
                guard case .scalar(let s) = entry.value, case .int(let limit) = s.value else {
                    error(
                        DiagnosticCode.wrongType, "'reply_max' for '\(platform)' must be a whole number of characters, not \(entry.value.kindDescription)",
                        at: entry.value.mark, hint: "for example reply_max: {x: 280}")
                    continue
                }
                guard limit >= 1 else {
                    error(DiagnosticCode.invalidValue, "'reply_max' for '\(platform)' must be at least 1, not \(limit)", at: entry.value.mark)
                    continue
                }
                settings.replyMax[platform] = limit
            }
        }
    }

    mutating func decodeLists(_ node: Node) {
        guard let map = mapping(node, "'lists'") else { return }
        for entry in map.entries {
            guard let (name, keyScalar) = text(entry.key, "a list name", numbers: false) else { continue }
            let location = positions.location(keyScalar.mark)
            if TokenClass(rawValue: name) != nil {
                error(
                    DiagnosticCode.invalidListName, "list '\(name)' has the name of a built-in class", at: keyScalar.mark,
                    hint: "<\(name)> always means the built-in; choose another name")
                continue
            }
            let nameOK =
                name.first?.isLetter == true
                && name.unicodeScalars.allSatisfy {
                    $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
                }
            if !nameOK {
                error(
                    DiagnosticCode.invalidListName, "list name '\(name)' cannot be written in a pattern", at: keyScalar.mark,
                    hint: "start with a letter and use only letters, digits, '-', '_' and '.'")
                continue
            }
            var entries: [String] = []
            for (phrase, scalar) in strings(entry.value, "list '\(name)'", item: "a phrase") {
                let trimmed = Self.trimmed(phrase)
                if trimmed.isEmpty {
                    error(DiagnosticCode.invalidValue, "empty phrase in list '\(name)'", at: scalar.mark)
                } else {
                    if let construct = Self.patternConstruct(in: trimmed) {
                        report(
                            .warning, DiagnosticCode.literalListEntry,
                            "list entry '\(trimmed)' in list '\(name)' is matched as literal text, not as \(construct)",
                            at: positions.location(scalar.mark),
                            hint: "list entries are plain phrases; use the construct in the rule's pattern instead")
                    }
                    entries.append(trimmed)
                }
            }
            if entries.isEmpty, case .sequence(let seq) = entry.value, seq.items.isEmpty {
                report(.warning, DiagnosticCode.emptyList, "list '\(name)' is empty", at: location)
            }
            fragment.lists.append(PhraseList(name: name, entries: entries, location: location))
        }
    }

    /// What a list entry looks like when it is written as a pattern construct, if it does.
    static func patternConstruct(in phrase: String) -> String? {
        if phrase.hasPrefix("<"), phrase.hasSuffix(">"), phrase.count > 2 { return "a list or built-in" }
        if phrase.hasSuffix("*"), phrase.count > 1, phrase.dropLast().allSatisfy({ $0.isLetter || $0.isNumber }) { return "a prefix" }
        if phrase.hasPrefix("["), phrase.hasSuffix("]") { return "alternatives" }
        return nil
    }

    /// The keys of `replies:` that name no label, and what each holds (no label may take their names).
    static let replyOnlyKeys = [
        "mixed": "the key of the replies to mixed praise", "handoff": "the key of the hand-off replies", "caution": "the key of the caution replies",
    ]

    /// The keys of `replies:`: every label this file may use, `mixed`, `handoff` and `caution`.
    var replyKeys: [String] { (Label.builtIn + knownLabels).map(\.rawValue) + ["mixed", "handoff", "caution"] }

    mutating func decodeReplies(_ node: Node) {
        guard let map = mapping(node, "'replies'") else { return }
        let replyKeys = self.replyKeys
        checkKeys(map, allowed: replyKeys, context: "in 'replies'", synonyms: ["questions": "question", "complaints": "complaint", "handover": "handoff"])
        for entry in map.entries {
            guard case .scalar(let key) = entry.key, replyKeys.contains(key.string) else { continue }
            let location = positions.location(key.mark)
            if key.string == "handoff", case .mapping(let routes) = entry.value {
                for route in routes.entries {
                    guard let (name, routeScalar) = text(route.key, "a handoff route", numbers: false) else { continue }
                    let context = name == "default" ? "'handoff' reply" : "'handoff.\(name)' reply"
                    let templates = templates(route.value, "replies for \(context)", context: context)
                    fragment.replies.append((name == "default" ? "handoff" : "handoff.\(name)", templates, positions.location(routeScalar.mark)))
                }
            } else if key.string == "caution" {
                // Caution replies exist only per route: a mapping from route to replies.
                guard let routes = mapping(entry.value, "'caution' in 'replies' (its replies per route)") else { continue }
                for route in routes.entries {
                    guard let (name, routeScalar) = text(route.key, "a caution route", numbers: false) else { continue }
                    let context = "'caution.\(name)' reply"
                    fragment.replies.append(
                        ("caution.\(name)", templates(route.value, "replies for \(context)", context: context), positions.location(routeScalar.mark)))
                }
            } else {
                let templates = templates(entry.value, "'\(key.string)' in 'replies'", context: "'\(key.string)' reply")
                fragment.replies.append((key.string, templates, location))
            }
        }
    }

    static let caseKeys = ["text", "fields", "label", "escalation", "reply_contains"]

    mutating func decodeCases(_ node: Node) {
        guard case .sequence(let seq) = node else {
            error(DiagnosticCode.wrongType, "'cases' must be a list of cases, not \(node.kindDescription)", at: node.mark)
            return
        }
        for (index, item) in seq.items.enumerated() {
            let name = "case #\(index + 1)"
            guard let map = mapping(item, name) else { continue }
            checkKeys(
                map, allowed: Self.caseKeys, context: "in \(name)",
                synonyms: ["comment": "text", "expect": "label", "reply": "reply_contains", "escalate": "escalation"])
            var caseText: String?
            if let textNode = map["text"] {
                caseText = text(textNode, "'text' of \(name)", numbers: false, code: DiagnosticCode.exampleNotString)?.0
            } else {
                error(DiagnosticCode.missingField, "\(name) has no 'text'", at: map.mark)
            }
            var packCase = PackCase(text: caseText ?? "", location: positions.location(map.mark))
            if let v = map["fields"], let fields = mapping(v, "'fields' of \(name)") {
                flatten(fields, prefix: "", into: &packCase.fields, context: name)
            }
            if let v = map["label"] { packCase.label = label(v, "\(name)", scoredOnly: false) }
            if let v = map["escalation"] {
                if case .scalar(let scalar) = v, scalar.value == .string("none") {
                    packCase.expectsNoEscalation = true
                } else {
                    packCase.escalation = level(v, "\(name)")
                }
            }
            if let v = map["reply_contains"], let (t, _) = text(v, "'reply_contains' of \(name)") { packCase.replyContains = t }
            if caseText != nil { fragment.cases.append(packCase) }
        }
    }

    /// A `pack:` margin counted in thresholds (`praise_reply_margin`, `complaint_reply_margin`): a number not
    /// below 0, else an error at its place with `hint`; nil when the key is absent or wrong.
    mutating func margin(_ map: Node.Mapping, _ key: String, hint: String) -> Double? {
        guard let v = map[key], let n = number(v, "'\(key)' in 'pack'") else { return nil }
        if n < 0 {
            error(DiagnosticCode.invalidValue, "'\(key)' in 'pack' must not be negative", at: v.mark, hint: hint)
            return nil
        }
        return n
    }

    /// Nested mappings become dotted paths: `{author: {followers: 5}}` → `author.followers`.
    mutating func flatten(_ map: Node.Mapping, prefix: String, into fields: inout [String: FieldValue], context: String) {
        for entry in map.entries {
            guard let (key, _) = text(entry.key, "a field name") else { continue }
            let path = prefix + key
            switch entry.value {
            case .mapping(let inner):
                flatten(inner, prefix: path + ".", into: &fields, context: context)
            case .sequence:
                error(DiagnosticCode.wrongType, "field '\(path)' of \(context) must be a string, number, boolean or null, not a list", at: entry.value.mark)
            case .scalar(let s):
                switch s.value {
                case .null: fields[path] = .null
                case .bool(let b): fields[path] = .bool(b)
                case .int(let i): fields[path] = .number(Double(i))
                case .float(let f): fields[path] = .number(f)
                case .string(let t): fields[path] = .string(t)
                }
            }
        }
    }
}
