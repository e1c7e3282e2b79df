import Foundation
import Rapport
import Testing
@testable import RapportIO

/// `LabelledInput` reads labelled files through the classify readers: every format, the field
/// mapping, and each unusable record named with its line.
@Suite("Labelled input")
struct LabelledInputTests {
    /// Reads `content` written to a temporary file called `name`.
    static func read(
        _ content: String, name: String, options: InputOptions = InputOptions(), fields: LabelledFields = LabelledFields(),
        demand: FieldDemand = FieldDemand(keys: [])
    ) throws(InputError) -> LabelledDataset {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-labelled-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try? Data(content.utf8).write(to: url)
        return try LabelledInput.read(url.path, options: options, fields: fields, demand: demand)
    }

    @Test func csvWithQuotesNewlinesCRLFBOMAndOtherFields() throws {
        let text =
            "\u{FEFF}id,text,label,author,likes\r\n1,plain,other,ann,3\r\n2,\"with, comma and \"\"quotes\"\"\",complaint,,\r\n3,\"two\nlines\",praise,bo,\r\n4,last,Other,,7"
        let dataset = try Self.read(text, name: "a.csv")
        #expect(dataset.problems.isEmpty)
        #expect(dataset.records.map(\.id) == ["1", "2", "3", "4"])
        #expect(dataset.records[1].text == "with, comma and \"quotes\"")
        #expect(dataset.records[2].text == "two\nlines")
        #expect(dataset.records.map(\.line) == [2, 3, 4, 6])
        #expect(dataset.records.map(\.label) == ["other", "complaint", "praise", "Other"])
        #expect(dataset.records.map(\.comment.author) == ["ann", nil, "bo", nil])
        #expect(dataset.records[0].comment.fields["likes"] == .number(3))
        #expect(dataset.records.allSatisfy { $0.escalation == nil && $0.route == nil })
    }

    @Test func jsonLinesArraysAndWrappersGiveTheSameRecords() throws {
        let objects = [
            #"{"id": "a", "text": "hello", "label": "other", "author": {"name": "ann", "followers": 12000}, "escalation": "none", "route": "none"}"#,
            #"{"id": 7, "body": "nested text", "label": "complaint", "escalation": "High", "route": "Churn"}"#,
        ]
        let mapping = FieldMapping(textField: nil)
        let lines: String = objects.joined(separator: "\n")
        let array: String = "[" + objects.joined(separator: ",\n") + "]"
        let wrapper: String = "{\"data\": [" + objects.joined(separator: ",") + "]}"
        let inputs: [(String, String)] = [("a.jsonl", lines), ("a.json", array), ("b.json", wrapper)]
        for (name, content) in inputs {
            let dataset = try Self.read(content, name: name, options: InputOptions(mapping: mapping), demand: FieldDemand(keys: ["author.followers"]))
            #expect(dataset.problems.isEmpty, "\(name)")
            #expect(dataset.records.map(\.id) == ["a", "7"], "\(name)")
            #expect(dataset.records.map(\.text) == ["hello", "nested text"], "\(name)")
            #expect(dataset.records.map(\.label) == ["other", "complaint"], "\(name)")
            #expect(dataset.records.map(\.escalation) == ["none", "high"], "\(name)")
            #expect(dataset.records.map(\.route) == ["none", "churn"], "\(name)")
            #expect(dataset.records[0].comment.author == "ann", "\(name)")
            #expect(dataset.records[0].comment.fields["author.followers"] == .number(12000), "\(name)")
        }
    }

    @Test func unusableRecordsAreNamedWithTheirLine() throws {
        let text = """
            {"id": 7, "text": "hello", "label": "other"}
            not json
            {"post": {"body": "nested"}, "label": "complaint"}

            {"text": "no label"}
            {"text": "bad level", "label": "other", "escalation": "urgent"}
            {"text": "number label", "label": 1}
            """
        let dataset = try Self.read(text, name: "a.jsonl", options: InputOptions(mapping: FieldMapping(textField: "text")))
        // The second id is the line number (no id field), as classify gives it.
        #expect(dataset.records.map(\.id) == ["7", "7"])
        #expect(dataset.records.map(\.text) == ["hello", "number label"])
        #expect(dataset.records.map(\.label) == ["other", "1"])
        #expect(dataset.problems.map(\.line) == [2, 3, 5, 6])
        #expect(dataset.problems[0].message.contains("malformed JSON"))
        #expect(dataset.problems[1].message == "no field 'text'")
        #expect(dataset.problems[2].message == "no 'label' field, or it is empty")
        #expect(dataset.problems[3].message == "'escalation' is 'urgent', not one of none, low, medium, high, critical")
        let nested = try Self.read(text, name: "a.jsonl", options: InputOptions(mapping: FieldMapping(textField: "post.body")))
        #expect(nested.records.map(\.text) == ["nested"])
        #expect(nested.records.first?.id == "3")
    }

    @Test func aFileWithoutTextOrLabelColumnOrOfPlainTextIsRefused() {
        #expect(throws: InputError.self) { try Self.read("body,label\nx,y\n", name: "a.csv", options: InputOptions(mapping: FieldMapping(textField: "text"))) }
        do {
            _ = try Self.read("text,kind\nx,y\n", name: "a.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "line 1: no 'label' column in the header (columns: text, kind)")
        }
        let custom = try? Self.read(
            "body\tgold\nx\ty\n", name: "a.tsv", options: InputOptions(mapping: FieldMapping(textField: "body")),
            fields: LabelledFields(label: "gold"))
        #expect(custom?.records.first?.text == "x" && custom?.records.first?.id == "2" && custom?.records.first?.label == "y")
        #expect(throws: InputError.self) { try Self.read("just a line\n", name: "a.txt") }
    }
}
