import Testing
@testable import RapportIO

/// Broken records found by the no-loss property test and the fuzzers, kept as regression tests.
@Suite struct BrokenRecordRegressionTests {
    /// A byte-order mark before an element of a JSON array used to split that element into four
    /// records (the BOM and the object's first key, then each piece after it).
    @Test func bomBeforeAnArrayElementIsOneErrorRecord() throws {
        let input = "[\n{\"id\":\"a\",\"text\":\"one\"},\n\u{FEFF}{\"id\":\"b\",\"text\":\"two\"},\n{\"id\":\"c\",\"text\":\"three\"}\n]\n"
        let (_, results) = try readAll(input, name: "bom.json")
        #expect(results.map { $0.comment?.id } == ["a", nil, "c"])
        #expect(results[1].error == RecordError(line: 3, message: "malformed JSON at column 1: unexpected byte 0xEF, expected a value"))
    }

    /// Garbage that is not a value runs to the next comma outside brackets and strings: one record.
    @Test func garbageElementsEndAtTheNextComma() throws {
        let (_, results) = try readAll("[x{\"a\":[1,2],\"b\":\"]\"}, {\"text\":\"ok\"}, 12 ]", name: "g.json")
        #expect(results.count == 3)
        #expect(results[0].error != nil)
        #expect(results[1].comment?.text == "ok")
        #expect(results[2].error?.message == "the record is a number, not an object or a string")
    }

    /// A JSON Lines record longer than the sniffed first line (stdin, no extension) used to make the
    /// whole input read as a JSON wrapper object and be refused: now it is one error record.
    @Test func longFirstJSONLinesRecordWithoutExtensionIsOneErrorRecord() throws {
        let long = "{\"text\":\"" + String(repeating: "k", count: 100_000) + "\"}"
        let (format, results) = try readAll(long + "\n{\"text\":\"next\"}\n", name: "input", options: InputOptions(maxRecordBytes: 4096))
        #expect(format == .jsonl)
        #expect(results.map { $0.error?.line } == [1, nil])
        #expect(results.last?.comment?.text == "next")
    }

    /// A minified wrapper object (`{"data":[...]}` on one line) is still a JSON array of records, whether
    /// its line fits the sniffed prefix or not.
    @Test func minifiedWrapperObjectsAreStillArrays() throws {
        let records = Array(repeating: "{\"text\":\"hello there\"}", count: 5_000).joined(separator: ",")
        for (wrapper, limit) in [("{\"paging\":{\"next\":\"x\"},\"data\":[\(records)]}", 1 << 20), ("{\"data\":[\(records)],\"paging\":{}}", 4096)] {
            let (format, results) = try readAll(wrapper, name: "input", options: InputOptions(maxRecordBytes: limit))
            #expect(format == .json)
            #expect(results.count == 5_000)
            #expect(results.allSatisfy { $0.comment?.text == "hello there" })
        }
        #expect(InputFormat.opensRecordArray(Array("{\"a\":{\"data\":[1]},\"items\" : [".utf8)))
        #expect(!InputFormat.opensRecordArray(Array("{\"a\":{\"data\":[1]},\"text\":\"[".utf8)))
        #expect(!InputFormat.opensRecordArray(Array("{\"text\":\"\\\"data\\\":[".utf8)))
    }

    /// An endless key in a wrapper object stops at the record limit instead of being buffered whole.
    @Test func endlessWrapperKeyIsRefusedAtTheRecordLimit() throws {
        let input = "{\n\"" + String(repeating: "k", count: 200_000) + "\": 1, \"data\": [{\"text\":\"a\"}]}"
        #expect(throws: InputError.self) { try readAll(input, name: "input", options: InputOptions(format: .json, maxRecordBytes: 4096)) }
    }
}
