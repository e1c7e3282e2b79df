import RapportSupport

extension RulePack {
    /// How many characters `reply-too-long` counts for a value that is not known when the pack loads
    /// (an author, a field, the matched text): the longest X handle with its `@`.
    public static let assumedValueLength = 16

    /// The brand-voice warnings of the assembled pack: `reply-missing-value` for each variable of a
    /// reply template (or of the sign-off) that a comment may lack and that has no fallback (an author
    /// without `greeting_fallback`, `{brand}` without a brand, `{match}` where no pattern matched, any
    /// other field), and `reply-too-long` for each reply that, with the sign-off, can be longer than a
    /// `reply_max` entry.
    func voiceWarnings() -> [Diagnostic] {
        // (`caution-never-offered` too: see ``cautionWarnings()``.)
        var diagnostics: [Diagnostic] = []
        let signOff = settings.signOff
        let signOffLength = signOff.map { ($0.source.unicodeScalars.first?.properties.isWhitespace == true ? 0 : 1) + estimate($0).assumed } ?? 0
        let signOffFixed = signOff.map { ($0.source.unicodeScalars.first?.properties.isWhitespace == true ? 0 : 1) + estimate($0).fixed } ?? 0
        let limits = settings.replyMax.sorted { ($0.value, $0.key) < ($1.value, $1.key) }

        func check(_ templates: [Template], hasMatch: Bool) {
            for template in templates {
                diagnostics += missingValues(in: template, hasMatch: hasMatch)
                guard !limits.isEmpty else { continue }
                let (fixed, assumed, unknown) = estimate(template)
                let total = assumed + signOffLength
                let over = limits.filter { $0.value < total }
                guard let strictest = over.first else { continue }
                let named = over.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                let withSignOff = signOff == nil ? "" : " with the sign-off"
                let message: String
                if fixed + signOffFixed > strictest.value {
                    message = "this reply is at least \(fixed + signOffFixed) characters\(withSignOff), over reply_max for \(named): it is never offered there"
                } else {
                    let counted = unknown.map { "{\($0)}" }.joined(separator: ", ")
                    message =
                        "this reply can be \(total) characters\(withSignOff) (counting \(Self.assumedValueLength) for \(counted)), over reply_max for \(named): it is dropped there when the values are long"
                }
                diagnostics.append(
                    Diagnostic(
                        .warning, .replyTooLong, message, at: template.location,
                        hint: "shorten it, or give the platform a higher reply_max; a longer variant is skipped and the next one tried"))
            }
        }
        if let signOff { diagnostics += missingValues(in: signOff, hasMatch: false) }
        for rule in rules { check(rule.reply, hasMatch: !rule.match.isEmpty) }
        for label in allLabels { check(replies.byLabel[label] ?? [], hasMatch: false) }
        check(replies.mixed, hasMatch: false)
        check(replies.handoff, hasMatch: false)
        for route in replies.handoffByRoute.keys.sorted() { check(replies.handoffByRoute[route] ?? [], hasMatch: false) }
        for route in replies.cautionByRoute.keys.sorted() { check(replies.cautionByRoute[route] ?? [], hasMatch: false) }
        diagnostics += cautionWarnings()
        return diagnostics
    }

    /// The length of `template` in Unicode scalars: `fixed` counts its text and the values known at
    /// load time (the brand, else a fallback), `assumed` adds ``assumedValueLength`` (or a longer
    /// fallback) for each other value, whose names are `unknown`.
    private func estimate(_ template: Template) -> (fixed: Int, assumed: Int, unknown: [String]) {
        var fixed = 0
        var assumed = 0
        var unknown: [String] = []
        for segment in template.segments {
            switch segment {
            case .text(let text):
                fixed += text.unicodeScalars.count
                assumed += text.unicodeScalars.count
            case .variable(let path, let fallback, _):
                let name = path.joined(separator: ".")
                let fallbackLength = (fallback ?? (FieldKey(name).builtin == .author ? settings.greetingFallback : nil))?.unicodeScalars.count ?? 0
                if name == "brand" {
                    let length = settings.brand?.unicodeScalars.count ?? fallbackLength
                    fixed += length
                    assumed += length
                } else if name == "label" {
                    assumed += allLabels.map(\.rawValue.unicodeScalars.count).max() ?? 0
                } else {
                    assumed += max(fallbackLength, Self.assumedValueLength)
                    if !unknown.contains(name) { unknown.append(name) }
                }
            }
        }
        return (fixed, assumed, unknown)
    }

    /// A `reply-missing-value` warning for each variable of `template` that a comment may lack and that
    /// has no fallback; `hasMatch` tells whether `{match}` always has a value where the template is used.
    private func missingValues(in template: Template, hasMatch: Bool) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for case .variable(let path, let fallback, let offset) in template.segments where fallback == nil {
            let name = path.joined(separator: ".")
            let key = FieldKey(path.count > 1 && path[0] == "field" ? path.dropFirst().joined(separator: ".") : name)
            let why: String
            var hint = "give it a fallback, {\(name)|...}"
            switch name {
            case "brand":
                guard settings.brand?.isEmpty ?? true else { continue }
                why = "the pack sets no 'brand'"
                hint = "set 'brand' in 'pack', or write {brand|...} with a fallback"
            case "match":
                guard !hasMatch else { continue }
                why = "no pattern's text is certain where this reply is used"
            default:
                switch key.builtin {
                case .label, .id, .text: continue
                case .author:
                    guard settings.greetingFallback == nil else { continue }
                    why = "a comment may have no author"
                    hint = "set 'greeting_fallback' in 'pack', or write {\(name)|there} with a fallback"
                case .none:
                    why = "a comment may not have this field"
                }
            }
            var location = template.location
            // The column of the variable itself, when the template is written on one line without escapes.
            if !template.source.contains("\n"), !template.source.contains("\\"), !template.source.contains("\"") { location.column += offset }
            diagnostics.append(
                Diagnostic(
                    .warning, .replyMissingValue,
                    "{\(name)} has no fallback and \(why): the reply is dropped when it has no value", at: location, hint: hint))
        }
        return diagnostics
    }

    /// `caution-never-offered` for each route's caution replies that no comment can get: the pack has no
    /// escalation model, its model has no `caution` probability, the model has no such route, or the
    /// route's own threshold (`route_at:`) is not above `caution`.
    func cautionWarnings() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for route in replies.cautionByRoute.keys.sorted() {
            let location = provenance.replies["caution.\(route)"] ?? SourceLocation(file: "<pack>", line: 1, column: 1)
            guard let model = escalationModel, model.caution != nil else {
                diagnostics.append(
                    Diagnostic(
                        .warning, .cautionNeverOffered,
                        "the caution replies of route '\(route)' are never offered: \(escalationModel == nil ? "the pack has no escalation model" : "its escalation model has no 'caution'")",
                        at: location, hint: "give 'escalation_model:' a 'caution' probability below its 'at' (rapport lexicon --escalations --caution p)"))
                continue
            }
            if !model.routes.contains(route) {
                diagnostics.append(
                    Diagnostic(
                        .warning, .cautionNeverOffered,
                        "the caution replies of route '\(route)' are never offered: the escalation model has no route '\(route)'",
                        at: location, hint: DidYouMean.hint(for: route, in: model.routes) ?? "its routes are \(model.routes.joined(separator: ", "))"))
            } else if let caution = model.caution, model.threshold(of: route) <= caution {
                diagnostics.append(
                    Diagnostic(
                        .warning, .cautionNeverOffered,
                        "the caution replies of route '\(route)' are never offered: its threshold in 'route_at' (\(NumberText.compact(model.threshold(of: route)))) is not above the model's 'caution' (\(NumberText.compact(caution)))",
                        at: location, hint: "the route's comments are escalated from its 'route_at'; raise it above 'caution' or drop these replies"))
            }
        }
        return diagnostics
    }
}
