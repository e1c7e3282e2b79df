import RapportSupport

/// A member of a verdict as the writers name it: the keys of the verdict JSON object, in the order
/// they are written, and the names `rapport classify --fields` takes.
public enum VerdictField: String, CaseIterable, Sendable, Hashable {
    case id, label, scores, rules, tags, route, escalation, suggestions, spans, truncated

    /// The members named in a comma-separated list (`id,label,escalation`; spaces around names
    /// allowed, case ignored, repeats ignored).
    ///
    /// - Throws: ``UnknownVerdictField`` naming the first name that is not a member, with the valid ones.
    public static func parseList(_ list: String) throws(UnknownVerdictField) -> Set<VerdictField> {
        var fields: Set<VerdictField> = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingSpaces.lowercased()
            guard let field = VerdictField(rawValue: name) else { throw UnknownVerdictField(name: name) }
            fields.insert(field)
        }
        return fields
    }
}

/// A name given to `--fields` that is not a verdict member.
public struct UnknownVerdictField: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as given (lowercased, without surrounding spaces).
    public var name: String

    public var description: String {
        let valid = VerdictField.allCases.map(\.rawValue).joined(separator: ", ")
        return name.isEmpty ? "an empty field name; the fields are \(valid)" : "unknown field '\(name)'; the fields are \(valid)"
    }
}
