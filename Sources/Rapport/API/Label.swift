/// What a comment is, as far as a community team is concerned: one of the built-in labels
/// (``question``, ``complaint``, ``praise``, ``other``) or a label a pack declares in its `labels:`
/// section (`outage`, `lead`).
///
/// A label is its name. The built-in ones are static members, so `label == .complaint` reads as
/// before; a pack's own labels are made with ``init(rawValue:)``.
public struct Label: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The label's name, as written in packs and verdicts.
    public let rawValue: String

    /// The label named `rawValue` (built-in or not; a pack's loader checks that it is declared).
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let question = Label(rawValue: "question")
    public static let complaint = Label(rawValue: "complaint")
    public static let praise = Label(rawValue: "praise")
    /// None of the others (or below the pack's threshold).
    public static let other = Label(rawValue: "other")

    /// The built-in labels, `other` last.
    public static let builtIn: [Label] = [.question, .complaint, .praise, .other]

    /// The built-in labels a rule can add score to, in their score slot order. A pack's own labels
    /// take the slots after these (``RulePack/scoredLabels``).
    public static let scored: [Label] = [.complaint, .question, .praise]

    /// The built-in label of this name, or nil.
    public static func builtIn(named name: String) -> Label? {
        builtIn.first { $0.rawValue == name }
    }

    /// Whether this is one of ``builtIn``.
    public var isBuiltIn: Bool { Self.builtIn.contains(self) }

    public var description: String { rawValue }

    /// Built-in labels in ``builtIn`` order except `other`, then a pack's own labels by name, then `other`.
    public static func < (lhs: Label, rhs: Label) -> Bool {
        let (l, r) = (lhs.order, rhs.order)
        return l.0 != r.0 ? l.0 < r.0 : l.1 < r.1
    }

    private var order: (Int, String) {
        if self == .other { return (4, "") }
        if let index = Self.builtIn.firstIndex(of: self) { return (index, "") }
        return (3, rawValue)
    }
}

/// How urgently a human must look at a comment.
public enum EscalationLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (lhs: EscalationLevel, rhs: EscalationLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
