import Testing

@testable import Rapport

/// The fast paths of the record path's round 10 (issue 18) against the plain code they stand in for,
/// on random inputs: replies rendered from ``ReplyCode`` against ``TemplateRenderer``, a field looked
/// up by comparing a few keys against the dictionary's own lookup, and `label == text` compiled to a
/// case of its own against the general comparison.
@Suite struct RecordPathRound10Tests {
    /// Texts with the bytes a JSON string must escape, non-ASCII letters, and canonically equivalent forms.
    private static let texts = [
        "", "Hi", "Hi there", ", thanks!", " DM us.", "\"quoted\"", "back\\slash", "caf\u{E9}", "cafe\u{301}", "😡",
        "tab\there", "line\u{2028}break", "\u{7F}", "K", "\u{212A}", "plain text of some length, with words",
    ]
    private static let paths: [[String]] = [
        ["author"], ["author", "name"], ["author", "handle"], ["brand"], ["match"], ["platform"], ["field", "product"],
        ["likes"], ["label"], ["id"], ["text"], ["missing"],
    ]

    private static func randomTemplate(using generator: inout some RandomNumberGenerator) -> Template {
        var segments: [Template.Segment] = []
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            if Bool.random(using: &generator) {
                segments.append(.text(Self.texts.randomElement(using: &generator)!))
            } else {
                let fallback: String? = Bool.random(using: &generator) ? Self.texts.randomElement(using: &generator)! : nil
                segments.append(.variable(path: paths.randomElement(using: &generator)!, fallback: fallback, offset: 0))
            }
        }
        return Template(source: "", location: SourceLocation(file: "t", line: 1, column: 1), segments: segments)
    }

    private static func randomValue(using generator: inout some RandomNumberGenerator) -> FieldValue {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: .null
        case 1: .number(Double(Int.random(in: -5...20_000, using: &generator)))
        case 2: .bool(Bool.random(using: &generator))
        default: .string(Self.texts.randomElement(using: &generator)!)
        }
    }

    private static func randomComment(using generator: inout some RandomNumberGenerator) -> Rapport.Comment {
        var fields: [String: FieldValue] = [:]
        for key in ["author", "author.name", "author.handle", "platform", "product", "likes", "id"] where Int.random(in: 0..<3, using: &generator) == 0 {
            fields[key] = randomValue(using: &generator)
        }
        let author: String? = Bool.random(using: &generator) ? Self.texts.randomElement(using: &generator)! : nil
        return Rapport.Comment(id: Self.texts.randomElement(using: &generator)!, text: "some text", author: author, fields: fields)
    }

    /// Every random template rendered from the byte table gives the bytes and the plainness the
    /// template renderer gives, or fails where it fails (leaving the bytes as they were).
    @Test func replyCodeRendersAsTheTemplateRenderer() {
        var generator = SystemRandomNumberGenerator()
        var rendered = 0, failed = 0, plain = 0
        for _ in 0..<300 {
            let greeting: String? = Bool.random(using: &generator) ? Self.texts.randomElement(using: &generator)! : nil
            let signOff: Template? = Int.random(in: 0..<4, using: &generator) == 0 ? Self.randomTemplate(using: &generator) : nil
            let lists = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    CompiledTemplate(Self.randomTemplate(using: &generator), greeting: greeting, signOff: signOff)
                }
            }
            let brand: String? = Bool.random(using: &generator) ? Self.texts.randomElement(using: &generator)! : nil
            let code = ReplyCode(lists: lists, brand: brand)
            for _ in 0..<10 {
                let comment = Self.randomComment(using: &generator)
                let label: Label? = Bool.random(using: &generator) ? .complaint : nil
                let match: String? = Bool.random(using: &generator) ? Self.texts.randomElement(using: &generator)! : nil
                FieldLookup.with(comment, label: label) { lookup in
                    let reference = TemplateRenderer(fields: lookup, brand: brand)
                    var renderer = ReplyCodeRenderer(code: code, fields: lookup)
                    var memo: TemplateRenderer.FieldMemo?
                    for (list, templates) in lists.enumerated() {
                        #expect(code.count(of: list) == templates.count)
                        for (variant, template) in templates.enumerated() {
                            let prefix: [UInt8] = [0x41, 0x42]
                            var expected = prefix, actual = prefix
                            var expectedPlain = false, actualPlain = false
                            let ok = reference.render(template, match: match, memo: &memo, into: &expected, plain: &expectedPlain)
                            let index = code.template(variant, of: list)
                            #expect(renderer.render(index, match: { match }, into: &actual, plain: &actualPlain) == ok)
                            #expect(actual == expected)
                            #expect(reference.render(template, match: match).map { prefix + Array($0.utf8) } == (ok ? expected : nil))
                            if ok {
                                #expect(actualPlain == expectedPlain)
                                if actualPlain { #expect(actual.allSatisfy(JSONOutReference.plain)) }
                                rendered += 1
                                if actualPlain { plain += 1 }
                            } else {
                                failed += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(rendered > 1_000 && failed > 100 && plain > 100)
    }

    /// A reply kept as plain is ASCII: keeping it without the scan gives what keeping it with the scan gives.
    @Test func keepingAPlainReplyAsTheScanKeepsIt() {
        var generator = SystemRandomNumberGenerator()
        let words = ["Thanks!", "Hi there", "DM us", "caf\u{E9}", "Cafe\u{301}", "Caf\u{E9}"]
        for _ in 0..<300 {
            var scanned = ReplyBytes(), told = ReplyBytes()
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let text = words.randomElement(using: &generator)!
                let isPlain = text.utf8.allSatisfy(JSONOutReference.plain)
                scanned.bytes += Array(text.utf8)
                scanned.keepLast()
                told.bytes += Array(text.utf8)
                told.keepLast(plain: isPlain)
            }
            #expect(scanned.bytes == told.bytes && scanned.ends == told.ends)
            for index in 0..<told.count where told.isPlain(index) {
                let start = index == 0 ? 0 : told.ends[index - 1]
                #expect(told.bytes[start..<told.ends[index]].allSatisfy(JSONOutReference.plain))
            }
        }
    }

    /// A field looked up by comparing keys is the dictionary's own lookup, for dictionaries of every
    /// size around the limit and names that are equal only as `String`s (canonical equivalence).
    @Test func fewFieldsAreFoundAsTheDictionaryFindsThem() {
        var generator = SystemRandomNumberGenerator()
        let keys = ["author", "author.name", "author.followers", "platform", "caf\u{E9}", "cafe\u{301}", "K", "\u{212A}", "likes", "x"]
        var found = 0, missed = 0
        for _ in 0..<2_000 {
            var fields: [String: FieldValue] = [:]
            for _ in 0..<Int.random(in: 0...(FieldLookup.fewFields + 2), using: &generator) {
                fields[keys.randomElement(using: &generator)!] = Self.randomValue(using: &generator)
            }
            for name in keys {
                let expected = fields[name]
                #expect(FieldLookup.field(name, in: fields) == expected, "\(name) in \(fields)")
                if expected == nil { missed += 1 } else { found += 1 }
            }
        }
        #expect(found > 1_000 && missed > 1_000)
    }

    /// `label == text` and `label != text` compiled to their own case evaluate as the general
    /// comparison does, with and without a decided label (and a `label` field), and `label in [text]`
    /// keeps its own case.
    @Test func labelComparisonsEvaluateAsTheGeneralComparison() throws {
        var generator = SystemRandomNumberGenerator()
        let labels: [Label?] = [nil, .complaint, .praise, .question, .other, Label(rawValue: "Complaint"), Label(rawValue: "caf\u{E9}")]
        let constants = ["complaint", "Complaint", "COMPLAINT", "praise", "question", "other", "cafe\u{301}", "CAF\u{C9}", "k", "\u{212A}"]
        var fast = 0
        for _ in 0..<500 {
            let constant = constants.randomElement(using: &generator)!
            let op = Bool.random(using: &generator) ? "==" : "!="
            let known = constants.map { Label(rawValue: $0) }
            let expression = try ExpressionParser.parse("label \(op) '\(constant)'", labels: known)
            let compiled = CompiledCondition(expression)
            if case .label = compiled { fast += 1 }
            let general = CompiledCondition.compare(.field(FieldKey("label")), op == "==" ? .equal : .notEqual, .constant(.string(constant)))
            var fields: [String: FieldValue] = [:]
            if Bool.random(using: &generator) { fields["label"] = .string(constants.randomElement(using: &generator)!) }
            let comment = Rapport.Comment(id: "1", text: "t", fields: fields)
            let label = labels.randomElement(using: &generator)!
            FieldLookup.with(comment, label: label) { lookup in
                let evaluator = ConditionEvaluator(fields: lookup)
                #expect(evaluator.evaluate(compiled) == evaluator.evaluate(general), "label \(String(describing: label)) \(op) \(constant)")
            }
            // Membership keeps its own case, and evaluates as one equality.
            let membership = CompiledCondition(try ExpressionParser.parse("label in ['\(constant)']", labels: known))
            if case .label = membership { Issue.record("a membership compiled to the label case") }
            if op == "==" {
                FieldLookup.with(comment, label: label) { lookup in
                    let evaluator = ConditionEvaluator(fields: lookup)
                    #expect(evaluator.evaluate(membership) == evaluator.evaluate(compiled))
                }
            }
        }
        #expect(fast == 500)
        // The equality of two strings is the general order's 0.
        for a in constants {
            for b in constants {
                #expect(ConditionEvaluator.equalIgnoringCase(a, b) == (ConditionEvaluator.order(.string(a), .string(b)) == 0), "\(a) \(b)")
            }
        }
    }
}

/// What a JSON string holds as it is: printable ASCII but `"` and `\` (as ``JSONEscaping/isPlain(_:)`` says).
enum JSONOutReference {
    static func plain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }
}
