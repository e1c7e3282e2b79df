internal import Foundation
import RapportSupport

extension TuningResult {
    /// The layer file `rapport tune -o` writes: a `patch:` section setting the threshold and the weight
    /// of every fitted rule and nothing else, each rule commented with its hits, the precision of its
    /// label and its weight before; rules that keep their weight are listed in comments. Load it with
    /// `--rules` over the pack it was tuned on.
    ///
    /// The text depends only on the result and `source`: the same data and pack give the same bytes.
    /// - Parameter source: what the data was, for the header (file names and label options).
    public func layerYAML(source: String) -> String {
        var out = """
            # Rule weights fitted by `rapport tune` to \(source):
            # \(records) records, \(options.folds)-fold stratified cross-validation (seed \(options.seed)).
            # Cross-validated macro-F1 on held-out folds: \(Self.fixed(before.macroF1)) as the pack was, \
            \(Self.fixed(after.macroF1)) with these weights.
            # Load it over the pack it was tuned on: rapport classify --rules THIS-FILE ...
            # Per rule: records it fired on, the share of them people gave its label, its weight before.
            rapport: 1
            patch:
              threshold: \(Self.number(threshold))

            """
        let fitted = rules.filter { $0.newWeight != nil }
        if !fitted.isEmpty { out += "  rules:\n" }
        let entries = fitted.map { rule in "    \(Self.key(rule.id)): {weight: \(Self.number(rule.newWeight ?? rule.oldWeight))}" }
        let width = (entries.map(\.count).max() ?? 0) + 2
        var label: Label?
        for (rule, entry) in zip(fitted, entries) {
            if rule.label != label {
                label = rule.label
                let strength = lambdas[rule.label].map { " (L2 strength \(Self.number($0)))" } ?? ""
                out += "    # \(rule.label.rawValue)\(strength)\n"
            }
            let precision = rule.precision.map(Self.fixed) ?? "-"
            out +=
                entry.padding(toLength: width, withPad: " ", startingAt: 0)
                + "# \(rule.hits) hits, precision \(precision), was \(Self.number(rule.oldWeight))\n"
        }
        let few = rules.filter { $0.kept == .fewHits }
        if !few.isEmpty {
            out += "# Kept their weight (fewer than \(options.minHits) hits):\n"
            for rule in few { out += "#   \(rule.id): \(rule.hits) hits, weight \(Self.number(rule.oldWeight))\n" }
        }
        let notCompared = rules.filter { $0.kept == .labelNotCompared }
        for label in Label.scored {
            let count = notCompared.filter { $0.label == label }.count
            if count > 0 {
                out += "# \(count) \(label.rawValue) rule\(count == 1 ? "" : "s") kept their weight: '\(label.rawValue)' is not compared in this data.\n"
            }
        }
        return out
    }

    /// A figure with three decimals.
    static func fixed(_ value: Double) -> String { String(format: "%.3f", value) }

    /// A weight as YAML: integral values without a decimal point, others in their shortest exact form.
    static func number(_ value: Double) -> String { NumberText.compact(value) }

    /// A rule id as a YAML mapping key: plain when it is safe, else double-quoted.
    static func key(_ id: String) -> String {
        let safe =
            !id.isEmpty
            && id.unicodeScalars.allSatisfy { c in
                ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "-" || c == "_"
            } && id.first != "-" && !["true", "false", "null", "yes", "no", "on", "off"].contains(id.lowercased())
        if safe { return id }
        var quoted = "\""
        for c in id.unicodeScalars {
            switch c {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where c.value < 0x20: quoted += String(format: "\\x%02X", c.value)
            default: quoted.unicodeScalars.append(c)
            }
        }
        return quoted + "\""
    }
}
