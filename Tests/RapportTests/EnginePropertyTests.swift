import PropertyBased
import Testing
@testable import Rapport

/// A pack that exercises every construct, shared by the property and concurrency tests.
func richEngine() throws -> Engine {
    try engine(
        [
            rule(
                "complaint.late", .complaint, weight: 2, match: ["where is my <parcel>", "<parcel> {0,3} [late|delayed|missing]"],
                unless: ["arrived early"], reply: ["Sorry, {author|there}! Could you DM us about {match}?"]),
            rule("complaint.broken", .complaint, match: ["broke*", "does not work", "* stopped working"]),
            rule("question.how", .question, match: ["^ how", "how [do|can] i", "? $"]),
            rule(
                "praise.love", .praise, match: ["love", "[great|amazing] [service|support]", "thank*"],
                reply: ["Thank you, {author|friend}!", "That made our day, {author|friend}."]),
            rule(
                "escalate.legal", match: ["[lawyer|attorney]", "sue you"],
                escalate: Escalation(level: .critical, route: "legal", reason: "Legal threat")),
            rule(
                "escalate.reach",
                when: condition(
                    and(
                        compare(field("label"), .equal, string("complaint")),
                        compare(field("author.followers"), .greaterOrEqual, number(10_000)))),
                escalate: Escalation(level: .high, route: "social-lead", reason: "High reach")),
        ], lists: ["parcel": ["order", "package", "parcel", "delivery", "order number"]],
        replies: DefaultReplies(
            byLabel: [.question: [template("Good question, {author|there}!")]],
            handoff: [template("Our team will contact you today.")]))
}

/// Words that hit the rich pack's patterns, and filler.
let vocabulary = [
    "where", "is", "my", "order", "package", "late", "delayed", "missing", "arrived", "early", "broke", "broken",
    "does", "not", "work", "stopped", "working", "how", "do", "can", "i", "love", "great", "service", "support",
    "thanks", "lawyer", "sue", "you", "never", "the", "it", "again", "?", "!", ".", ",", "number", "hello", "phone",
]

@Suite struct EnginePropertyTests {
    static let anyScalar = Gen<UInt32>.value(in: 0...0x10FFFF).compactMap { Unicode.Scalar($0) }

    @Test func classifyNeverTrapsOnArbitraryUnicode() async throws {
        let engine = try richEngine()
        let text = Self.anyScalar.array(of: 0...80).map { scalars in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        await propertyCheck(count: 300, input: text) { text in
            let verdict = engine.classify(Comment(id: "p", text: text))
            Self.checkSpans(verdict, text)
        }
    }

    @Test func classifyNeverTrapsOnLossilyDecodedBytes() async throws {
        let engine = try richEngine()
        let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...120)
        await propertyCheck(count: 300, input: bytes) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let verdict = engine.classify(Comment(id: "b", text: text))
            Self.checkSpans(verdict, text)
            _ = engine.explain(Comment(id: "b", text: text))
        }
    }

    static let sentence = Gen<Int>.int(in: 0..<vocabulary.count).array(of: 1...14).map { indices in
        indices.map { vocabulary[$0] }.joined(separator: " ")
    }

    @Test func verdictIgnoresLetterCaseAndSurroundingWhitespace() async throws {
        let engine = try richEngine()
        let input = zip(Self.sentence, Gen<UInt64>.value(in: 0...UInt64.max), Gen<Int>.int(in: 0...3))
        await propertyCheck(count: 300, input: input) { text, caseBits, padding in
            var bits = caseBits
            let recased = String(
                text.map { character -> Character in
                    bits = bits >> 1 | bits << 63
                    return bits & 1 == 1 ? Character(character.uppercased()) : character
                })
            let pad = [" ", "\n", "\t ", "  \r\n"][padding]
            let fields: [String: FieldValue] = ["author.followers": .number(20_000)]
            let original = engine.classify(Comment(id: "c", text: text, fields: fields))
            let changed = engine.classify(Comment(id: "c", text: pad + recased + pad, fields: fields))
            #expect(original.label == changed.label, "\(text) vs \(recased)")
            #expect(original.rules == changed.rules)
            #expect(original.escalation == changed.escalation)
            #expect(original.spans.map(\.rule) == changed.spans.map(\.rule))
            #expect(original.spans.map { $0.text.lowercased() } == changed.spans.map { $0.text.lowercased() })
            Self.checkSpans(changed, pad + recased + pad)
        }
    }

    @Test func generatedSentencesReachEveryLabel() async throws {
        // Guards the generator above: the invariance property is only meaningful if rules fire.
        let engine = try richEngine()
        var labels = Set<Label>()
        await propertyCheck(count: 200, input: Self.sentence) { text in
            labels.insert(engine.classify(Comment(text: text)).label)
        }
        #expect(labels == Set(Label.builtIn))
    }

    /// Spans lie inside the text, slice it to their `text`, and belong to fired rules.
    static func checkSpans(_ verdict: Verdict, _ text: String) {
        let scalars = Array(text.unicodeScalars)
        for span in verdict.spans {
            #expect(0 <= span.start && span.start < span.end && span.end <= scalars.count)
            guard 0 <= span.start, span.start <= span.end, span.end <= scalars.count else { continue }
            #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text)
            #expect(verdict.rules.contains(span.rule))
        }
    }
}
