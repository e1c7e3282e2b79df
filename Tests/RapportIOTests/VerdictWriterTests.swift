import Foundation
import Rapport
import Testing
@testable import RapportIO

/// The one verdict writer: key order and shape, escaping, `--fields` subsets, and the CSV columns
/// that share its members.
@Suite struct VerdictWriterTests {
    static let verdict = Verdict(
        id: "42", label: .complaint, scores: ["praise": 0, "complaint": 2, "question": 1.5],
        rules: ["complaint.late", "question.where", "e.charge"],
        escalation: EscalationSummary(level: .high, route: "billing", reasons: ["Mentions a chargeback"]),
        suggestions: ["Sorry, @ana. \"DM\" us?"],
        spans: [Span(rule: "complaint.late", start: 0, end: 19, text: "Where is my package"), Span(rule: "e.charge", start: 22, end: 32, text: "chargeback")])

    @Test func writesTheDocumentedShapeAndKeyOrder() {
        #expect(
            VerdictWriter().json(Self.verdict)
                == #"{"id":"42","label":"complaint","scores":{"complaint":2,"question":1.5,"praise":0},"rules":["complaint.late","question.where","e.charge"],"escalation":{"level":"high","route":"billing","reasons":["Mentions a chargeback"]},"suggestions":["Sorry, @ana. \"DM\" us?"],"spans":[{"rule":"complaint.late","start":0,"end":19,"text":"Where is my package"},{"rule":"e.charge","start":22,"end":32,"text":"chargeback"}]}"#
        )
        var several = Self.verdict
        several.escalation?.routes = ["billing", "legal"]
        several.truncated = true
        several.scores["lead"] = 0.25
        let json = VerdictWriter().json(several, kept: [KeptField(name: "n", value: .number(literal: "1e3")), KeptField(name: "b", value: .bool(false))])
        #expect(json.contains(#""scores":{"complaint":2,"question":1.5,"praise":0,"lead":0.25}"#))
        #expect(json.contains(#""route":"billing","routes":["billing","legal"],"reasons""#))
        #expect(json.hasSuffix(#""truncated":true,"fields":{"n":1e3,"b":false}}"#))
    }

    @Test func outputDecodesToTheSameVerdictWhateverTheText() throws {
        var verdict = Self.verdict
        verdict.id = "a\"b\\c\n\u{1}\u{7F}\u{2028}é😀"
        verdict.suggestions = ["late\u{0}\t\u{85}x"]
        let json = VerdictWriter().json(verdict)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 || [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) })
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(json.utf8)) == verdict)
    }

    @Test func writesOnlyTheChosenMembers() throws {
        let writer = VerdictWriter(fields: try VerdictField.parseList(" ID ,label,escalation"))
        #expect(
            writer.json(Self.verdict) == #"{"id":"42","label":"complaint","escalation":{"level":"high","route":"billing","reasons":["Mentions a chargeback"]}}"#
        )
        var calm = Self.verdict
        calm.escalation = nil
        #expect(writer.json(calm) == #"{"id":"42","label":"complaint"}"#)
        #expect(!writer.needsSuggestions && !writer.needsSpans)
        // Without `id` the first member written has no comma before it; kept fields are still written.
        let labels = VerdictWriter(fields: [.label, .truncated])
        #expect(labels.json(calm, kept: [KeptField(name: "x", value: .null)]) == #"{"label":"complaint","fields":{"x":null}}"#)
        #expect(VerdictWriter(fields: [.spans]).needsSpans)
        #expect(VerdictWriter().needsSuggestions && VerdictWriter().needsSpans)
        var error = ByteWriter()
        JSONLinesEncoder(fields: [.label]).encode(.error(RecordError(line: 3, message: "bad"), input: "a.jsonl"), into: &error)
        #expect(String(decoding: error.bytes, as: UTF8.self) == #"{"file":"a.jsonl","line":3,"error":"bad"}"# + "\n")
    }

    @Test func tagsAndRouteComeAfterTheRulesOnlyWhenThereAreAny() throws {
        var routed = Self.verdict
        routed.escalation = nil
        routed.suggestions = []
        routed.spans = []
        routed.label = Label(rawValue: "outage")
        routed.tags = ["incident", "network"]
        routed.route = "noc"
        #expect(
            VerdictWriter().json(routed)
                == #"{"id":"42","label":"outage","scores":{"complaint":2,"question":1.5,"praise":0},"rules":["complaint.late","question.where","e.charge"],"tags":["incident","network"],"route":"noc","suggestions":[],"spans":[]}"#
        )
        #expect(VerdictWriter(fields: try VerdictField.parseList("id,route")).json(routed) == #"{"id":"42","route":"noc"}"#)
        #expect(try JSONDecoder().decode(Verdict.self, from: Data(VerdictWriter().json(routed).utf8)) == routed)
        routed.route = nil
        #expect(VerdictWriter(fields: [.tags, .route]).json(routed) == #"{"tags":["incident","network"]}"#)
        routed.tags = nil
        #expect(VerdictWriter(fields: [.id, .tags, .route]).json(routed) == #"{"id":"42"}"#)
    }

    @Test func unknownFieldNamesListTheValidOnes() {
        #expect(throws: UnknownVerdictField(name: "labels")) { try VerdictField.parseList("id,labels") }
        #expect(throws: UnknownVerdictField(name: "")) { try VerdictField.parseList("id,,label") }
        #expect(
            UnknownVerdictField(name: "labels").description
                == "unknown field 'labels'; the fields are id, label, scores, rules, tags, route, escalation, suggestions, spans, truncated")
    }

    // MARK: CSV

    static func rows(_ encoder: CSVEncoder, _ outcomes: [RecordOutcome]) -> [[String]] {
        var out = ByteWriter()
        for outcome in outcomes { encoder.encode(outcome, into: &out) }
        let text = String(decoding: encoder.prologue() + out.bytes, as: UTF8.self)
        return text.split(separator: "\r\n").map { CSVRow.split(Array($0.utf8), delimiter: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func csvHasTextAndAuthorColumnsByDefault() {
        let comment = Comment(id: "42", text: "Where is my package?? chargeback", author: "ana")
        let rows = Self.rows(CSVEncoder(), [.verdict(Self.verdict, comment: comment, kept: []), .error(RecordError(line: 2, message: "bad"), input: nil)])
        #expect(
            rows[0] == [
                "id", "label", "complaint", "question", "praise", "escalation_level", "escalation_route", "escalation_reasons",
                "suggestion", "rules", "text", "author", "error",
            ])
        #expect(
            rows[1] == [
                "42", "complaint", "2", "1.5", "0", "high", "billing", "Mentions a chargeback", "Sorry, @ana. \"DM\" us?",
                "complaint.late question.where e.charge", "Where is my package?? chargeback", "ana", "",
            ])
        #expect(rows[2] == Array(repeating: "", count: 12) + ["line 2: bad"])
        #expect(CSVEncoder().writtenFields == [.id, .label, .scores, .escalation, .suggestions, .rules])  // never spans
    }

    @Test func csvColumnsAreChosenInOrderWithTheErrorColumnAlwaysWritten() throws {
        let columns = try CSVEncoder.Column.parseList("text, label")
        let encoder = CSVEncoder(columns: columns)
        let comment = Comment(id: "1", text: "=1+1", author: nil)
        let rows = Self.rows(encoder, [.verdict(Self.verdict, comment: comment, kept: []), .error(RecordError(line: 9, message: "x"), input: "in.csv")])
        #expect(rows == [["text", "label", "error"], ["'=1+1", "complaint", ""], ["", "", "in.csv: line 9: x"]])
        #expect(encoder.writtenFields == [.label])
        #expect(throws: UnknownCSVColumn(name: "txt", repeated: false)) { try CSVEncoder.Column.parseList("id,txt") }
        #expect(throws: UnknownCSVColumn(name: "id", repeated: true)) { try CSVEncoder.Column.parseList("id,label,id") }
        #expect(
            CSVEncoder.Column.showing([.id, .label, .escalation]).map(\.rawValue)
                == ["id", "label", "escalation_level", "escalation_route", "escalation_reasons", "error"])
    }

    @Test func csvColumnNamesAreUnique() {
        let encoder = CSVEncoder(columns: [.id, .text], keptFields: ["text", "note", "note", "field.text"])
        #expect(encoder.header == ["id", "text", "error", "field.text", "note", "note_2", "field.text_2"])
        #expect(Set(encoder.header).count == encoder.header.count)
    }
}
