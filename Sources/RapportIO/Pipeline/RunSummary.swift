public import Rapport

/// What a classify run did; reconciles: `records == classified + errors`, `classified == written + filteredOut`.
public struct RunSummary: Sendable, Hashable {
    /// Input records read (verdicts and errors).
    public var records = 0
    public var classified = 0
    public var errors = 0
    /// Verdicts left out on purpose by `--only`.
    public var filteredOut = 0
    /// Records written (verdicts and error records).
    public var written = 0
    /// Records whose text was not UTF-8 and was decoded as Windows-1252.
    public var repaired = 0
    public var labels: [Label: Int] = [:]
    /// The pack's own labels (``RulePack/labels``), counted in the summary after the built-in ones
    /// and before `other`, even when no verdict has them.
    public var packLabels: [Label] = []
    public var escalations = 0
    public var escalationLevels: [EscalationLevel: Int] = [:]
    public var escalationRoutes: [String: Int] = [:]
    /// Where the first error records were (up to 10), as `line N` or `file:line`.
    public var firstErrors: [String] = []
    /// Set when `--max-errors` stopped the run before the end of input.
    public var stoppedEarly = false
    public var seconds: Double = 0

    public init() {}

    /// The summary as one JSON object (keys in a fixed order).
    public func json() -> String {
        var out = ByteWriter()
        func key(_ k: String) { JSONOut.string(k, into: &out); out.append(UInt8(ascii: ":")) }
        func counts(_ pairs: [(String, Int)]) {
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                key(k)
                JSONOut.int(v, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "{"))
        for (i, (k, v)) in [
            ("records", records), ("classified", classified), ("errors", errors), ("filtered_out", filteredOut),
            ("written", written), ("repaired", repaired),
        ].enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            key(k)
            JSONOut.int(v, into: &out)
        }
        out.append(UInt8(ascii: ","))
        key("labels")
        counts(labelOrder.map { ($0.rawValue, labels[$0] ?? 0) })
        out.append(UInt8(ascii: ","))
        key("escalations")
        out.append(UInt8(ascii: "{"))
        key("total")
        JSONOut.int(escalations, into: &out)
        out.append(UInt8(ascii: ","))
        key("levels")
        counts(EscalationLevel.allCases.reversed().map { ($0.rawValue, escalationLevels[$0] ?? 0) })
        out.append(UInt8(ascii: ","))
        key("routes")
        counts(escalationRoutes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: ","))
        key("first_errors")
        JSONOut.stringArray(firstErrors, into: &out)
        out.append(UInt8(ascii: ","))
        key("stopped_early")
        JSONOut.raw(stoppedEarly ? "true" : "false", into: &out)
        out.append(UInt8(ascii: ","))
        key("seconds")
        out.append(Array(String(format3(seconds)).utf8))
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The labels counted, in order: the built-in ones, the pack's own, `other`.
    private var labelOrder: [Label] {
        Label.builtIn.filter { $0 != .other } + packLabels + [.other]
    }

    private func format3(_ d: Double) -> String {
        let ms = Int((d * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// The summary as readable lines for stderr (no timing: it must be reproducible).
    public func text() -> String {
        var lines: [String] = []
        var first = "\(records) record\(records == 1 ? "" : "s") read, \(classified) classified, \(errors) error\(errors == 1 ? "" : "s")"
        if repaired > 0 { first += ", \(repaired) repaired (not UTF-8, read as Windows-1252)" }
        lines.append(first)
        if errors > 0 {
            lines.append("  errors at: " + firstErrors.joined(separator: ", ") + (errors > firstErrors.count ? ", ..." : ""))
        }
        lines.append("  labels: " + labelOrder.map { "\($0.rawValue) \(labels[$0] ?? 0)" }.joined(separator: ", "))
        var escalationLine = "  escalations: \(escalations)"
        if escalations > 0 {
            let levels = EscalationLevel.allCases.reversed().compactMap { level in
                escalationLevels[level].map { "\(level.rawValue) \($0)" }
            }
            let routes = escalationRoutes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            escalationLine += " (" + levels.joined(separator: ", ") + "); routes: " + routes.joined(separator: ", ")
        }
        lines.append(escalationLine)
        var written = "  written: \(self.written)"
        if filteredOut > 0 { written += " (\(filteredOut) left out by --only)" }
        lines.append(written)
        return lines.joined(separator: "\n") + "\n"
    }
}
