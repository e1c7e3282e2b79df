internal import RapportYAML
import RapportSupport

/// Decodes one rule file's node tree into a ``PackFragment``, collecting every problem it finds.
struct PackFileDecoder {
    let positions: ScalarPositions
    var diagnostics: [Diagnostic] = []
    var fragment: PackFragment
    /// Pattern length and token bounds.
    var limits = PackLimits.default
    /// The pack's own labels this file may use: those declared in its layer and the layers below
    /// (filled by the loader after every file's ``declareLabels(_:)``).
    var knownLabels: [Label] = []
    /// Set once ``declareLabels(_:)`` has read the file's `labels:` section.
    var labelsDeclared = false

    static let topLevelKeys = ["rapport", "pack", "labels", "fields", "lists", "replies", "rules", "cases", "patch", "disable", "lexicon", "escalation_model"]
    static let packKeys = [
        "name", "language", "brand", "threshold", "precedence", "negators", "greeting_fallback", "sign_off", "reply_max", "praise_reply_margin",
        "complaint_reply_margin", "praise_escalates",
    ]
    static let supportedVersion = 1

    init(file: String, text: String) {
        positions = ScalarPositions(file: file, text: text)
        fragment = PackFragment(file: file)
    }

    var file: String { positions.file }

    // MARK: Reporting

    mutating func report(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(severity, code, message, at: location, hint: hint))
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at mark: Mark, hint: String? = nil) {
        report(.error, code, message, at: positions.location(mark), hint: hint)
    }

    /// Reports a parser issue found inside `scalar`, at the exact column when it can be mapped.
    mutating func report(_ issue: ParseIssue, in scalar: Node.Scalar, context: String) {
        report(.error, issue.code, "\(issue.message) in \(context)", at: positions.location(of: scalar, offset: issue.offset), hint: issue.hint)
    }

    // MARK: Entry point

    mutating func decode(_ root: Node?) {
        guard let root else {
            report(
                .error, DiagnosticCode.missingVersion, "file is empty; a rule file starts with 'rapport: 1'",
                at: SourceLocation(file: file, line: 1, column: 1))
            return
        }
        guard case .mapping(let top) = root else {
            error(DiagnosticCode.wrongType, "a rule file must be a mapping of sections ('rapport', 'rules'...), not \(root.kindDescription)", at: root.mark)
            return
        }
        checkKeys(
            top, allowed: Self.topLevelKeys, context: "at the top level",
            synonyms: [
                "version": "rapport", "settings": "pack", "rule": "rules", "reply": "replies", "list": "lists", "tests": "cases", "case": "cases",
                "overrides": "patch", "override": "patch", "patches": "patch", "aliases": "fields", "field": "fields",
                "disabled": "disable", "remove": "disable", "label": "labels", "categories": "labels",
            ])
        if !labelsDeclared {
            declareLabels(root)
            for (label, _) in fragment.labels where !knownLabels.contains(label) { knownLabels.append(label) }
        }
        decodeVersion(top)
        if let node = top["pack"] { decodePack(node) }
        if let node = top["fields"] { decodeFields(node) }
        if let node = top["lists"] { decodeLists(node) }
        if let node = top["replies"] { decodeReplies(node) }
        if let node = top["rules"] { decodeRules(node) }
        if let node = top["cases"] { decodeCases(node) }
        if let node = top["patch"] { decodePatch(node) }
        if let node = top["disable"] { decodeDisable(node) }
        if let node = top["lexicon"] { decodeLexicon(node) }
        if let node = top["escalation_model"] { decodeEscalationModel(node) }
    }

    mutating func decodeVersion(_ top: Node.Mapping) {
        guard let node = top["rapport"] else {
            error(DiagnosticCode.missingVersion, "missing format version 'rapport: 1'", at: top.mark, hint: "add 'rapport: 1' as the first line")
            return
        }
        guard case .scalar(let scalar) = node, scalar.style == .plain, case .int(let version) = scalar.value else {
            error(DiagnosticCode.wrongType, "'rapport' must be the format version number 1, not \(node.kindDescription)", at: node.mark)
            return
        }
        if version != Self.supportedVersion {
            error(
                DiagnosticCode.unsupportedVersion, "unsupported rule format version \(version); this Rapport reads version \(Self.supportedVersion)",
                at: node.mark)
        }
    }

    // MARK: Keys and values

    /// Reports every key of `mapping` not in `allowed`, with a did-you-mean from `allowed` and `synonyms`.
    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], context: String, synonyms: [String: String] = [:]) {
        for entry in mapping.entries {
            guard case .scalar(let key) = entry.key, case .string(let name) = key.value else {
                error(
                    DiagnosticCode.unknownKey, "unexpected key \(entry.key.kindDescription) \(context)", at: entry.key.mark,
                    hint: "keys here are \(allowed.joined(separator: ", "))")
                continue
            }
            if allowed.contains(name) { continue }
            var suggestion = synonyms[name.lowercased()]
            if suggestion == nil, let near = DidYouMean.closest(to: name, in: allowed + synonyms.keys.sorted()) {
                suggestion = synonyms[near] ?? near
            }
            error(
                DiagnosticCode.unknownKey, "unknown key '\(name)' \(context)", at: key.mark,
                hint: suggestion.map { "did you mean '\($0)'?" } ?? "keys here are \(allowed.joined(separator: ", "))")
        }
    }

    /// The mapping in `node`, or nil after reporting a wrong type (`what`, as in `text`, only then).
    mutating func mapping(_ node: Node, _ what: @autoclosure () -> String) -> Node.Mapping? {
        if case .mapping(let m) = node { return m }
        error(DiagnosticCode.wrongType, "\(what()) must be a mapping, not \(node.kindDescription)", at: node.mark)
        return nil
    }

    /// The text of a string scalar (numbers are taken as written when `numbers` is true). `what` is
    /// worked out only for a message (it is asked for every scalar read, nearly all of them fine).
    mutating func text(_ node: Node, _ what: @autoclosure () -> String, numbers: Bool = true, code: DiagnosticCode = .wrongType) -> (String, Node.Scalar)? {
        if case .scalar(let s) = node {
            switch s.value {
            case .string(let t): return (t, s)
            case .int where numbers, .float where numbers: return (s.string, s)
            default: break
            }
        }
        error(
            code, "\(what()) must be a string, not \(node.kindDescription)", at: node.mark,
            hint: node.scalar != nil && node.scalar?.value != .null ? "put it in quotes" : nil)
        return nil
    }

    /// `text.trimmingSpaces`, answered without the Unicode property tables when `text` starts and ends
    /// with an ASCII byte that is not white space (nearly every id, route and list phrase): then it is
    /// `text` itself.
    static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, isPlainASCII(first), isPlainASCII(last) { return text }
        return text.trimmingSpaces
    }

    /// An ASCII byte other than the white space `trimmingSpaces` removes (tab to carriage return, space).
    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte)
    }

    /// A number scalar.
    mutating func number(_ node: Node, _ what: @autoclosure () -> String) -> Double? {
        if case .scalar(let s) = node {
            switch s.value {
            case .int(let i): return Double(i)
            case .float(let f) where f.isFinite: return f
            default: break
            }
        }
        error(DiagnosticCode.wrongType, "\(what()) must be a number, not \(node.kindDescription)", at: node.mark)
        return nil
    }

    /// A `true` or `false` scalar.
    mutating func flag(_ node: Node, _ what: @autoclosure () -> String) -> Bool? {
        if case .scalar(let s) = node, case .bool(let value) = s.value { return value }
        error(DiagnosticCode.wrongType, "\(what()) must be true or false, not \(node.kindDescription)", at: node.mark)
        return nil
    }

    /// The string items of a list (a single string counts as a list of one).
    mutating func strings(_ node: Node, _ what: @autoclosure () -> String, item: String, numbers: Bool = true, code: DiagnosticCode = .wrongType) -> [(
        String, Node.Scalar
    )] {
        switch node {
        case .scalar(let s) where s.value != .null:
            return text(node, what(), numbers: numbers, code: code).map { [$0] } ?? []
        case .sequence(let seq):
            var out: [(String, Node.Scalar)] = []
            for item in seq.items {
                if let value = text(item, "each entry of \(what())", numbers: numbers, code: code) { out.append(value) }
            }
            return out
        default:
            error(DiagnosticCode.wrongType, "\(what()) must be a list of strings, not \(node.kindDescription)", at: node.mark)
            return []
        }
    }

    /// A label name: a built-in one or one of ``knownLabels`` (`scoredOnly` rejects `other`, for
    /// lists of labels that are scored, such as `precedence`).
    mutating func label(_ node: Node, _ what: String, scoredOnly: Bool) -> Label? {
        guard let (name, _) = text(node, what, numbers: false) else { return nil }
        let allowed = Label.scored + (scoredOnly ? [] : [.other]) + knownLabels
        if let label = allowed.first(where: { $0.rawValue == name }) { return label }
        if name == Label.other.rawValue {
            error(
                DiagnosticCode.unknownLabel, "'other' is not a scored label and cannot be in \(what)", at: node.mark,
                hint: "'other' is what a comment gets when no scored label reaches the threshold")
            return nil
        }
        error(
            DiagnosticCode.unknownLabel, "unknown label '\(name)' in \(what)", at: node.mark,
            hint: DidYouMean.hint(for: name, in: allowed.map(\.rawValue))
                ?? "labels are \(allowed.map(\.rawValue).joined(separator: ", ")); declare a label of your own under 'labels:'")
        return nil
    }

    /// An escalation level name.
    mutating func level(_ node: Node, _ what: String) -> EscalationLevel? {
        guard let (name, _) = text(node, what, numbers: false) else { return nil }
        if let level = EscalationLevel(rawValue: name) { return level }
        let names = EscalationLevel.allCases.map(\.rawValue)
        error(
            DiagnosticCode.unknownLevel, "unknown escalation level '\(name)' in \(what)", at: node.mark,
            hint: DidYouMean.hint(for: name, in: names) ?? "levels are \(names.joined(separator: ", "))")
        return nil
    }

    // MARK: Parsed strings

    /// Whether `source` has a '{' (a gap may stand there), read through its UTF-8 buffer: searching the
    /// `utf8` view a byte at a time was a hundredth of loading the default pack, whose patterns are long.
    static func hasBrace(_ source: String) -> Bool {
        var source = source
        return source.withUTF8 { $0.contains(UInt8(ascii: "{")) }
    }

    mutating func patterns(_ node: Node, _ what: String, context: String) -> [Pattern] {
        var out: [Pattern] = []
        for (source, scalar) in strings(node, what, item: "a pattern") {
            // A text of at most `maxPatternScalars` bytes has at most that many scalars: count them only past it.
            let length = source.utf8.count <= limits.maxPatternScalars ? 0 : source.unicodeScalars.count
            /// Reports a pattern over a limit; its `<list>` mentions still count as used.
            func overLimit(_ message: String, hint: String) {
                report(.error, DiagnosticCode.patternLimit, message, at: positions.location(of: scalar, offset: 0), hint: hint)
                fragment.looseListMentions.formUnion(Self.listMentions(in: source))
            }
            if length > limits.maxPatternScalars {
                overLimit(
                    "the \(context) is \(length) characters long, more than the limit of \(limits.maxPatternScalars)",
                    hint: "split it into several patterns or use a list; the limit can be raised with --limit pattern-scalars=N")
                continue
            }
            do throws(ParseIssue) {
                let pattern = try PatternParser.parse(source, at: positions.location(of: scalar, offset: 0))
                // Every token counted takes at least a byte of the source, and only a gap (written with
                // '{') multiplies paths: most patterns need neither count.
                let tokens = source.utf8.count <= limits.maxPatternTokens ? 0 : PackLimits.tokenCount(pattern.elements)
                if tokens > limits.maxPatternTokens {
                    overLimit(
                        "the \(context) has \(tokens) tokens, more than the limit of \(limits.maxPatternTokens)",
                        hint: "put long alternatives in a list; the limit can be raised with --limit pattern-tokens=N")
                    continue
                }
                let paths = Self.hasBrace(source) ? PackLimits.pathCount(pattern.elements) : 1
                if paths > PackLimits.costlyPatternPaths {
                    report(
                        .warning, DiagnosticCode.costlyPattern,
                        "the \(context) can be tried \(paths) ways from every token (its gaps and alternatives multiply), so its cost grows with comment length",
                        at: positions.location(of: scalar, offset: 0),
                        hint:
                            "narrow or remove gaps; a comment that needs more than --limit match-steps steps is decided on the hits found by then and flagged truncated"
                    )
                }
                recordListReferences(pattern.elements, scalar: scalar, context: context)
                out.append(pattern)
            } catch {
                report(error, in: scalar, context: context)
                fragment.looseListMentions.formUnion(Self.listMentions(in: source))
            }
        }
        return out
    }

    /// Every `<name>` in `source`, found without parsing (for patterns that do not parse).
    static func listMentions(in source: String) -> [String] {
        var names: [String] = []
        var current: String?
        for c in source.unicodeScalars {
            if c == "<" { current = ""; continue }
            guard current != nil else { continue }
            if c == ">" {
                if let name = current, !name.isEmpty { names.append(name) }
                current = nil
            } else if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "." {
                current?.unicodeScalars.append(c)
            } else {
                current = nil
            }
        }
        return names
    }

    mutating func recordListReferences(_ elements: [PatternElement], scalar: Node.Scalar, context: String) {
        for element in elements {
            switch element.kind {
            case .list(let name):
                fragment.listReferences.append((name, positions.location(of: scalar, offset: element.offset + 1), context))
            case .alternatives(let choices):
                for choice in choices { recordListReferences(choice, scalar: scalar, context: context) }
            default:
                break
            }
        }
    }

    mutating func templates(_ node: Node, _ what: String, context: String) -> [Template] {
        var out: [Template] = []
        for (source, scalar) in strings(node, what, item: "a reply") {
            do throws(ParseIssue) {
                out.append(try TemplateParser.parse(source, at: positions.location(of: scalar, offset: 0)))
            } catch {
                report(error, in: scalar, context: context)
            }
        }
        return out
    }
}
