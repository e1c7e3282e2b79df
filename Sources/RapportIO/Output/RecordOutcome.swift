public import Rapport

/// What became of one input record: a verdict (with what the writers need of the comment), or an error.
public enum RecordOutcome: Sendable {
    case verdict(Verdict, comment: Comment, kept: [KeptField])
    /// `input` names the file when several inputs are classified together.
    case error(RecordError, input: String?)
}
