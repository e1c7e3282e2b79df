import Testing
@testable import Rapport

@Suite("Rule pack decoding")
struct RulesDecodingTests {
    func load(_ text: String, name: String = "pack.yaml") throws(RulePackError) -> RulePack {
        try RulePack.load(files: [(name, text)])
    }

    func diagnostics(_ files: [(name: String, text: String)]) -> [Diagnostic] {
        do {
            return try RulePack.load(files: files).warnings
        } catch {
            return error.diagnostics
        }
    }

    func diagnostics(_ text: String) -> [Diagnostic] { diagnostics([("pack.yaml", text)]) }

    static let full = """
        rapport: 1
        pack:
          name: demo
          language: fr
          brand: Acme
          threshold: 2.5
          precedence: [praise, complaint]
          negators: nope
          greeting_fallback: ami
          sign_off: "- {brand}"
          reply_max: {X: 280, default: 1000}
        lists:
          parcel: [order, " package ", 404]
          nope: [not, never]
        replies:
          praise: ["Merci {author|ami} !"]
          handoff:
            default: ["Hold on, {author}."]
            crisis: ["Crisis line for {brand}."]
        rules:
          - id: complaint.late
            label: complaint
            weight: 2
            description: Late order.
            match: ["where is my <parcel>", "[late|delayed] <parcel>"]
            unless: arrived early
            reply: ["Sorry {author}, order {field.order.id|?}"]
            examples:
              fire: ["where is my order"]
              quiet: ["arrived early"]
            tags: [delivery]
          - id: escalate.reach
            when: label == complaint and author.followers >= 10000
            escalate: {level: high, route: social, reason: Reach}
        cases:
          - text: where is my order
            fields: {author: {followers: 20000, name: ana}, platform: twitter, verified: true, note: null}
            label: complaint
            escalation: high
            reply_contains: Sorry
        """

    @Test func decodesEveryField() throws {
        let pack = try load(Self.full)
        #expect(
            pack.settings
                == PackSettings(
                    name: "demo", language: "fr", brand: "Acme", threshold: 2.5,
                    precedence: [.praise, .complaint, .question], negatorList: "nope", greetingFallback: "ami",
                    signOff: Template(
                        source: "- {brand}", location: SourceLocation(file: "pack.yaml", line: 10, column: 14),
                        segments: [.text("- "), .variable(path: ["brand"], fallback: nil, offset: 2)]),
                    replyMax: ["x": 280, "default": 1000]))
        #expect(pack.settings.replyLimit(platform: "x") == 280 && pack.settings.replyLimit(platform: "Reddit") == 1000)
        #expect(pack.lists["parcel"]?.entries == ["order", "package", "404"])
        #expect(pack.lists["parcel"]?.location == SourceLocation(file: "pack.yaml", line: 13, column: 3))
        #expect(pack.replies.byLabel[.praise]?.first?.segments == [.text("Merci "), .variable(path: ["author"], fallback: "ami", offset: 6), .text(" !")])
        #expect(pack.replies.handoff.map(\.source) == ["Hold on, {author}."])
        #expect(pack.replies.handoffByRoute["crisis"]?.map(\.source) == ["Crisis line for {brand}."])
        #expect(pack.rules.map(\.id) == ["complaint.late", "escalate.reach"])

        let late = pack.rules[0]
        #expect(late.label == .complaint)
        #expect(late.weight == 2)
        #expect(late.description == "Late order.")
        #expect(late.match.map(\.source) == ["where is my <parcel>", "[late|delayed] <parcel>"])
        #expect(late.match[0].location == SourceLocation(file: "pack.yaml", line: 25, column: 14))
        #expect(late.match[0].elements.map(\.kind) == [.literal("where is my"), .list("parcel")])
        #expect(late.unless.map(\.source) == ["arrived early"])
        #expect(late.reply.first?.segments.count == 4)
        #expect(late.examples.fire == [Example(text: "where is my order", location: SourceLocation(file: "pack.yaml", line: 29, column: 14))])
        #expect(late.examples.quiet.map(\.text) == ["arrived early"])
        #expect(late.tags == ["delivery"])
        #expect(late.location == SourceLocation(file: "pack.yaml", line: 21, column: 5))

        let reach = pack.rules[1]
        #expect(reach.label == nil)
        #expect(reach.weight == 1)
        #expect(reach.escalate == Escalation(level: .high, route: "social", reason: "Reach"))
        #expect(reach.when?.source == "label == complaint and author.followers >= 10000")
        #expect(reach.when?.location == SourceLocation(file: "pack.yaml", line: 33, column: 11))

        #expect(pack.cases.count == 1)
        let c = pack.cases[0]
        #expect(c.text == "where is my order")
        #expect(
            c.fields == [
                "author.followers": .number(20000), "author.name": .string("ana"), "platform": .string("twitter"),
                "verified": .bool(true), "note": .null,
            ])
        #expect(c.label == .complaint)
        #expect(c.escalation == .high)
        #expect(c.replyContains == "Sorry")
        #expect(pack.warnings.isEmpty)
    }

    @Test func defaultsApplyWhenPackIsAbsent() throws {
        let pack = try load("rapport: 1\nrules:\n  - id: a\n    label: praise\n    match: thanks\n    examples: {fire: [thanks]}\n")
        #expect(pack.settings == PackSettings())
        #expect(pack.rules[0].match.map(\.source) == ["thanks"])
    }

    @Test func filesMergeInOrderAndWarningsAreKept() throws {
        let pack = try RulePack.load(files: [
            ("a.yaml", "rapport: 1\nlists:\n  parcel: [order]\n  spare: [x]\n"),
            ("b.yaml", "rapport: 1\nrules:\n  - id: a\n    label: complaint\n    match: [\"<parcel> late\"]\n"),
        ])
        #expect(pack.rules.map(\.id) == ["a"])
        #expect(pack.warnings.map(\.code) == [DiagnosticCode.unusedList, DiagnosticCode.noExamples])
        #expect(pack.warnings.map(\.file) == ["a.yaml", "b.yaml"])
    }

    /// `label: other` makes a reply-only rule: weight 0 whether or not `weight` is written, and any
    /// other weight is an error at the weight; `other` is still refused where labels are scored.
    @Test func aRuleLabelledOtherOffersRepliesOnlyAndHasNoWeight() throws {
        let rule = "rapport: 1\nrules:\n  - id: o\n    label: other\n    match: [\"dm sent\"]\n    reply: [\"Thanks!\"]\n"
        let pack = try load(rule)
        #expect(pack.rules.first?.label == .other)
        #expect(pack.rules.first?.weight == 0)
        #expect(try load(rule + "    weight: 0\n").rules.first?.weight == 0)
        #expect(
            diagnostics(rule + "    weight: 2\n").map(\.description).filter { $0.contains("error") } == [
                "pack.yaml:7:13: error: rule 'o' gives the label 'other', which has no score: its weight must be 0; leave 'weight' out: a rule labelled 'other' only offers replies (and may escalate, route or tag)"
            ])
        #expect(
            diagnostics("rapport: 1\npack:\n  precedence: [other, complaint]\n").map(\.description) == [
                "pack.yaml:3:16: error: 'other' is not a scored label and cannot be in 'precedence'; 'other' is what a comment gets when no scored label reaches the threshold"
            ])
    }

    @Test func allErrorsOfAllFilesInOneRun() {
        let found = diagnostics([
            ("a.yaml", "rapport: 1\nrules:\n  - id: x\n    label: praize\n    match: [\"[a\"]\n"),
            ("b.yaml", "rapport: 1\nrules:\n  - id: x\n    lable: praise\n    match: [ok]\n"),
            ("c.yaml", "rapport: 1\nrules: [\n"),
        ])
        #expect(
            found.map(\.description) == [
                "a.yaml:4:12: error: unknown label 'praize' in rule 'x'; did you mean 'praise'?",
                "a.yaml:5:14: error: '[' is never closed in pattern of rule 'x'; add ']' after the last alternative",
                "b.yaml:3:5: warning: rule 'x' has no 'fire' examples; add 'examples: {fire: [...], quiet: [...]}' so 'rapport test' can check it",
                "b.yaml:3:5: error: rule 'x' needs a 'label' or an 'escalate' (or, as a care rule, a 'reply' or a 'route'); add 'label: question', 'label: complaint' or 'label: praise'",
                "b.yaml:3:9: error: duplicate rule id 'x' (first defined at a.yaml:3:9); rule ids must be unique across the pack",
                "b.yaml:4:5: error: unknown key 'lable' in rule 'x'; did you mean 'label'?",
                "c.yaml:3:1: error: invalid YAML: did not find expected node content (while parsing a flow node that started at 3:1)",
            ])
    }

    @Test func errorsAreSortedAndCarryCodes() {
        let found = diagnostics("rules: 3\nrapport: 7\n")
        #expect(found.map(\.code) == [DiagnosticCode.wrongType, DiagnosticCode.unsupportedVersion])
        #expect(found == found.sorted())
    }

    @Test func loadPathsMergesPacksAndReportsMissingPaths() {
        do {
            _ = try RulePack.load(paths: ["/nonexistent/rapport-pack"])
            Issue.record("loading a missing path should fail")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["/nonexistent/rapport-pack:1:1: error: no such file or directory"])
        }
    }

    @Test func emptyInputIsAnError() {
        #expect(diagnostics([]).map(\.code) == [DiagnosticCode.emptyPack])
    }

    @Test func hostileYAMLFailsWithAClearError() {
        var bomb = "rapport: 1\nlists:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = i == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][i - 1]
            bomb += "  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(diagnostics(bomb).map(\.code) == [DiagnosticCode.yamlLimit])
        let deep = "rapport: 1\nrules: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(diagnostics(deep).map(\.code) == [DiagnosticCode.yamlLimit])
    }

    @Test func patternColumnsInQuotedAndBlockScalars() {
        let text = """
            rapport: 1
            rules:
              - id: a
                label: praise
                match:
                  - 'single [x'
                  - "esc\\t [x"
                  - |
                    block [x
                examples: {fire: [x]}
            """
        let found = diagnostics(text)
        #expect(found.map { "\($0.line):\($0.column)" } == ["6:17", "7:9", "8:9"])
    }
}
