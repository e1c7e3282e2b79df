/// One labelled comment from an evaluation file: the comment exactly as `classify` reads it, and
/// what a person said about it.
public struct LabelledRecord: Sendable, Hashable {
    /// The comment as the input readers decode it (id, text, author and every other field), so the
    /// pack sees the same comment in `eval` as in `classify`.
    public var comment: Comment
    /// The 1-based input line where the record starts.
    public var line: Int
    /// The human label, as written in the file (compared after ``LabelMapping`` is applied).
    public var label: String
    /// The human escalation level (`none`, `low`, `medium`, `high` or `critical`, lowercased), or nil
    /// when the record has none (it is then left out of the escalation figures).
    public var escalation: String?
    /// The human route (`none` when not escalated, lowercased), or nil when the record has none.
    public var route: String?

    /// The comment's id (its id field, else its input position).
    public var id: String { comment.id }
    /// The comment's text.
    public var text: String { comment.text }

    public init(comment: Comment, line: Int, label: String, escalation: String? = nil, route: String? = nil) {
        self.comment = comment
        self.line = line
        self.label = label
        self.escalation = escalation
        self.route = route
    }

    /// A record of text alone (no other fields).
    public init(id: String, line: Int, text: String, label: String, escalation: String? = nil, route: String? = nil) {
        self.init(comment: Comment(id: id, text: text), line: line, label: label, escalation: escalation, route: route)
    }
}

/// A record of an evaluation file that could not be used, with the input line it starts on.
public struct RecordProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// The records of an evaluation file, and every record that could not be read (never dropped silently).
public struct LabelledDataset: Sendable, Hashable {
    public var records: [LabelledRecord]
    public var problems: [RecordProblem]

    public init(records: [LabelledRecord] = [], problems: [RecordProblem] = []) {
        self.records = records
        self.problems = problems
    }
}
