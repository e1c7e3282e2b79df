import Testing
@testable import RapportIO

/// `InputOptions.firstLine` (`classify --first-line`): a piece of a file numbered as in the whole file.
@Suite("First line")
struct FirstLineTests {
    @Test func jsonLinesPositionalIdsAndErrorsStartAtFirstLine() throws {
        let piece = "{\"text\":\"one\"}\n\n{\"text\": bad}\n{\"id\":\"x\",\"text\":\"two\"}\n"
        let (_, results) = try readAll(Array(piece.utf8), name: "p.jsonl", options: InputOptions(firstLine: 101))
        #expect(results.map { $0.comment?.id } == ["101", nil, "x"])
        #expect(results[1].error?.line == 103)
    }

    @Test func csvHeaderTakesFirstLineAndRowsFollow() throws {
        let piece = "id,text\n,\"multi\nline\"\n,plain\n"
        let (_, results) = try readAll(Array(piece.utf8), name: "p.csv", options: InputOptions(firstLine: 50))
        #expect(results.map { $0.comment?.id } == ["51", "53"])
    }

    @Test func textLinesAreNumberedFromFirstLine() throws {
        let (_, results) = try readAll(Array("a\nb\n".utf8), name: "p.txt", options: InputOptions(firstLine: 7))
        #expect(results.map { $0.comment?.id } == ["7", "8"])
    }
}
