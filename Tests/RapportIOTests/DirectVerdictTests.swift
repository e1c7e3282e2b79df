import RapportSupport
import Testing
@testable import Rapport
@testable import RapportIO

/// The pipeline's JSON writer writes each verdict straight from the engine's workspace
/// (``Engine/classifyForWriting(_:in:parts:)``, ``ClassifiedVerdict``): its bytes must be those of the
/// built ``Verdict`` written by ``VerdictWriter``, for every member set, on ordinary and odd comments.
@Suite struct DirectVerdictTests {
    /// A pack over the default one with a custom label, tags, routes, a brand voice with `reply_max`
    /// and replies with `{match}`, fields and fallbacks.
    static func engines() throws -> [Engine] {
        let layer = PackLayer(
            name: "extra",
            files: [
                (
                    name: "extra.yaml",
                    text: """
                    rapport: 1
                    pack: {name: acme, greeting_fallback: friend, sign_off: "– Acme", reply_max: {x: 60, default: 400}}
                    labels: [outage, apology]
                    replies:
                      outage: ["We know about the outage, {author}.", "Outage: \\"{match}\\" noted, {author.name|you}."]
                    rules:
                      - id: outage.down
                        label: outage
                        weight: 2
                        match: ["network down", "wifi down"]
                        tags: [network, incident]
                        route: noc
                        reply: ["{match}? On it, {author}. See {field.platform|our page}.", "Sorry about “{match}”, {author}!"]
                      - id: apology.sorry
                        label: apology
                        weight: 2
                        match: ["sorry for the"]
                      - id: complaint.refund.x
                        label: complaint
                        weight: 1
                        match: ["refund"]
                        tags: [billing]
                        route: "billing\\u2028desk"
                    """
                )
            ])
        return [
            try Engine(pack: RulePack.default),
            try Engine(pack: RulePack.default, options: Engine.Options(maxScalars: 40)),
            try Engine(pack: RulePack.load(layers: [layer], overDefault: true)),
        ]
    }

    /// Corpus-like comments, and odd ones: quotes, escapes, control characters, line separators,
    /// combining marks, emoji, long and empty texts, authors and fields of every kind.
    static func comments() -> [Rapport.Comment] {
        let words = [
            "where", "is", "my", "parcel", "order", "refund", "love", "it", "thanks", "but", "not", "happy", "broken",
            "network", "down", "wifi", "late", "again", "??", "!!", "😡", "great", "service", "can", "you", "help",
            "lawyer", "chargeback", "hacked", "account", "cancel", "never", "#fail", "@acme", "awesome", "why",
        ]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var comments = (0..<600).map { index in
            Rapport.Comment(
                id: "\(index)", text: (0...next(14)).map { _ in words[next(words.count)] }.joined(separator: " "),
                author: index % 5 == 0 ? nil : "@user\(next(50))",
                fields: ["author.followers": .number(Double(next(30_000))), "platform": .string(["x", "reddit"][next(2)])])
        }
        let odd = [
            "network down again \"since noon\" \\ why?", "wifi down\u{2028}help", "refund\u{0}\u{1F}\u{7F} please",
            "Cafe\u{301} wifi down — où est mon remboursement? refund", "😡😡 network down 😡 where is my parcel??",
            "", " ", "love it!!! 💯", "I want a refund. This is broken. My lawyer will call.",
            String(repeating: "where is my order? network down ", count: 20), "e\u{301}\u{301} refund e\u{301}",
            "thanks but the app keeps crashing", "chargeback chargeback hacked account", "I want to end it all tonight",
        ]
        // The last author's name pushes the longest replies past `reply_max`: they are written with the fallback.
        let authors: [String?] = [nil, "@ana", "", "Zoë \"Z\" Ünal", "line\nbreak", String(repeating: "Bartholomew ", count: 6)]
        let fields: [[String: FieldValue]] = [
            [:], ["platform": .string("x")], ["platform": .string("x"), "likes": .number(12), "author.followers": .number(20_000)],
            ["platform": .null, "author.name": .string("Bo")], ["verified": .bool(true), "platform": .string("helpdesk")],
        ]
        for (index, text) in odd.enumerated() {
            for variant in 0..<authors.count {
                comments.append(
                    Rapport.Comment(
                        id: "odd-\(index)-\(variant)\u{0}\"", text: text, author: authors[variant],
                        fields: fields[(index + variant) % fields.count]))
            }
        }
        return comments
    }

    static let fieldSets: [Set<VerdictField>] = [
        Set(VerdictField.allCases), [.id, .label, .escalation], [.id, .label, .scores], [.rules, .tags, .route],
        [.suggestions], [.spans, .truncated], [.id, .suggestions, .spans], [],
    ]

    @Test func directWritingGivesTheBytesOfTheBuiltVerdict() throws {
        let kept = [KeptField(name: "likes", value: .number(literal: "12")), KeptField(name: "x", value: .null)]
        var checked = 0
        for engine in try Self.engines() {
            var verdict = ClassifiedVerdict(engine: engine, names: VerdictNames(engine: engine))
            for fields in Self.fieldSets {
                let writer = VerdictWriter(fields: fields)
                let parts = JSONLinesEncoder(fields: fields).verdictParts
                for comment in Self.comments() {
                    verdict.classify(comment, parts: parts)
                    var direct = ByteWriter()
                    writer.write(verdict, kept: checked % 2 == 0 ? [] : kept, into: &direct)
                    var built = ByteWriter()
                    writer.write(engine.classify(comment), kept: checked % 2 == 0 ? [] : kept, into: &built)
                    #expect(direct.bytes == built.bytes, "\(fields) \(comment)")
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test func theRenderedRepliesAreTheSuggestions() throws {
        var workspace = Engine.Workspace()
        var withReplies = 0
        var plainReplies = 0
        for engine in try Self.engines() {
            for comment in Self.comments() {
                engine.classifyForWriting(comment, in: &workspace, parts: .all)
                let replies = workspace.replies
                var texts: [String] = []
                var start = 0
                for (index, end) in replies.ends.enumerated() {
                    texts.append(String(decoding: replies.bytes[start..<end], as: UTF8.self))
                    // A reply marked plain is (the writer copies it without escaping).
                    if replies.isPlain(index) { #expect(replies.bytes[start..<end].allSatisfy(JSONOutTests.referencePlain)) }
                    if replies.isPlain(index) { plainReplies += 1 }
                    start = end
                }
                #expect(start == replies.bytes.count)
                #expect(texts == engine.classify(comment).suggestions, "\(comment)")
                if texts.count > 1 { withReplies += 1 }
            }
        }
        #expect(withReplies > 100 && plainReplies > 100)
    }

    @Test func repliesAreDroppedWhenTheyEqualAnEarlierOneAsStrings() {
        var replies = ReplyBytes()
        func add(_ text: String) {
            replies.bytes += Array(text.utf8)
            replies.keepLast()
        }
        add("Thanks!")
        add("Thanks!")  // the same bytes
        add("Thanks")
        add("Caf\u{E9}")
        add("Cafe\u{301}")  // canonically equivalent to the one before: equal as strings
        add("Cafe")
        #expect(replies.count == 4)
        #expect(String(decoding: replies.bytes, as: UTF8.self) == "Thanks!ThanksCaf\u{E9}Cafe")
        replies.removeAll()
        #expect(replies.count == 0 && replies.bytes.isEmpty)
        add("Cafe\u{301}")
        add("Caf\u{E9}")
        #expect(replies.count == 1)
    }

    @Test func scalarsAreCountedAsTheStringCountsThem() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "e\u{301}", "😡", "\u{2028}", "ß", " ", "\"", "中", "\\", "\u{7F}", "\n", "bc", "~"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let scan = bytes.withUnsafeBufferPointer { ReplyBytes.scan($0) }
            #expect(scan.scalars == text.unicodeScalars.count)
            #expect(scan.ascii == text.utf8.allSatisfy { $0 < 0x80 })
            // Plain: what a JSON string holds as it is (printable ASCII but `"` and `\\`).
            #expect(bytes.withUnsafeBufferPointer(JSONEscaping.isPlain) == bytes.allSatisfy(JSONOutTests.referencePlain))
            #expect(ReplyBytes.scalarCount([0x41] + bytes, from: 1) == text.unicodeScalars.count)
        }
    }
}
