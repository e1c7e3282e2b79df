import RapportSupport
extension RulePack {
    /// Warnings (`field-not-in-sample`) for every field a rule's `when` reads that never occurs in a
    /// sample export, given the names of the fields the sample does hold (`rapport lint --sample`).
    /// `label` is always known; `id` and `text` always exist; `author`, `author.name` and
    /// `author.handle` stand in for one another; a field alias (`fields:`) is present when its name
    /// or any of its paths is.
    public func fieldsMissing(fromSample present: Set<String>, sample: String) -> [Diagnostic] {
        let authorKeys: Set<String> = ["author", "author.name", "author.handle"]
        func occurs(_ name: String) -> Bool {
            if ["label", "id", "text"].contains(name) || present.contains(name) { return true }
            if authorKeys.contains(name), !present.isDisjoint(with: authorKeys) { return true }
            return (fieldAliases[name] ?? []).contains { present.contains($0) || (authorKeys.contains($0) && !present.isDisjoint(with: authorKeys)) }
        }
        var diagnostics: [Diagnostic] = []
        for rule in rules {
            guard let condition = rule.when else { continue }
            for name in condition.expression.fieldNames where !occurs(name) {
                var location = condition.location
                // The column of the name itself, when the condition is written on one line.
                if !condition.source.contains("\n"), let range = condition.source.range(of: name) {
                    location.column += condition.source.unicodeScalars.distance(from: condition.source.startIndex, to: range.lowerBound)
                }
                let candidates = present.sorted()
                diagnostics.append(
                    Diagnostic(
                        .warning, .fieldNotInSample,
                        "the 'when' of rule '\(rule.id)' reads field '\(name)', which no record of \(sample) has",
                        at: location,
                        hint: DidYouMean.hint(for: name, in: candidates)
                            ?? "map it to the export's field with a 'fields:' alias, or check the spelling"))
            }
        }
        return diagnostics
    }
}
