import Foundation
import Testing
@testable import Rapport

@Suite struct VerdictTests {
    private func verdictEngine(options: Engine.Options = Engine.Options()) throws -> Engine {
        try engine([
            rule("complaint.late", .complaint, weight: 2, match: ["where is my <parcel>", "late"], reply: ["Sorry, {author|there}. \"DM\" us?"]),
            rule("question.where", .question, match: ["where"]),
            rule("e.charge", match: ["chargeback"], escalate: Escalation(level: .high, route: "billing", reason: "Mentions a chargeback")),
        ], lists: ["parcel": ["package", "order"]], options: options)
    }

    @Test func jsonLineHasTheDesignShapeAndKeyOrder() throws {
        let verdict = try verdictEngine().classify(Comment(id: "42", text: "Where is my package?? chargeback", author: "@ana"))
        #expect(verdict.jsonLine == #"{"id":"42","label":"complaint","scores":{"complaint":2,"question":1,"praise":0},"rules":["complaint.late","question.where","e.charge"],"escalation":{"level":"high","route":"billing","reasons":["Mentions a chargeback"]},"suggestions":["Sorry, @ana. \"DM\" us?"],"spans":[{"rule":"complaint.late","start":0,"end":19,"text":"Where is my package"},{"rule":"question.where","start":0,"end":5,"text":"Where"},{"rule":"e.charge","start":22,"end":32,"text":"chargeback"}]}"#)
    }

    @Test func jsonLineIsValidJSONThatDecodesToTheSameVerdict() throws {
        let verdict = try verdictEngine().classify(Comment(id: "a\"b\\c\n\u{1}", text: "late\u{0}\t😀 late", author: "é"))
        let decoded = try JSONDecoder().decode(Verdict.self, from: Data(verdict.jsonLine.utf8))
        #expect(decoded == verdict)
    }

    @Test func jsonLineEscapesDeleteAndUnicodeLineBreaks() throws {
        let verdict = try verdictEngine().classify(Comment(id: "a\u{2028}b", text: "late\u{85}late\u{2029}\u{7F}"))
        #expect(verdict.jsonLine.hasPrefix(#"{"id":"a\u2028b","#))
        #expect(!verdict.jsonLine.unicodeScalars.contains { [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) })
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(verdict.jsonLine.utf8)) == verdict)
        #expect(DiagnosticRenderer.jsonString("x\u{2028}\u{7F}") == #""x\u2028\u007f""#)
    }

    @Test func codableOmitsEmptyEscalationAndFalseTruncation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let verdict = try verdictEngine().classify(Comment(id: "1", text: "hello"))
        let json = String(decoding: try encoder.encode(verdict), as: UTF8.self)
        #expect(json == #"{"id":"1","label":"other","rules":[],"scores":{"complaint":0,"praise":0,"question":0},"spans":[],"suggestions":[]}"#)
        #expect(verdict.jsonLine == #"{"id":"1","label":"other","scores":{"complaint":0,"question":0,"praise":0},"rules":[],"suggestions":[],"spans":[]}"#)
    }

    @Test func spansSliceTheOriginalTextAcrossEmojiAndCombiningMarks() throws {
        let engine = try engine([rule("r", .complaint, match: ["late"]), rule("s", .complaint, match: ["cafe"])])
        let text = "👩‍👩‍👧 e\u{301}\u{301} ﻿عربي late 🇫🇷 late cafe"
        let verdict = engine.classify(Comment(text: text))
        let scalars = Array(text.unicodeScalars)
        #expect(verdict.spans.count == 3)
        for span in verdict.spans {
            #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text)
        }
        #expect(verdict.spans.map(\.text) == ["late", "late", "cafe"])
    }

    @Test func longCommentsAreTruncatedAndFlagged() throws {
        let engine = try verdictEngine(options: Engine.Options(maxScalars: 20))
        let verdict = engine.classify(Comment(text: "where is my order? it is so late"))
        #expect(verdict.truncated == true)
        #expect(verdict.rules == ["complaint.late", "question.where"])
        #expect(verdict.spans.allSatisfy { $0.end <= 20 })
        #expect(verdict.jsonLine.hasSuffix(#","truncated":true}"#))
        let short = engine.classify(Comment(text: "it is so late"))
        #expect(short.truncated == nil)
        let exact = engine.classify(Comment(text: String(repeating: "é", count: 20)))
        #expect(exact.truncated == nil)
    }
}
