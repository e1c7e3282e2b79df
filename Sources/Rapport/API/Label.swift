/// What a comment is, as far as a community team is concerned.
public enum Label: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case question
    case complaint
    case praise
    /// None of the above (or below the pack's threshold).
    case other

    /// The labels a rule can add score to.
    public static let scored: [Label] = [.complaint, .question, .praise]

    public static func < (lhs: Label, rhs: Label) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How urgently a human must look at a comment.
public enum EscalationLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (lhs: EscalationLevel, rhs: EscalationLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
