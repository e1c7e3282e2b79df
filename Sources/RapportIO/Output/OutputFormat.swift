/// The shape `rapport classify` writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (the default when stdout is not a terminal).
    case jsonl
    /// CSV with one row per comment, safe to open in a spreadsheet.
    case csv
    /// One JSON array.
    case json
    /// A readable table (the default on a terminal).
    case table
}
