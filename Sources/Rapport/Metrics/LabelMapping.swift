import RapportSupport

/// Renames labels before predicted and human labels are compared, so label sets of different
/// granularity can be scored: `question=other,praise=other` scores a complaint/other data set.
public struct LabelMapping: Sendable, Hashable, Codable {
    /// `from → to`, applied once (not transitively).
    public var renames: [String: String]

    public init(_ renames: [String: String] = [:]) {
        self.renames = renames
    }

    /// Parses `from=to,from=to` (spaces around items allowed; labels are case-insensitive).
    /// Throws a message naming the item that is malformed.
    public init(parsing text: String) throws(LabelMappingError) {
        var renames: [String: String] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingSpaces
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw LabelMappingError(item: trimmed) }
            let from = parts[0].trimmingSpaces.lowercased(), to = parts[1].trimmingSpaces.lowercased()
            guard !from.isEmpty, !to.isEmpty else { throw LabelMappingError(item: trimmed) }
            renames[from] = to
        }
        self.renames = renames
    }

    /// The label `label` is compared as (lowercased, then renamed).
    public func map(_ label: String) -> String {
        let key = label.trimmingSpaces.lowercased()
        return renames[key] ?? key
    }
}

/// A `--map` item that is not `from=to`.
public struct LabelMappingError: Error, Sendable, CustomStringConvertible {
    public var item: String
    public var description: String { "invalid label mapping '\(item)': expected from=to, e.g. question=other" }
}
