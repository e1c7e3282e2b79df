/// The catalog of diagnostic codes: for each code its severity, a one-line summary and a rule pack
/// that triggers it. `rapport lint --explain CODE` prints an entry; a test loads every example and
/// checks that it reports its code.
extension DiagnosticCode {
    /// A rule pack that triggers a code.
    public struct Example: Sendable {
        /// How the example reaches the code.
        public enum Trigger: Sendable, Hashable {
            /// Loading and compiling the files, as `rapport lint` does.
            case lint
            /// Loading a path that does not exist, as `rapport lint` does (the example has no files).
            case missingPath
            /// Loading the files, then running their examples, as `rapport test` does.
            case test
            /// Loading the files, then checking them against a sample export holding these fields, as
            /// `rapport lint --sample` does.
            case sample(fields: [String])
        }

        /// The rule files, in load order. Lines starting with `#` explain the example.
        public var files: [String]
        /// The limits to load under (written in the first file's comment as `--limit NAME=N`).
        public var limits: PackLimits
        /// Whether the files are saved in Latin-1 rather than UTF-8.
        public var latin1: Bool
        /// How the example reaches the code.
        public var trigger: Trigger

        init(_ files: String..., limits: PackLimits = .default, latin1: Bool = false, trigger: Trigger = .lint) {
            self.files = files
            self.limits = limits
            self.latin1 = latin1
            self.trigger = trigger
        }

        /// The bytes of file `index` as saved: UTF-8, or Latin-1 (every scalar below U+0100 as one byte).
        public func bytes(ofFile index: Int) -> [UInt8] {
            guard latin1 else { return Array(files[index].utf8) }
            return files[index].unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        }
    }

    /// Whether the code reports an error (the pack is refused), a warning or a note.
    public var severity: Diagnostic.Severity {
        switch self {
        case .duplicatePattern, .neverFires, .noExamples, .unusedList, .costlyPattern, .emptyList, .literalListEntry,
            .emptyListEntry, .fieldNotInSample, .replyTooLong, .replyMissingValue, .cautionNeverOffered:
            .warning
        case .whenStage:
            .note
        default:
            .error
        }
    }

    /// What the code means, in one line.
    public var summary: String { entry.summary }

    /// A rule pack that triggers the code.
    public var example: Example { entry.example }

    /// The entry as `rapport lint --explain` prints it: the code, its severity and summary, then the
    /// example's files indented.
    public var explanation: String {
        var text = "\(rawValue) (\(severity.rawValue)): \(summary)\n\nExample:\n"
        let example = self.example
        if example.files.isEmpty {
            text += "\n    rapport lint no-such-pack/    # a path that does not exist\n"
        }
        for (index, file) in example.files.enumerated() {
            if example.files.count > 1 { text += "\n    # file \(index + 1) of \(example.files.count)" }
            text +=
                "\n"
                + file.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// The catalog entry: a switch, so a code without an entry does not compile.
    private var entry: (summary: String, example: Example) {
        switch self {
        case .io: ("A rule file or directory cannot be found or read.", Example(trigger: .missingPath))
        case .yamlSyntax:
            (
                "The file is not valid YAML (also undefined aliases, bad merge keys, several documents).",
                Example(
                    """
                    rapport: 1
                    rules: [
                      {id: praise.thanks, label: praise, match: [thanks]

                    """)
            )
        case .yamlEncoding:
            (
                "The file is not valid UTF-8 (or holds a character YAML does not allow).",
                Example(
                    """
                    # saved in Latin-1: the byte E9 of 'café' is not UTF-8
                    rapport: 1
                    pack:
                      name: café

                    """, latin1: true)
            )
        case .yamlLimit:
            (
                "A YAML limit was hit: the file's size, nesting depth, alias nodes or alias text.",
                Example(
                    """
                    # rapport lint --limit yaml-depth=4
                    rapport: 1
                    lists:
                      deep: [[[[[thanks]]]]]

                    """, limits: PackLimits(maxDepth: 4))
            )
        case .duplicateKey:
            (
                "A mapping gives the same key twice.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        label: question
                        match: [thanks]

                    """)
            )
        case .missingVersion:
            (
                "The file does not start with `rapport: 1` (or is empty).",
                Example(
                    """
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .unsupportedVersion:
            (
                "`rapport:` names a format version this build does not read.",
                Example(
                    """
                    rapport: 2
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .unknownKey:
            (
                "A key the rule-pack format does not know (often a typo, with a did-you-mean).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.late
                        label: complaint
                        patern: "where is my order"

                    """)
            )
        case .wrongType:
            (
                "A value of the wrong YAML type (a string where a number goes, a mapping where a list goes).",
                Example(
                    """
                    rapport: 1
                    pack:
                      threshold: high
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .invalidValue:
            (
                "A value of the right type that is not allowed (a negative threshold, an empty entry).",
                Example(
                    """
                    rapport: 1
                    pack:
                      threshold: -1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .missingField:
            (
                "A required field is missing (a rule without `id`, an escalation without `route`).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - label: praise
                        match: [thanks]

                    """)
            )
        case .duplicateRuleID:
            (
                "Two rules share an id, or a `patch:` section patches one rule twice.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                      - id: praise.thanks
                        label: praise
                        match: [thank you]

                    """)
            )
        case .duplicateList:
            (
                "Two files of one pack define a list of the same name.",
                Example(
                    """
                    rapport: 1
                    lists:
                      parcel: [order, package]

                    """,
                    """
                    rapport: 1
                    lists:
                      parcel: [parcel, delivery]
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is my <parcel>"]

                    """)
            )
        case .duplicateSection:
            (
                "A section given twice in one pack: `pack:` in two files, one label's replies twice.",
                Example(
                    """
                    rapport: 1
                    pack:
                      name: acme

                    """,
                    """
                    rapport: 1
                    pack:
                      name: acme-en
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .undefinedList:
            (
                "A pattern, or the `negators` setting, names a list the pack does not define.",
                Example(
                    """
                    rapport: 1
                    lists:
                      parcel: [order, package]
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is my <parcels>"]

                    """)
            )
        case .invalidListName:
            (
                "A list is named like a built-in (`mention`, `url`...) or cannot be written in a pattern.",
                Example(
                    """
                    rapport: 1
                    lists:
                      url: [website, link]
                    rules:
                      - id: question.link
                        label: question
                        match: ["<url> ?"]

                    """)
            )
        case .patternLimit:
            (
                "A pattern is longer, or has more tokens, than the pack limits allow.",
                Example(
                    """
                    # rapport lint --limit pattern-tokens=3
                    rapport: 1
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is my parcel"]

                    """, limits: PackLimits(maxPatternTokens: 3))
            )
        case .whenLimit:
            (
                "A `when` expression has more comparisons than the `when-terms` limit.",
                Example(
                    """
                    # rapport lint --limit when-terms=2
                    rapport: 1
                    rules:
                      - id: escalate.busy
                        when: "likes > 1 and likes > 2 and likes > 3"
                        escalate: {level: high, route: social-lead, reason: Busy thread}

                    """, limits: PackLimits(maxWhenTerms: 2))
            )
        case .tooManyRules:
            (
                "The pack has more rules than the `rules` limit.",
                Example(
                    """
                    # rapport lint --limit rules=1
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                      - id: praise.love
                        label: praise
                        match: [love it]

                    """, limits: PackLimits(maxRules: 1))
            )
        case .patternSyntax:
            (
                "A pattern does not follow the token-pattern syntax.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is [my|our parcel"]

                    """)
            )
        case .whenSyntax:
            (
                "A `when` expression does not parse.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: escalate.popular
                        when: "likes = 100"
                        escalate: {level: high, route: social-lead, reason: Popular comment}

                    """)
            )
        case .whenType:
            (
                "A `when` expression compares values of the wrong kinds (a number with a word).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: escalate.popular
                        when: "likes > many"
                        escalate: {level: high, route: social-lead, reason: Popular comment}

                    """)
            )
        case .unknownLabel:
            (
                "A label that is neither built in (complaint, question, praise, other) nor declared under 'labels:' in its layer or one below.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.late
                        label: complain
                        match: ["where is my order"]

                    """)
            )
        case .unknownLevel:
            (
                "An escalation level that does not exist.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: escalate.legal
                        label: complaint
                        match: [lawyer]
                        escalate: {level: urgent, route: legal, reason: Legal threat}

                    """)
            )
        case .unknownTemplateVariable:
            (
                "A reply template names a variable that does not exist.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        reply: ["Thank you, {autor}!"]

                    """)
            )
        case .templateSyntax:
            (
                "A reply template is malformed (an unclosed `{`, an empty `{}`).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        reply: ["Thank you, {author!"]

                    """)
            )
        case .exampleNotString:
            (
                "An example or case text is not a string.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.not-found
                        label: complaint
                        match: ["404"]
                        examples: {fire: [404]}

                    """)
            )
        case .unknownRule:
            (
                "A `patch:` or `disable:` entry names a rule id the pack (or the layers below) does not define (a lexicon's `rules:` naming one is a warning: its weights are ignored).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is my order"]
                    patch:
                      rules:
                        complaint.lte: {weight: 2}

                    """)
            )
        case .emptyPack:
            (
                "The pack has no rules (or a directory holds no rule files).",
                Example(
                    """
                    rapport: 1
                    pack:
                      name: acme

                    """)
            )
        case .duplicatePattern:
            (
                "The same pattern twice in one rule.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks, thanks]
                        examples: {fire: [thanks]}

                    """)
            )
        case .neverFires:
            (
                "A rule, or one of its patterns, can never fire (the same pattern in `unless`, a contradictory `when`).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        unless: [thanks]
                        examples: {quiet: [no]}

                    """)
            )
        case .noExamples:
            (
                "A rule with patterns but no `fire` examples for `rapport test` to check.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]

                    """)
            )
        case .unusedList:
            (
                "A list that no pattern uses.",
                Example(
                    """
                    rapport: 1
                    lists:
                      forgotten: [a, b]
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        examples: {fire: [thanks]}

                    """)
            )
        case .costlyPattern:
            (
                "A pattern whose gaps and alternatives multiply into more than 1,000 ways to try it from one token.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.refund
                        label: complaint
                        match: ["refund {0,10} my {0,10} order {0,10} now {0,10} please"]
                        examples: {fire: ["refund my order now please"]}

                    """)
            )
        case .emptyList:
            (
                "A list with no entries.",
                Example(
                    """
                    rapport: 1
                    lists:
                      parcel: []
                    rules:
                      - id: complaint.late
                        label: complaint
                        match: ["where is my <parcel>", "where is my order"]
                        examples: {fire: ["where is my order"]}

                    """)
            )
        case .literalListEntry:
            (
                "A list entry written like a pattern construct (`<url>`, `love*`): entries are literal phrases.",
                Example(
                    """
                    rapport: 1
                    lists:
                      money: ["refund*", money back]
                    rules:
                      - id: complaint.money
                        label: complaint
                        match: ["<money>"]
                        examples: {fire: ["i want my money back"]}

                    """)
            )
        case .whenStage:
            (
                "A labelled rule's `when` reads `label` (checked after the decision: its weight never counts) or does not (checked before: it gates the weight).",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.verified
                        label: complaint
                        weight: 2
                        match: [broken]
                        when: "author.verified"
                        examples: {fire: ["my phone is broken"]}

                    """)
            )
        case .fieldNotInSample:
            (
                "A field read by a `when` condition never occurs in the sample export given to `rapport lint --sample`.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: escalate.reach
                        when: "author.folowers >= 10000"
                        escalate: {level: high, route: social-lead, reason: High reach}

                    """, trigger: .sample(fields: ["text", "author.followers"]))
            )
        case .replyTooLong:
            (
                "A reply, with the pack's sign-off and 16 characters for each value not known in advance, can be longer than `reply_max` for a platform: there it is dropped.",
                Example(
                    """
                    rapport: 1
                    pack: {name: short, sign_off: "^AK", reply_max: {x: 60}}
                    rules:
                      - id: complaint.broken
                        label: complaint
                        match: [broken]
                        reply: ["Sorry about that, {author|there}! Could you DM us the order number?"]
                        examples: {fire: ["my kettle is broken"]}

                    """)
            )
        case .replyMissingValue:
            (
                "A reply template uses a variable with no fallback that a comment may lack (`{author}` without `greeting_fallback`, `{brand}` without a brand, a field): the reply is dropped for such comments.",
                Example(
                    """
                    rapport: 1
                    rules:
                      - id: complaint.broken
                        label: complaint
                        match: [broken]
                        reply: ["Sorry about that, {author}. Could you DM us the order number?"]
                        examples: {fire: ["my kettle is broken"]}

                    """)
            )
        case .cautionNeverOffered:
            (
                "Caution replies for a route are never offered: the pack's escalation model has no `caution` probability, does not have the route, or escalates the route from a `route_at` threshold that is not above `caution`.",
                Example(
                    """
                    rapport: 1
                    escalation_model:
                      at: 0.9
                      routes: [security]
                      bias: {escalate: -2, security: 0}
                    replies:
                      caution:
                        security: ["If anything on your account looks unfamiliar, DM us."]
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        examples: {fire: [thanks]}

                    """)
            )
        case .emptyListEntry:
            (
                "A list entry that has no tokens (only a combining mark, say), so it never matches.",
                Example(
                    #"""
                    rapport: 1
                    lists:
                      marks: ["\u0301", ok]
                    rules:
                      - id: praise.ok
                        label: praise
                        match: ["<marks>"]
                        examples: {fire: [ok]}

                    """#)
            )
        case .emptyLiteral:
            (
                "Literal text in a pattern that has no tokens (only a combining mark, say).",
                Example(
                    #"""
                    rapport: 1
                    rules:
                      - id: complaint.refund
                        label: complaint
                        match: ["refund [\u0301|now]"]
                        examples: {fire: ["refund now"]}

                    """#)
            )
        case .emptyPrefix:
            (
                "A prefix (`word*`) whose text has no tokens.",
                Example(
                    #"""
                    rapport: 1
                    rules:
                      - id: complaint.refund
                        label: complaint
                        match: ["\u0345*", refund]
                        examples: {fire: [refund]}

                    """#)
            )
        case .exampleFailed:
            (
                "A `fire` or `quiet` example, or a case, that does not come out as written (`rapport test`).",
                Example(
                    """
                    # rapport test example.yaml
                    rapport: 1
                    rules:
                      - id: praise.thanks
                        label: praise
                        match: [thanks]
                        examples: {fire: ["thank you"]}

                    """, trigger: .test)
            )
        }
    }
}
