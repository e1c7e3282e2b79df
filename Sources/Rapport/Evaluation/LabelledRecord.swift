/// One labelled comment from an evaluation file: its text and the label a person gave it.
public struct LabelledRecord: Sendable, Hashable, Codable {
    /// The record's id field when it has one, else its input line number.
    public var id: String
    /// The 1-based input line where the record starts.
    public var line: Int
    public var text: String
    /// The human label, as written in the file (compared after ``LabelMapping`` is applied).
    public var label: String

    public init(id: String, line: Int, text: String, label: String) {
        self.id = id
        self.line = line
        self.text = text
        self.label = label
    }
}

/// A record of an evaluation file that could not be used, with the input line it starts on.
public struct RecordProblem: Sendable, Hashable, Codable, CustomStringConvertible {
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
