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

    /// Parses `complaint,question,escalated`; throws a message naming the bad value.
    public init(parsing list: String) throws(OutputFilterError) {
        var labels: Set<Label> = []
        var escalated = false
        for part in list.split(separator: ",") {
            let name = part.trimmingSpaces.lowercased()
            if name == "escalated" || name == "escalation" || name == "escalations" { escalated = true; continue }
            guard let label = Label(rawValue: name) else { throw OutputFilterError(value: name) }
            labels.insert(label)
        }
        if labels.isEmpty && !escalated { throw OutputFilterError(value: list) }
        self.init(labels: labels, escalated: escalated)
    }

    public func accepts(_ verdict: Verdict) -> Bool {
        labels.contains(verdict.label) || (escalated && verdict.escalation != nil)
    }
}

/// An unknown `--only` value.
public struct OutputFilterError: Error, Sendable {
    public var value: String
    public var message: String { "unknown --only value '\(value)'; use question, complaint, praise, other or escalated (comma-separated)" }
}
