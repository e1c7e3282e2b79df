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
}
