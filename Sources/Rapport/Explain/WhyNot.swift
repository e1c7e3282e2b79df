/// Why a rule did (or did not) fire on a comment: for `rapport explain --why-not`.
public struct WhyNot: Sendable, Hashable, Codable {
    /// What one of the rule's patterns did on the comment.
    public struct PatternReport: Sendable, Hashable, Codable {
        /// The pattern as written.
        public var pattern: String
        /// `match` or `unless`.
        public var role: String
        /// Where the pattern is written (`file:line:column`).
        public var location: String
        /// True when the pattern matched somewhere (whether or not the hit counted).
        public var matched: Bool
        /// The element that stopped the closest attempt, when the pattern did not match.
        public var failedElement: String?
        /// Where that element is written (`file:line:column`).
        public var failedLocation: String?
        /// In words: what matched, what did not, and why a hit did not count.
        public var detail: String
    }

    public var rule: String
    public var fired: Bool
    /// One sentence on the outcome.
    public var summary: String
    public var patterns: [PatternReport]
    /// The rule's `when` condition and its value, when it has one and it was evaluated.
    public var condition: Explanation.ConditionResult?
}

extension Engine {
    /// Explains which part of rule `ruleID` did or did not match `comment`; nil when the pack has
    /// no such rule.
    public func whyNot(ruleID: String, comment: Comment) -> WhyNot? {
        guard let ruleIndex = compiled.ruleIndex[ruleID] else { return nil }
        let rule = pack.rules[ruleIndex]
        let analysis = analyze(comment, keepTokens: true)
        let fired = analysis.fired.contains(ruleIndex)
        var reports: [WhyNot.PatternReport] = []
        var counted = false, negated = false, silencedBy: String?
        for (isUnless, ids) in [(false, compiled.ruleMatchPatterns[ruleIndex]), (true, compiled.ruleUnlessPatterns[ruleIndex])] {
            for id in ids {
                let pattern = (isUnless ? rule.unless : rule.match)[Int(compiled.patternOrdinal[Int(id)])]
                var report = WhyNot.PatternReport(
                    pattern: pattern.source, role: isUnless ? "unless" : "match",
                    location: pattern.location.description, matched: false, detail: "")
                let hitIndices = analysis.hits.indices.filter { analysis.hits[$0].pattern == id }
                if let first = hitIndices.first {
                    report.matched = true
                    let hit = analysis.hits[first]
                    let text = tokenText(analysis, Int(hit.start), Int(hit.end))
                    switch analysis.status[first] {
                    case .counted:
                        counted = true
                        report.detail = "matched '\(text)'"
                    case .negated:
                        negated = true
                        // The negators are kept in the order of the negated hits.
                        let negator = analysis.negators[analysis.status[..<first].count { $0 == .negated }]
                        report.detail = "matched '\(text)' but '\(tokenText(analysis, negator.lowerBound, negator.upperBound))' negates it"
                    case .silencedByUnless:
                        report.detail = "matched '\(text)' but an 'unless' pattern silenced the rule"
                    case .unless:
                        silencedBy = pattern.source
                        report.detail = "matched '\(text)', which silences the rule"
                    }
                    if hitIndices.count > 1 { report.detail += " (and \(hitIndices.count - 1) more place(s))" }
                } else {
                    describeFailure(of: Int(id), pattern: pattern, analysis: analysis, into: &report)
                }
                reports.append(report)
            }
        }
        let entry = analysis.conditions.first(where: { $0.rule == ruleIndex })
        // Reported even when the patterns did not match, so a field the comment lacks shows.
        let condition = conditionReport(rule: ruleIndex, comment: comment, analysis: analysis, result: entry?.result)
        let summary: String
        if fired {
            summary = "rule '\(rule.id)' fired"
        } else if let silencedBy {
            summary = "rule '\(rule.id)' did not fire: its 'unless' pattern '\(silencedBy)' matched"
        } else if let condition, !condition.result, entry != nil {
            let missing = condition.fields.filter { $0.kind == .missing }.map(\.name)
            let because =
                missing.isEmpty
                ? (condition.stage == .afterDecision ? "label \(analysis.decision.label.rawValue)" : "checked before the decision")
                : "the comment has no field \(missing.map { "'\($0)'" }.joined(separator: ", "))"
            summary = "rule '\(rule.id)' did not fire: its condition '\(condition.condition)' is false (\(because))"
        } else if negated && !counted {
            summary = "rule '\(rule.id)' did not fire: every match is negated"
        } else if rule.match.isEmpty && rule.when == nil {
            summary = "rule '\(rule.id)' has neither 'match' nor 'when'"
        } else {
            summary = "rule '\(rule.id)' did not fire: none of its patterns matched"
        }
        return WhyNot(rule: rule.id, fired: fired, summary: summary, patterns: reports, condition: condition)
    }

    private func tokenText(_ analysis: Workspace, _ start: Int, _ end: Int) -> String {
        guard start < end, end <= analysis.tokens.count else { return "" }
        return ScalarSlicer.slices(of: analysis.text, ranges: [(analysis.tokens[start].start, analysis.tokens[end - 1].end)])[0]
    }

    /// Runs the pattern's program from every position, tracking the furthest element reached.
    private func describeFailure(of id: Int, pattern: Pattern, analysis: Workspace, into report: inout WhyNot.PatternReport) {
        let matcher = compiled.matcher
        let low = Int(matcher.patternStart[id]), high = Int(matcher.patternEnd[id])
        var best = (op: low, start: 0, position: 0)
        for position in 0...analysis.stream.count {
            var context = MatchContext()
            var reach = DeepestReach(low: low, high: high)
            _ = matcher.run(low, high, position, analysis.stream, &context, &reach)
            if reach.op > best.op || (reach.op == best.op && reach.position - position > best.position - best.start) {
                best = (reach.op, position, reach.position)
            }
        }
        let elementIndex = Int(compiled.patternElements[id][min(best.op - low, compiled.patternElements[id].count - 1)])
        let element = pattern.elements[elementIndex]
        let scalars = Array(pattern.source.unicodeScalars)
        let lower = min(max(0, element.offset), scalars.count), upper = min(lower + max(0, element.length), scalars.count)
        var elementText = String(String.UnicodeScalarView(scalars[lower..<upper]))
        if elementText.isEmpty { elementText = "element \(elementIndex + 1)" }
        report.failedElement = elementText
        report.failedLocation = pattern.location.advanced(by: element.offset).description
        if best.op == low || best.position <= best.start {
            report.detail = "no place in the comment matches '\(elementText)'"
        } else {
            let matched = tokenText(analysis, best.start, best.position)
            let next = best.position < analysis.tokens.count ? "'\(analysis.tokens[best.position].text)'" : "the end of the comment"
            report.detail = "matched '\(matched)' but then '\(elementText)' does not match \(next)"
        }
    }
}

/// The tracer of `whyNot`: the furthest top-level op of one pattern (ops `low..<high`) an attempt
/// reached, and the furthest token position at which it reached it.
struct DeepestReach: MatchTracer {
    static var isTracing: Bool { true }
    let low: Int
    let high: Int
    var op = -1
    var position = -1

    init(low: Int, high: Int) {
        self.low = low
        self.high = high
    }

    mutating func reached(op: Int, position: Int) {
        if op < high, op >= low, op > self.op || (op == self.op && position > self.position) {
            self.op = op
            self.position = position
        }
    }
}
