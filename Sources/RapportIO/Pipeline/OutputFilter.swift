public import Rapport
import RapportSupport

/// `--only`: which verdicts to write. Error records are always written (nothing is lost silently).
public struct OutputFilter: Sendable, Hashable {
    public var labels: Set<Label>
    /// Also write any verdict with an escalation.
    public var escalated: Bool

    public init(labels: Set<Label>, escalated: Bool) {
        self.labels = labels
        self.escalated = escalated
    }

    /// Parses `complaint,question,escalated`, where a label is a built-in one or one of `labels` (a
    /// pack's own, ``RulePack/labels``); throws a message naming the bad value.
    public init(parsing list: String, labels known: [Label] = []) throws(OutputFilterError) {
        var labels: Set<Label> = []
        var escalated = false
        for part in list.split(separator: ",") {
            let name = part.trimmingSpaces.lowercased()
            if name == "escalated" || name == "escalation" || name == "escalations" { escalated = true; continue }
            let label = Label(rawValue: name)
            guard label.isBuiltIn || known.contains(label) else { throw OutputFilterError(value: name, labels: known) }
            labels.insert(label)
        }
        if labels.isEmpty && !escalated { throw OutputFilterError(value: list, labels: known) }
        self.init(labels: labels, escalated: escalated)
    }

    public func accepts(_ verdict: Verdict) -> Bool {
        accepts(label: verdict.label, escalated: verdict.escalation != nil)
    }

    /// Whether a verdict of `label`, with an escalation or not, is written.
    func accepts(label: Label, escalated isEscalated: Bool) -> Bool {
        labels.contains(label) || (escalated && isEscalated)
    }
}

/// An unknown `--only` value.
public struct OutputFilterError: Error, Sendable {
    public var value: String
    /// The pack's own labels, which `--only` also accepts.
    public var labels: [Label] = []
    public var message: String {
        let names = (Label.builtIn + labels).map(\.rawValue) + ["escalated"]
        return "unknown --only value '\(value)'; use \(names.dropLast().joined(separator: ", ")) or \(names.last!) (comma-separated)"
    }
}
