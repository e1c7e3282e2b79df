import Foundation
import Testing
@testable import Rapport

@Suite struct VerdictTests {
    private func verdictEngine(options: Engine.Options = Engine.Options()) throws -> Engine {
        try engine(
            [
                rule("complaint.late", .complaint, weight: 2, match: ["where is my <parcel>", "late"], reply: ["Sorry, {author|there}. \"DM\" us?"]),
                rule("question.where", .question, match: ["where"]),
                rule("e.charge", match: ["chargeback"], escalate: Escalation(level: .high, route: "billing", reason: "Mentions a chargeback")),
            ], lists: ["parcel": ["package", "order"]], options: options)
    }

    /// Diagnostics as JSON go through the verdicts' escaper (RapportSupport's `JSONEscaping`).
    @Test func diagnosticJSONEscapesDeleteAndUnicodeLineBreaks() {
        #expect(DiagnosticRenderer.jsonString("x\u{2028}\u{7F}") == #""x\u2028\u007f""#)
    }

    @Test func codableOmitsEmptyEscalationAndFalseTruncation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let verdict = try verdictEngine().classify(Comment(id: "1", text: "hello"))
        let json = String(decoding: try encoder.encode(verdict), as: UTF8.self)
        #expect(json == #"{"id":"1","label":"other","rules":[],"scores":{"complaint":0,"praise":0,"question":0},"spans":[],"suggestions":[]}"#)
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
        let short = engine.classify(Comment(text: "it is so late"))
        #expect(short.truncated == nil)
        let exact = engine.classify(Comment(text: String(repeating: "é", count: 20)))
        #expect(exact.truncated == nil)
    }
}
