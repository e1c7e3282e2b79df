internal import Foundation

extension PatternSuggester {
    /// A rule file of drafts, one rule per suggestion, for an author to read, edit and keep or delete.
    ///
    /// Each rule gets an id from its pattern (`complaint.never-arrived`, made unique against
    /// `existingIDs`), the pack's threshold as weight, the figures in its description, and fire and
    /// quiet examples from the data. The file lints cleanly over the pack the suggestions came from.
    public static func draftsYAML(
        _ suggestions: [SuggestedPattern], label: Label, threshold: Double,
        existingIDs: Set<String>, source: String
    ) -> String {
        var out = """
            # Rule drafts by `rapport suggest` for '\(label.rawValue)' from \(source).
            # Proposals, not rules: keep a pattern only if it reads as a general way people speak
            # (no brand names, no one-off sentences), generalise it with lists, then run
            # `rapport lint --over-default`, `rapport test --over-default` and `rapport eval --compare`.
            rapport: 1
            rules:\(suggestions.isEmpty ? " []" : "")

            """
        var used = existingIDs
        for suggestion in suggestions {
            let base = "\(label.rawValue).\(slug(suggestion.pattern))"
            var id = base, n = 2
            while used.contains(id) { id = "\(base)-\(n)"; n += 1 }
            used.insert(id)
            out += "  - id: \(id)\n"
            out += "    label: \(label.rawValue)\n"
            out += "    weight: \(TuningResult.number(threshold))\n"
            let description =
                "suggested: fires on \(suggestion.support) records, held-out precision "
                + String(format: "%.2f", suggestion.heldOutPrecision)
                + ", fixes \(suggestion.falseNegativesFixed) missed, adds \(suggestion.falsePositivesAdded) false"
            out += "    description: \(quoted(description))\n"
            out += "    match: [\(quoted(suggestion.pattern))]\n"
            if !suggestion.fireExamples.isEmpty || !suggestion.quietExamples.isEmpty {
                out += "    examples:\n"
                if !suggestion.fireExamples.isEmpty { out += "      fire: [\(suggestion.fireExamples.map(quoted).joined(separator: ", "))]\n" }
                if !suggestion.quietExamples.isEmpty { out += "      quiet: [\(suggestion.quietExamples.map(quoted).joined(separator: ", "))]\n" }
            }
        }
        return out
    }

    /// The pattern's words joined by `-` (lists and gaps dropped to their names): `<parcel> never arrived` → `parcel-never-arrived`.
    static func slug(_ pattern: String) -> String {
        var parts: [String] = []
        for word in pattern.split(separator: " ") {
            let kept = String(word.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }.map(Character.init))
                .lowercased()
            if !kept.isEmpty, !word.hasPrefix("{") { parts.append(kept) }
        }
        return parts.isEmpty ? "suggested" : parts.joined(separator: "-")
    }

    /// A YAML double-quoted string: a JSON string literal (YAML reads those), with the characters
    /// YAML does not allow raw (C1 controls, line and paragraph separators, byte-order mark) escaped too.
    static func quoted(_ text: String) -> String {
        var out = ""
        for c in DiagnosticRenderer.jsonString(text).unicodeScalars {
            if (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFEFF {
                out += String(format: "\\u%04X", c.value)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
