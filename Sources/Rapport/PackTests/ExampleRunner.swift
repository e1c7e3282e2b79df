/// Runs a pack's own examples (what `rapport test` does): every rule's `fire` examples must fire
/// that rule, its `quiet` examples must not, and every pack-level case must get its expected
/// label, escalation level and reply phrase.
public enum ExampleRunner {
    /// Runs every example of `engine`'s pack.
    public static func run(_ engine: Engine) -> ExampleReport {
        var results: [ExampleResult] = []
        for rule in engine.pack.rules {
            for example in rule.examples.fire {
                let verdict = engine.classify(Comment(id: "example", text: example.text))
                let fired = verdict.rules.contains(rule.id)
                results.append(
                    ExampleResult(
                        kind: .fire, rule: rule.id, text: example.text, location: example.location,
                        failure: fired ? nil : "rule '\(rule.id)' did not fire\(firedNote(verdict))"))
            }
            for example in rule.examples.quiet {
                let verdict = engine.classify(Comment(id: "example", text: example.text))
                let fired = verdict.rules.contains(rule.id)
                results.append(
                    ExampleResult(
                        kind: .quiet, rule: rule.id, text: example.text, location: example.location,
                        failure: fired ? "rule '\(rule.id)' fired but should stay quiet\(spanNote(verdict, rule: rule.id))" : nil))
            }
        }
        var overridden: [ExampleResult] = []
        var restored: Engine??
        for item in engine.pack.cases {
            let comment = Comment(id: "case", text: item.text, fields: item.fields)
            let failure = caseFailure(item, engine.classify(comment))
            if failure != nil, let note = overriddenNote(item, comment, engine, restored: &restored) {
                overridden.append(ExampleResult(kind: .case, rule: nil, text: item.text, location: item.location, failure: note))
                continue
            }
            results.append(ExampleResult(kind: .case, rule: nil, text: item.text, location: item.location, failure: failure))
        }
        var report = ExampleReport(results: results)
        report.overridden = overridden
        return report
    }

    /// Why a failing case of a lower layer is the work of a higher layer's `disable:`: with the
    /// disabled rules back the case passes, and a rule a higher layer disabled fires on it. Nil when
    /// the case fails on its own account. `restored` caches the engine with the disabled rules back.
    static func overriddenNote(_ item: PackCase, _ comment: Comment, _ engine: Engine, restored: inout Engine??) -> String? {
        let provenance = engine.pack.provenance
        let layer = provenance.layer(of: item.location)
        let above = provenance.disabled.filter { provenance.layer(of: $0.location) > layer }
        guard !above.isEmpty else { return nil }
        if restored == nil {
            var pack = engine.pack
            pack.rules += provenance.disabledRules
            restored = .some(try? Engine(pack: pack, options: engine.options))
        }
        guard let whole = restored ?? nil else { return nil }
        let verdict = whole.classify(comment)
        guard caseFailure(item, verdict) == nil else { return nil }
        let needed = above.filter { verdict.rules.contains($0.rule) }
        guard !needed.isEmpty else { return nil }
        return "overridden by a higher layer: it needs "
            + needed.map { "rule '\($0.rule)', disabled in \(provenance.describe($0.location))" }
            .joined(separator: "; ")
    }

    static func caseFailure(_ item: PackCase, _ verdict: Verdict) -> String? {
        var problems: [String] = []
        if let label = item.label, verdict.label != label {
            problems.append("expected label \(label.rawValue), got \(verdict.label.rawValue)\(firedNote(verdict))")
        }
        if let level = item.escalation, verdict.escalation?.level != level {
            problems.append("expected escalation \(level.rawValue), got \(verdict.escalation?.level.rawValue ?? "none")")
        }
        if item.expectsNoEscalation, let escalation = verdict.escalation {
            problems.append("expected no escalation, got \(escalation.level.rawValue) on \(escalation.route) (\(escalation.reasons.joined(separator: "; ")))")
        }
        if let phrase = item.replyContains {
            let first = verdict.suggestions.first
            if first.map({ !$0.lowercased().contains(phrase.lowercased()) }) ?? true {
                problems.append("expected the first suggestion to contain \"\(phrase)\", got \(first.map { "\"\($0)\"" } ?? "no suggestion")")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    private static func firedNote(_ verdict: Verdict) -> String {
        verdict.rules.isEmpty ? " (no rule fired)" : " (fired: \(verdict.rules.joined(separator: ", ")))"
    }

    private static func spanNote(_ verdict: Verdict, rule: String) -> String {
        guard let span = verdict.spans.first(where: { $0.rule == rule }) else { return "" }
        return " (matched \"\(span.text)\")"
    }
}

/// The outcome of one example.
public struct ExampleResult: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A rule's `fire` example.
        case fire
        /// A rule's `quiet` example.
        case quiet
        /// A pack-level case.
        case `case`
    }

    public var kind: Kind
    /// The rule the example belongs to (nil for a pack-level case).
    public var rule: String?
    public var text: String
    /// Where the example is written.
    public var file: String
    public var line: Int
    public var column: Int
    /// Why it failed; nil when it passed.
    public var failure: String?

    public init(kind: Kind, rule: String?, text: String, location: SourceLocation, failure: String?) {
        self.kind = kind
        self.rule = rule
        self.text = text
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.failure = failure
    }

    public var passed: Bool { failure == nil }
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// A failed example as an `example-failed` error at the place it is written (what `rapport test`
    /// reports); nil when it passed.
    public var diagnostic: Diagnostic? {
        guard let failure else { return nil }
        let what =
            switch kind {
            case .fire: "fire example"
            case .quiet: "quiet example"
            case .case: "case"
            }
        return Diagnostic(.error, .exampleFailed, "\(what): \(failure)", at: location)
    }
}

/// Every example's outcome, in pack order.
public struct ExampleReport: Sendable, Hashable, Codable {
    public var results: [ExampleResult]

    public init(results: [ExampleResult]) {
        self.results = results
    }

    /// Cases of a lower layer that fail only because a higher layer disabled a rule they need
    /// (their `failure` says which); they count neither as passed nor as failed.
    public var overridden: [ExampleResult] = []

    public var passed: Int { results.count(where: \.passed) }
    public var failed: Int { results.count - passed }
    public var failures: [ExampleResult] { results.filter { !$0.passed } }
    /// True when at least one example ran and none failed.
    public var succeeded: Bool { !results.isEmpty && failed == 0 }
}
