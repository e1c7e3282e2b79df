import Testing
@testable import Rapport

@Suite("Evaluation reader")
struct EvaluationReaderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func csvWithQuotesNewlinesCRLFAndBOM() throws {
        let text = "\u{FEFF}id,text,label\r\n1,plain,other\r\n2,\"with, comma and \"\"quotes\"\"\",complaint\r\n3,\"two\nlines\",praise\r\n\r\n4,last,other"
        let dataset = try LabelledRecordReader.readCSV(Self.bytes(text))
        #expect(dataset.problems.isEmpty)
        #expect(dataset.records.map(\.id) == ["1", "2", "3", "4"])
        #expect(dataset.records[1].text == "with, comma and \"quotes\"")
        #expect(dataset.records[2].text == "two\nlines")
        #expect(dataset.records.map(\.line) == [2, 3, 4, 7])
        #expect(dataset.records.map(\.label) == ["other", "complaint", "praise", "other"])
    }

    @Test func csvRowsThatCannotBeUsedAreReportedWithTheirLine() throws {
        let dataset = try LabelledRecordReader.readCSV(Self.bytes("text,label\nok,other\nmissing\n\"empty label\",\n"))
        #expect(dataset.records.count == 1)
        #expect(dataset.problems.map(\.line) == [3, 4])
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: LabelledRecordReader.ReadError.self) { try LabelledRecordReader.readCSV(Self.bytes("text,label\n\"open,other\n")) }
        do {
            _ = try LabelledRecordReader.readCSV(Self.bytes("body,label\nx,y\n"))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1 && error.message.contains("'text'"))
        }
        let custom = try? LabelledRecordReader.readCSV(Self.bytes("body,gold\nx,y\n"), fields: .init(text: "body", label: "gold"))
        #expect(custom?.records.first?.text == "x" && custom?.records.first?.id == "2")
    }

    @Test func jsonLinesWithDottedFieldsAndBadLines() {
        let text = """
        {"id": 7, "text": "hello", "label": "other"}
        not json
        {"post": {"body": "nested"}, "label": "complaint"}

        {"text": "no label"}
        """
        let dataset = LabelledRecordReader.readJSONLines(Self.bytes(text))
        #expect(dataset.records.map(\.id) == ["7"])
        #expect(dataset.problems.map(\.line) == [2, 3, 5])
        let nested = LabelledRecordReader.readJSONLines(Self.bytes(text), fields: .init(text: "post.body"))
        #expect(nested.records.map(\.text) == ["nested"])
        #expect(nested.records.first?.id == "3")
    }
}
