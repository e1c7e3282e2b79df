import Foundation
import Rapport
import Testing
@testable import RapportIO

/// Reads everything from a temporary file through InputSource, as the pipeline does.
func readAll(
    _ content: [UInt8], name: String = "input", options: InputOptions = InputOptions(),
    mayBlock: Bool = true
) throws -> (format: InputFormat, results: [Result<DecodedRecord, RecordError>]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent(name)
    try Data(content).write(to: url)
    let source = try InputSource.open(url.path, options: options)
    var results: [Result<DecodedRecord, RecordError>] = []
    loop: while true {
        switch try source.next(mayBlock: mayBlock) {
        case .record(let raw): results.append(source.decoder.decode(raw))
        case .end: break loop
        case .wouldBlock: continue
        }
    }
    return (source.format, results)
}

func readAll(_ text: String, name: String = "input", options: InputOptions = InputOptions()) throws -> (
    format: InputFormat, results: [Result<DecodedRecord, RecordError>]
) {
    try readAll(Array(text.utf8), name: name, options: options)
}

extension Result where Success == DecodedRecord, Failure == RecordError {
    var comment: Rapport.Comment? { if case .success(let d) = self { d.comment } else { nil } }
    var error: RecordError? { if case .failure(let e) = self { e } else { nil } }
}

@Suite("Readers")
struct ReaderTests {
    @Test func jsonLinesWithPositionsBlankLinesAndCRLF() throws {
        let (format, results) = try readAll(
            "{\"text\":\"one\"}\r\n\n{\"id\":\"x7\",\"text\":\"two\"}\n   \n\"three\"\n{\"text\": bad}\n{\"text\":\"no newline\"}",
            name: "a.jsonl")
        #expect(format == .jsonl)
        #expect(results.map { $0.comment?.id } == ["1", "x7", "5", nil, "7"])
        #expect(results.map { $0.comment?.text } == ["one", "two", "three", nil, "no newline"])
        #expect(results[3].error == RecordError(line: 6, message: "malformed JSON at column 10: unexpected 'b', expected a value"))
    }

    @Test func flattensNestedFieldsAndAliasesFollowers() throws {
        let line = #"{"id_str":"9","id":9,"full_text":"hi &amp; bye","text":"hi…","user":{"screen_name":"ana","followers_count":15000},"likes":3,"tags":["a"]}"#
        let (_, results) = try readAll(line + "\n", name: "t.jsonl")
        let comment = try #require(results.first?.comment)
        #expect(comment.id == "9")
        #expect(comment.text == "hi &amp; bye")
        #expect(comment.author == "ana")
        #expect(comment.fields["user.followers_count"] == FieldValue.number(15000))
        #expect(comment.fields["author.followers"] == FieldValue.number(15000))
        #expect(comment.fields["likes"] == FieldValue.number(3))
        #expect(comment.fields["full_text"] == nil)
        #expect(comment.fields["tags"] == nil)
    }

    @Test func explicitFieldPathsAndKeptFields() throws {
        let line = #"{"snippet":{"topLevelComment":{"snippet":{"textDisplay":"nice","authorDisplayName":"@bo","likeCount":4}}},"id":"Ug1"}"#
        let options = InputOptions(
            mapping: FieldMapping(
                textField: "snippet.topLevelComment.snippet.textDisplay",
                authorField: "snippet.topLevelComment.snippet.authorDisplayName"),
            keepFields: ["snippet.topLevelComment.snippet.likeCount", "snippet.topLevelComment.snippet.textDisplay", "nope"])
        let (_, results) = try readAll(line + "\n", name: "y.jsonl", options: options)
        let decoded = try results[0].get()
        #expect(decoded.comment.text == "nice")
        #expect(decoded.comment.author == "@bo")
        #expect(decoded.kept.map(\.value) == [.number(literal: "4"), .string("nice"), .null])
    }

    @Test func jsonArrayIsStreamedElementByElement() throws {
        let text = "[\n {\"text\": \"a\"},\n {\"body\": \"b, [with] {brackets} \\\" and quote\"},\n 42,\n \"bare\"\n]\n"
        let (format, results) = try readAll(text, name: "a.json")
        #expect(format == .json)
        #expect(results.map { $0.comment?.text } == ["a", "b, [with] {brackets} \" and quote", nil, "bare"])
        #expect(results.map { $0.comment?.id } == ["1", "2", nil, "4"])
        #expect(results[2].error == RecordError(line: 4, message: "the record is a number, not an object or a string"))
    }

    @Test(arguments: ["data", "items"])
    func wrapperObjectsAreFound(_ key: String) throws {
        let text = "{\"meta\": {\"n\": [1, 2]}, \"kind\": \"x\", \"\(key)\": [{\"message\": \"m1\"}, {\"message\": \"m2\"}], \"paging\": {}}"
        let (format, results) = try readAll(text, name: "w.json")
        #expect(format == .json)
        #expect(results.map { $0.comment?.text } == ["m1", "m2"])
    }

    @Test func wrapperWithoutRecordsIsAnInputError() {
        #expect(throws: InputError.self) { try readAll("{\n  \"meta\": 1,\n  \"other\": [1]\n}\n", name: "w.json") }
        #expect(throws: InputError.self) {
            try readAll("{\"meta\": 1, \"other\": [1]}", name: "w.json", options: InputOptions(format: .json))
        }
    }

    @Test func truncatedArrayEndsWithAnErrorRecord() throws {
        let (_, results) = try readAll("[{\"text\": \"a\"}, {\"text\": \"cut of", name: "t.json")
        #expect(results.count == 2)
        #expect(results[1].error?.message == "the input ends inside this record (truncated file?)")
    }

    @Test func csvWithBOMCRLFQuotedNewlinesAndShortRows() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,text,likes\r\n1,\"multi\r\nline, \"\"quoted\"\"\",5\r\n2,short\r\n3,plain,x\r\n".utf8)
        let (format, results) = try readAll(bytes, name: "c.csv")
        #expect(format == .csv)
        #expect(results.map { $0.comment?.text } == ["multi\r\nline, \"quoted\"", nil, "plain"])
        #expect(results[0].comment?.fields["likes"] == FieldValue.number(5))
        #expect(results[1].error == RecordError(line: 4, message: "the row has 2 fields, the header has 3"))
        #expect(results[2].comment?.id == "3")
    }

    @Test func csvQuoteInsideACellIsLiteral() throws {
        let (_, results) = try readAll("text,n\nthe 5\" screen,1\nnext,2\n", name: "q.csv")
        #expect(results.map { $0.comment?.text } == ["the 5\" screen", "next"])
    }

    @Test func csvNotUTF8IsRepairedAsWindows1252() throws {
        let bytes: [UInt8] = Array("text\n".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x6F, 0x6B, 0x94] + [0x0A]
        let (_, results) = try readAll(bytes, name: "l.csv")
        let decoded = try results[0].get()
        #expect(decoded.comment.text == "café \u{201C}ok\u{201D}")
        #expect(decoded.repaired)
    }

    @Test func csvWithoutTextColumnIsAnInputError() {
        #expect(throws: InputError.self) { try readAll("a,b\n1,2\n", name: "n.csv") }
    }

    @Test func tsvAndPlainText() throws {
        let (format, results) = try readAll("id\tcomment\nk1\thello, world\n", name: "r.tsv")
        #expect(format == .tsv)
        #expect(results.map { $0.comment?.text } == ["hello, world"])
        let (textFormat, lines) = try readAll("first line\n\nthird line\n", name: "c.txt")
        #expect(textFormat == .text)
        #expect(lines.map { $0.comment?.id } == ["1", "3"])
    }

    @Test(arguments: [
        ("{\"text\": \"a\"}\n{\"text\": \"b\"}\n", InputFormat.jsonl),
        ("{\"data\": [{\"text\": \"a\"}]}", .json),
        ("{\n  \"items\": [\n", .json),
        ("[{\"text\": \"a\"}]", .json),
        ("id,text,likes\n1,a,2\n", .csv),
        ("id\ttext\n1\ta\n", .tsv),
        ("hello there, how are you\n", .text),
    ])
    func sniffsFormatWithoutExtension(_ text: String, _ expected: InputFormat) {
        let first = Array(text.utf8.prefix { $0 != 0x0A })
        #expect(InputFormat.sniff(firstLine: first, textColumns: FieldMapping.defaultTextPaths) == expected)
    }

    @Test func overlongLinesBecomeErrorsWithoutStoppingTheInput() throws {
        let long = "{\"text\": \"" + String(repeating: "x", count: 5000) + "\"}"
        let options = InputOptions(maxRecordBytes: 1024)
        let (_, results) = try readAll("{\"text\":\"a\"}\n\(long)\n{\"text\":\"b\"}\n", name: "l.jsonl", options: options)
        #expect(results.map { $0.comment?.text } == ["a", nil, "b"])
        #expect(results[1].error == RecordError(line: 2, message: "the record is longer than 1024 bytes (see --max-record-bytes)"))
        // Longer than the read buffer too: skipped without being buffered whole.
        let huge = "{\"text\": \"" + String(repeating: "y", count: 300_000) + "\"}"
        let (_, more) = try readAll("\(huge)\n{\"text\":\"c\"}\n", name: "h.jsonl", options: options)
        #expect(more.map { $0.error?.line } == [1, nil])
        #expect(more.last?.comment?.text == "c")
    }
}
