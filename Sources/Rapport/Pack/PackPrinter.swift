import RapportSupport
/// The effective pack of a stack of layers written out as one rule file (`rapport pack show`): every
/// list, reply set and rule as it stands after every layer, `patch:` and `disable:` was applied,
/// each with a comment naming the layer and file it came from. The YAML loads as a pack of its own
/// (with the same verdicts); the JSON form carries the same comments as `origin` members.
public enum PackPrinter {
    /// The pack as a YAML rule file, with `# layer NAME (FILE:LINE:COLUMN)` comments.
    public static func yaml(_ pack: RulePack) -> String {
        var out = "rapport: 1\n"
        let layers = pack.provenance.layers
        if !layers.isEmpty { out += "# the effective pack of the layers \(layers.joined(separator: " → ")) (bottom first)\n" }
        document(pack, json: false).writeYAML(into: &out, indent: 0)
        return out
    }

    /// The pack as one JSON object; each item's comment is an `origin` member, and the rules
    /// `disable:` removed are a `disabled` list of `{rule, origin}`.
    public static func json(_ pack: RulePack) -> String {
        var out = ""
        document(pack, json: true).writeJSON(into: &out)
        return out + "\n"
    }

    static func document(_ pack: RulePack, json: Bool) -> Node {
        let provenance = pack.provenance
        let settings = pack.settings
        var packMap: [Entry] = [("name", .string(settings.name), nil), ("language", .string(settings.language), nil)]
        if let brand = settings.brand { packMap.append(("brand", .string(brand), nil)) }
        packMap += [
            ("threshold", .number(settings.threshold), nil), ("precedence", .strings(settings.precedence.map(\.rawValue)), nil),
            ("negators", .string(settings.negatorList), nil),
        ]
        if settings.praiseReplyMargin != PackSettings.defaultPraiseReplyMargin {
            packMap.append(("praise_reply_margin", .number(settings.praiseReplyMargin), nil))
        }
        if settings.complaintReplyMargin != PackSettings.defaultComplaintReplyMargin {
            packMap.append(("complaint_reply_margin", .number(settings.complaintReplyMargin), nil))
        }
        if let routes = settings.praiseEscalates { packMap.append(("praise_escalates", .strings(routes), nil)) }

        var lists: [Entry] = []
        for name in pack.lists.keys.sorted() {
            let list = pack.lists[name]!
            lists.append((name, .strings(list.entries), origin(list.location, patches: provenance.listPatches[name] ?? [], provenance)))
        }

        var replies: [Entry] = []
        func replyOrigin(_ key: String) -> String? { provenance.replies[key].map { origin($0, patches: [], provenance) } }
        for label in pack.allLabels {
            if let templates = pack.replies.byLabel[label] {
                replies.append((label.rawValue, .strings(templates.map(\.source)), replyOrigin(label.rawValue)))
            }
        }
        if !pack.replies.mixed.isEmpty {
            replies.append(("mixed", .strings(pack.replies.mixed.map(\.source)), replyOrigin("mixed")))
        }
        var handoff: [Entry] = []
        if !pack.replies.handoff.isEmpty || replyOrigin("handoff") != nil {
            handoff.append(("default", .strings(pack.replies.handoff.map(\.source)), replyOrigin("handoff")))
        }
        for route in pack.replies.handoffByRoute.keys.sorted() {
            handoff.append((route, .strings(pack.replies.handoffByRoute[route]!.map(\.source)), replyOrigin("handoff.\(route)")))
        }
        if !handoff.isEmpty { replies.append(("handoff", .map(handoff), nil)) }
        let caution: [Entry] = pack.replies.cautionByRoute.keys.sorted().map { route in
            (route, .strings(pack.replies.cautionByRoute[route]!.map(\.source)), replyOrigin("caution.\(route)"))
        }
        if !caution.isEmpty { replies.append(("caution", .map(caution), nil)) }

        let rules: [Node] = pack.rules.map { rule in
            var map: [Entry] = [("id", .string(rule.id), nil)]
            if let label = rule.label { map.append(("label", .string(label.rawValue), nil)) }
            // A care rule (no label, no escalation) has no weight: one written would be an error on reading.
            if rule.label != nil || rule.escalate != nil { map.append(("weight", .number(rule.weight), nil)) }
            if let description = rule.description { map.append(("description", .string(description), nil)) }
            if !rule.match.isEmpty { map.append(("match", .strings(rule.match.map(\.source)), nil)) }
            if !rule.unless.isEmpty { map.append(("unless", .strings(rule.unless.map(\.source)), nil)) }
            if let when = rule.when { map.append(("when", .string(when.source), nil)) }
            if let e = rule.escalate {
                map.append(
                    ("escalate", .map([("level", .string(e.level.rawValue), nil), ("route", .string(e.route), nil), ("reason", .string(e.reason), nil)]), nil))
            }
            if !rule.reply.isEmpty { map.append(("reply", .strings(rule.reply.map(\.source)), nil)) }
            if !rule.tags.isEmpty { map.append(("tags", .strings(rule.tags), nil)) }
            if let route = rule.route { map.append(("route", .string(route), nil)) }
            if rule.resolves { map.append(("resolves", .raw("true"), nil)) }
            var examples: [Entry] = []
            if !rule.examples.fire.isEmpty { examples.append(("fire", .strings(rule.examples.fire.map(\.text)), nil)) }
            if !rule.examples.quiet.isEmpty { examples.append(("quiet", .strings(rule.examples.quiet.map(\.text)), nil)) }
            if !examples.isEmpty { map.append(("examples", .map(examples), nil)) }
            return .commented(origin(rule.location, patches: provenance.rulePatches[rule.id] ?? [], provenance), .map(map))
        }

        let cases: [Node] = pack.cases.map { item in
            var map: [Entry] = [("text", .string(item.text), nil)]
            if !item.fields.isEmpty {
                map.append(
                    (
                        "fields",
                        .map(
                            item.fields.keys.sorted().map { key in
                                let value: Node =
                                    switch item.fields[key]! {
                                    case .string(let s): .string(s)
                                    case .number(let n): .number(n)
                                    case .bool(let b): .raw(b ? "true" : "false")
                                    case .null: .raw("null")
                                    }
                                return (key, value, nil)
                            }), nil
                    ))
            }
            if let label = item.label { map.append(("label", .string(label.rawValue), nil)) }
            if let level = item.escalation { map.append(("escalation", .string(level.rawValue), nil)) }
            if item.expectsNoEscalation { map.append(("escalation", .string("none"), nil)) }
            if let phrase = item.replyContains { map.append(("reply_contains", .string(phrase), nil)) }
            return .commented(origin(item.location, patches: [], provenance), .map(map))
        }

        var top: [Entry] = [("pack", .map(packMap), nil)]
        if !pack.labels.isEmpty {
            let labels: [Node] = pack.labels.map { label in
                let name = Node.string(label.rawValue)
                return provenance.labels[label.rawValue].map { .commented(origin($0, patches: [], provenance), name) } ?? name
            }
            top.append(("labels", .list(labels), nil))
        }
        top.append(("lists", .map(lists), nil))
        if !replies.isEmpty { top.append(("replies", .map(replies), nil)) }
        if json {
            top.append(("rules", .list(rules), nil))
            top.append(
                (
                    "disabled",
                    .list(provenance.disabled.map { .map([("rule", .string($0.rule), nil), ("origin", .string(provenance.describe($0.location)), nil)]) }), nil
                ))
        } else {
            let disabled = provenance.disabled.map { "disabled in \(provenance.describe($0.location)): \($0.rule)" }
            top.append(("rules", .list(rules), disabled.isEmpty ? nil : disabled.joined(separator: "\n")))
        }
        if !cases.isEmpty { top.append(("cases", .list(cases), nil)) }
        if let lexicon = pack.lexicon { top.append(lexiconEntry(lexicon, comment: provenance.describe(lexicon.location))) }
        if let model = pack.escalationModel { top.append(escalationModelEntry(model, comment: provenance.describe(model.location))) }
        return .map(top)
    }

    /// A rule file holding only `lexicon` (what `rapport lexicon` writes), after `header` comment lines.
    public static func lexiconFile(_ lexicon: Lexicon, header: [String]) -> String {
        var out = header.map { "# " + $0 + "\n" }.joined() + "rapport: 1\n"
        Node.map([lexiconEntry(lexicon, comment: nil)]).writeYAML(into: &out, indent: 0)
        return out
    }

    /// The `lexicon:` section: the bias and one line per term, `"term": {label: weight, ...}`.
    static func lexiconEntry(_ lexicon: Lexicon, comment: String?) -> Entry {
        func weights(_ values: [Label: Double]) -> Node {
            .flow(Label.scored.compactMap { label in values[label].map { (label.rawValue, .number($0), nil) } })
        }
        var section: [Entry] = []
        if !lexicon.bias.isEmpty { section.append(("bias", weights(lexicon.bias), nil)) }
        let asMap = Node.map(lexicon.terms.map { ($0.text, weights($0.weights), nil) })
        section.append(("terms", .block(termTable(lexicon.terms), json: asMap), nil))
        if !lexicon.rules.isEmpty {
            section.append(("rules", .map(lexicon.rules.map { ($0.ruleID, weights($0.weights), nil) }), nil))
        }
        return ("lexicon", .map(section), comment)
    }

    /// A rule file holding only `escalation_model` (what `rapport lexicon --escalations` writes), after
    /// `header` comment lines.
    public static func escalationModelFile(_ model: EscalationModel, header: [String]) -> String {
        var out = header.map { "# " + $0 + "\n" }.joined() + "rapport: 1\n"
        Node.map([escalationModelEntry(model, comment: nil)]).writeYAML(into: &out, indent: 0)
        return out
    }

    /// The `escalation_model:` section: its thresholds, routes, levels, preferences, bias and the term table.
    static func escalationModelEntry(_ model: EscalationModel, comment: String?) -> Entry {
        let columns = [EscalationModel.escalateColumn] + model.routes
        var section: [Entry] = [("at", .number(model.threshold), nil)]
        if let caution = model.caution { section.append(("caution", .number(caution), nil)) }
        section.append(("routes", .strings(model.routes), nil))
        let levels = model.routes.compactMap { route in model.levels[route].map { (route, Node.string($0.rawValue), String?.none) } }
        if !levels.isEmpty { section.append(("levels", .flow(levels), nil)) }
        let prefer = model.routes.compactMap { route in model.prefer[route].map { (route, Node.number($0), String?.none) } }
        if !prefer.isEmpty { section.append(("prefer", .flow(prefer), nil)) }
        let routeAt = model.routes.compactMap { route in model.routeThresholds[route].map { (route, Node.number($0), String?.none) } }
        if !routeAt.isEmpty { section.append(("route_at", .flow(routeAt), nil)) }
        let cautionLead = model.routes.compactMap { route in model.cautionLeads[route].map { (route, Node.number($0), String?.none) } }
        if !cautionLead.isEmpty { section.append(("caution_lead", .flow(cautionLead), nil)) }
        section.append(("bias", .flow(zip(columns, model.bias).map { ($0, .number($1), nil) }), nil))
        let rows = model.terms.map { (text: $0.text, values: $0.weights) }
        let asMap = Node.map(model.terms.map { term in (term.text, .flow(zip(columns, term.weights).map { ($0, .number($1), nil) }), nil) })
        section.append(("terms", .block(table(rows, columns: columns), json: asMap), nil))
        return ("escalation_model", .map(section), comment)
    }

    /// The terms as the table `terms: |` holds: a header comment, then each term and its weights in
    /// `Label.scored` order, aligned.
    static func termTable(_ terms: [LexiconTerm]) -> String {
        table(terms.map { term in (term.text, Label.scored.indices.map { term.scored[$0] ?? 0 }) }, columns: Label.scored.map(\.rawValue))
    }

    /// A term table: a header comment naming `columns`, then each row's text and values, aligned.
    static func table(_ rows: [(text: String, values: [Double])], columns: [String]) -> String {
        let width = max(4, rows.map(\.text.count).max() ?? 0)
        // Each column as wide as its name, and at least 9 (a weight such as -12.345 fits).
        let sizes = columns.map { max(9, $0.count) }
        func cell(_ text: String, _ size: Int) -> String { String(repeating: " ", count: max(0, size - text.count)) + text }
        var out = "# term" + String(repeating: " ", count: width - 4) + zip(columns, sizes).map { "  " + cell($0, $1) }.joined() + "\n"
        for row in rows {
            out += row.text + String(repeating: " ", count: width - row.text.count)
            for (value, size) in zip(row.values, sizes) { out += "  " + cell(value == 0 ? "0" : NumberText.compact(value), size) }
            out += "\n"
        }
        return out
    }

    static func origin(_ location: SourceLocation, patches: [SourceLocation], _ provenance: PackProvenance) -> String {
        var text = provenance.describe(location)
        if !patches.isEmpty { text += "; patched in " + patches.map { provenance.describe($0) }.joined(separator: ", ") }
        return text
    }

    typealias Entry = (key: String, value: Node, comment: String?)

    /// A small ordered document tree, written as block YAML or as JSON.
    indirect enum Node {
        case string(String)
        case number(Double)
        /// Written as it is (`true`, `null`).
        case raw(String)
        case strings([String])
        case list([Node])
        case map([Entry])
        /// A mapping written on one line in YAML (`{a: 1, b: 2}`); an object in JSON.
        case flow([Entry])
        /// Text written as a YAML literal block scalar (`|`); in JSON, the other node.
        case block(String, json: Node)
        /// An item with a comment naming where it came from.
        case commented(String, Node)

        func writeYAML(into out: inout String, indent: Int) {
            let pad = String(repeating: " ", count: indent)
            switch self {
            case .map(let entries):
                for (key, value, comment) in entries {
                    if let comment { for line in comment.split(separator: "\n") { out += pad + "# " + line + "\n" } }
                    out += pad + PackPrinter.key(key) + ":"
                    switch value {
                    case .map(let inner) where !inner.isEmpty:
                        out += "\n"
                        value.writeYAML(into: &out, indent: indent + 2)
                    case .list(let items) where !items.isEmpty:
                        out += "\n"
                        value.writeYAML(into: &out, indent: indent + 2)
                    case .block(let text, _):
                        out += " |\n"
                        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
                            out += pad + "  " + line + "\n"
                        }
                    default:
                        out += " " + value.inline + "\n"
                    }
                }
            case .list(let items):
                for item in items {
                    var node = item
                    if case .commented(let comment, let inner) = item {
                        out += pad + "# " + comment + "\n"
                        node = inner
                    }
                    if case .map(let entries) = node, !entries.isEmpty {
                        var body = ""
                        node.writeYAML(into: &body, indent: indent + 2)
                        out += pad + "- " + body.dropFirst(indent + 2)
                    } else {
                        out += pad + "- " + node.inline + "\n"
                    }
                }
            default:
                out += pad + inline + "\n"
            }
        }

        /// The node in flow style, on one line.
        var inline: String {
            switch self {
            case .string(let s): PackPrinter.quoted(s)
            case .number(let n): PackPrinter.number(n)
            case .raw(let r): r
            case .strings(let items): "[" + items.map(PackPrinter.quoted).joined(separator: ", ") + "]"
            case .list(let items): "[" + items.map(\.inline).joined(separator: ", ") + "]"
            case .map(let entries), .flow(let entries):
                "{" + entries.map { PackPrinter.key($0.key) + ": " + $0.value.inline }.joined(separator: ", ") + "}"
            case .commented(_, let node): node.inline
            case .block(let text, _): PackPrinter.quoted(text)
            }
        }

        func writeJSON(into out: inout String) {
            switch self {
            case .string(let s): out += PackPrinter.quoted(s)
            case .number(let n): out += PackPrinter.number(n)
            case .raw(let r): out += r
            case .strings(let items): out += "[" + items.map(PackPrinter.quoted).joined(separator: ",") + "]"
            case .list(let items):
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += "," }
                    item.writeJSON(into: &out)
                }
                out += "]"
            case .map(let entries), .flow(let entries):
                out += "{"
                for (i, (key, value, comment)) in entries.enumerated() {
                    if i > 0 { out += "," }
                    out += PackPrinter.quoted(key) + ":"
                    (comment.map { Node.commented($0, value) } ?? value).writeJSON(into: &out)
                }
                out += "}"
            case .block(_, let json):
                json.writeJSON(into: &out)
            case .commented(let comment, let node):
                if case .map(let entries) = node {
                    Node.map([("origin", .string(comment), nil)] + entries).writeJSON(into: &out)
                } else {
                    Node.map([("origin", .string(comment), nil), ("value", node, nil)]).writeJSON(into: &out)
                }
            }
        }
    }

    /// A string in double quotes with JSON escapes (valid in YAML and in JSON).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when it is a simple name, else quoted.
    static func key(_ text: String) -> String {
        let simple =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
            }
            && !["true", "false", "null", "yes", "no", "on", "off"].contains(text.lowercased()) && !("0"..."9").contains(text.unicodeScalars.first!)
        return simple ? text : quoted(text)
    }

    /// A number without a needless `.0`.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
