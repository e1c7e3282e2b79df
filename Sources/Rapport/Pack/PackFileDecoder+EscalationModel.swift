internal import RapportYAML
import RapportSupport

/// Decoding of the `escalation_model:` section (see ``EscalationModel``).
extension PackFileDecoder {
    static let escalationModelKeys = ["description", "at", "caution", "routes", "levels", "prefer", "route_at", "caution_lead", "bias", "terms"]

    mutating func decodeEscalationModel(_ node: Node) {
        let what = "'escalation_model'"
        guard let map = mapping(node, what) else { return }
        checkKeys(
            map, allowed: Self.escalationModelKeys, context: "in \(what)",
            synonyms: [
                "threshold": "at", "thresholds": "route_at", "route_thresholds": "route_at", "probability": "at", "words": "terms", "weights": "terms",
                "intercept": "bias", "level": "levels", "caution_leads": "caution_lead", "caution_margin": "caution_lead",
            ])
        if let v = map["description"] { _ = text(v, "'description' in \(what)") }
        let location = positions.location(map.mark)
        var routes: [String] = []
        if let v = map["routes"] {
            for (route, scalar) in strings(v, "'routes' in \(what)", item: "route", numbers: false) {
                if route == EscalationModel.escalateColumn || routes.contains(route) {
                    error(
                        DiagnosticCode.invalidValue, "route '\(route)' is given twice in \(what)", at: scalar.mark,
                        hint: route == EscalationModel.escalateColumn ? "'escalate' names the model's first column, not a route" : nil)
                    continue
                }
                routes.append(route)
            }
        }
        guard !routes.isEmpty else {
            error(DiagnosticCode.missingField, "\(what) needs 'routes', the routes its table's columns choose between", at: map.mark)
            return
        }
        var threshold = 0.9
        if let v = map["at"], let value = number(v, "'at' in \(what)") {
            if value > 0 && value <= 1 {
                threshold = value
            } else {
                error(DiagnosticCode.invalidValue, "'at' in \(what) must be a probability above 0 and at most 1, not \(value)", at: v.mark)
            }
        }
        var caution: Double?
        if let v = map["caution"], let value = number(v, "'caution' in \(what)") {
            if value > 0 && value < threshold {
                caution = value
            } else {
                error(
                    DiagnosticCode.invalidValue,
                    "'caution' in \(what) must be a probability above 0 and below 'at' (\(NumberText.compact(threshold))), not \(NumberText.compact(value))",
                    at: v.mark, hint: "comments from 'caution' up to 'at' get the caution replies of their route; from 'at' they are escalated")
            }
        }
        var model = EscalationModel(threshold: threshold, caution: caution, routes: routes, location: location)
        for (route, value) in routeEntries(map, "levels", of: what, routes: routes) {
            if let level = level(value, "the level of route '\(route)' in \(what)") { model.levels[route] = level }
        }
        model.prefer = routeAmounts(
            map, "prefer", noun: "margin", of: what, routes: routes,
            hint: "an escalation goes to this route when its column sums within this much of the highest route's")
        for (route, value) in routeEntries(map, "route_at", of: what, routes: routes) {
            guard let probability = number(value, "the threshold of route '\(route)' in 'route_at' of \(what)") else { continue }
            if probability > 0 && probability <= 1 {
                model.routeThresholds[route] = probability
            } else {
                error(
                    DiagnosticCode.invalidValue,
                    "the threshold of route '\(route)' in 'route_at' of \(what) must be a probability above 0 and at most 1, not \(NumberText.compact(probability))",
                    at: value.mark, hint: "a comment whose highest route is this one is escalated from this probability instead of 'at'")
            }
        }
        model.cautionLeads = routeAmounts(
            map, "caution_lead", noun: "lead", of: what, routes: routes,
            hint: "the route's caution replies are offered only when its column sums at least this much above every other route's")
        let columns = [EscalationModel.escalateColumn] + routes
        if let v = map["bias"], let bias = mapping(v, "'bias' in \(what)") {
            for entry in bias.entries {
                guard let (name, key) = text(entry.key, "a column in 'bias' of \(what)", numbers: false) else { continue }
                guard let column = columns.firstIndex(of: name) else {
                    error(
                        DiagnosticCode.invalidValue, "'bias' in \(what) names '\(name)', which is neither 'escalate' nor one of its routes", at: key.mark,
                        hint: DidYouMean.hint(for: name, in: columns) ?? "columns here are \(columns.joined(separator: ", "))")
                    continue
                }
                if let value = number(entry.value, "the bias of '\(name)' in \(what)") { model.bias[column] = value }
            }
        }
        if let v = map["terms"] {
            if case .scalar(let table) = v, case .string = table.value {
                decodeTermRows(table, columns: columns, what: "escalation model") { text, words, values, location in
                    model.terms.append(EscalationModelTerm(text: text, words: words, weights: values, location: location))
                }
            } else {
                error(
                    DiagnosticCode.wrongType, "'terms' in \(what) must be a table (a block scalar `terms: |`), not \(v.kindDescription)", at: v.mark,
                    hint: "one term per line, then its \(columns.joined(separator: ", ")) weights")
            }
        }
        fragment.escalationModel = model
    }

    /// The routes under `key` in `map` with their amounts, numbers of at least 0 (`prefer`'s margins,
    /// `caution_lead`'s leads; `noun` names one in messages); any other value is reported where it is
    /// written, with `hint`.
    private mutating func routeAmounts(
        _ map: Node.Mapping, _ key: String, noun: String, of what: String, routes: [String], hint: String
    ) -> [String: Double] {
        var amounts: [String: Double] = [:]
        for (route, value) in routeEntries(map, key, of: what, routes: routes) {
            guard let amount = number(value, "the \(noun) of route '\(route)' in '\(key)' of \(what)") else { continue }
            if amount >= 0 && amount.isFinite {
                amounts[route] = amount
            } else {
                error(
                    DiagnosticCode.invalidValue,
                    "the \(noun) of route '\(route)' in '\(key)' of \(what) must be a number of at least 0, not \(NumberText.compact(amount))",
                    at: value.mark, hint: hint)
            }
        }
        return amounts
    }

    /// The entries of the mapping under `key` in `map` that name one of `routes`, with their values; a
    /// key naming another route is reported where it is written.
    private mutating func routeEntries(_ map: Node.Mapping, _ key: String, of what: String, routes: [String]) -> [(String, Node)] {
        guard let v = map[key], let entries = mapping(v, "'\(key)' in \(what)") else { return [] }
        var found: [(String, Node)] = []
        for entry in entries.entries {
            guard let (route, name) = text(entry.key, "a route in '\(key)' of \(what)", numbers: false) else { continue }
            guard routes.contains(route) else {
                error(
                    DiagnosticCode.invalidValue, "'\(key)' in \(what) names route '\(route)', which is not in its 'routes'", at: name.mark,
                    hint: DidYouMean.hint(for: route, in: routes) ?? "routes here are \(routes.joined(separator: ", "))")
                continue
            }
            found.append((route, entry.value))
        }
        return found
    }
}
