/// The parts of a ``Verdict`` that take work to render beyond the decision itself, for callers that
/// write only some of them (``Engine/classify(_:in:parts:)``). A part left out is an empty array in
/// the verdict; everything else (id, label, scores, rules, escalation, `truncated`) is always there.
///
/// ```swift
/// var workspace = Engine.Workspace()
/// let verdict = engine.classify(comment, in: &workspace, parts: [])   // no spans, no replies
/// ```
public struct VerdictParts: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    /// Creates a set of parts from its raw bits.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// ``Verdict/suggestions``: the suggested replies, chosen and rendered from their templates.
    public static let suggestions = VerdictParts(rawValue: 1 << 0)
    /// ``Verdict/spans``: where each fired rule matched, with the matched text.
    public static let spans = VerdictParts(rawValue: 1 << 1)
    /// Every part: what ``Engine/classify(_:)`` renders.
    public static let all: VerdictParts = [.suggestions, .spans]
}
