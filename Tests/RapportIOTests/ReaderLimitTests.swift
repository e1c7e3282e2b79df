import Foundation
import Testing
@testable import RapportIO

/// The readers' limits (nesting, fields per record) turn a hostile record into an error record that
/// names its line; the records around it are read as usual.
@Suite struct ReaderLimitTests {
    @Test func tenThousandLevelsOfJSONNestingIsOneErrorRecord() throws {
        let deep = "{\"text\":\"deep\",\"x\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        let (_, results) = try readAll("{\"text\":\"a\"}\n\(deep)\n{\"text\":\"b\"}\n", name: "d.jsonl")
        #expect(results.map { $0.comment?.text } == ["a", nil, "b"])
        #expect(results[1].error?.line == 2)
        #expect(results[1].error?.message == "malformed JSON at column 275: nesting deeper than 256 levels (see --limit json-depth=N)")
        // The depth is a setting, and the same document inside a JSON array is refused the same way.
        let shallow = "{\"text\":\"x\",\"y\":[[[1]]]}"
        let (_, limited) = try readAll("[\(shallow)]", name: "a.json", options: InputOptions(maxDepth: 3))
        #expect(limited.first?.error?.message.hasSuffix("nesting deeper than 3 levels (see --limit json-depth=N)") == true)
        let (_, allowed) = try readAll("[\(shallow)]", name: "a.json", options: InputOptions(maxDepth: 4))
        #expect(allowed.first?.comment?.text == "x")
    }

    @Test func fieldsPerJSONRecordCountEveryLevel() throws {
        let nested = "{\"text\":\"t\",\"a\":{\"b\":1,\"c\":[1,2,3]}}"  // text, a, b, c, and three elements: 7
        let (_, ok) = try readAll(nested + "\n", name: "f.jsonl", options: InputOptions(maxFields: 7))
        #expect(ok.first?.comment?.text == "t")
        let (_, refused) = try readAll(nested + "\n" + "{\"text\":\"u\"}\n", name: "f.jsonl", options: InputOptions(maxFields: 6))
        #expect(refused.first?.error == RecordError(line: 1, message: "the record has more than 6 fields (see --limit fields=N)"))
        #expect(refused.last?.comment?.text == "u")
    }

    @Test func csvRowsWithTooManyCellsStopEarly() throws {
        let commas = String(repeating: ",", count: 500_000)
        let (_, results) = try readAll("id,text\n1,hello\n2,x\(commas)\n3,bye\n", name: "c.csv")
        #expect(results.map { $0.comment?.text } == ["hello", nil, "bye"])
        #expect(results[1].error == RecordError(line: 3, message: "the row has more than 2 fields, the header has 2"))
        #expect(CSVRow.split(Array("a,b,c,d,e".utf8), delimiter: UInt8(ascii: ","), maxCells: 3).count == 3)
    }

    @Test func csvHeaderWiderThanTheLimitRefusesTheInput() throws {
        let header = (0..<20).map { "c\($0)" }.joined(separator: ",") + ",text"
        #expect(throws: Never.self) { try readAll(header + "\n", name: "w.csv", options: InputOptions(maxFields: 21)) }
        do {
            _ = try readAll(header + "\n", name: "w.csv", options: InputOptions(maxFields: 20))
            Issue.record("a header over the limit was accepted")
        } catch let error as InputError {
            #expect(error.message == "line 1: the header has more than 20 columns (see --limit fields=N)")
        }
    }
}
