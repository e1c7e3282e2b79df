import Foundation
import Testing

/// What `classify` writes for a record, end to end: one JSON Lines record stays one line for every
/// consumer, and `--keep-fields` copies values exactly as the input wrote them.
@Suite struct OutputEncodingCLITests {
    /// U+0085, U+2028, U+2029 and U+007F in an id, the text and a kept field: escaped in JSON Lines and
    /// JSON, so splitting the output on Unicode line boundaries gives one line per record.
    @Test(arguments: ["jsonl", "json"])
    func unicodeLineBreaksAndDeleteAreEscaped(_ format: String) throws {
        let input = #"{"id":"a\u2028b","text":"where is my parcel\u0085now\u2029\u007f","note":"x\u2028y"}"# + "\n"
            + #"{"id":"2","text":"thanks \u2028 a lot"}"# + "\n"
        let run = try CLI.run(["classify", "--quiet", "--output-format", format, "--keep-fields", "note,text", "-"], stdin: Data(input.utf8))
        #expect(run.status == 0)
        #expect(!run.out.unicodeScalars.contains { [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) })
        #expect(run.out.contains(#""id":"a\u2028b""#))
        #expect(run.out.contains(#""note":"x\u2028y""#))
        #expect(run.out.contains(#""text":"where is my parcel\u0085now\u2029\u007f""#))
        let lines = run.out.split(whereSeparator: \.isNewline)
        #expect(lines.count == (format == "jsonl" ? 2 : 4))
    }

    /// JSON input: numbers keep their literal text (no trip through `Double`), in JSON and CSV output,
    /// on the fast planned path and on the full parse (a repeated member sends the second record there).
    @Test func keptJSONNumbersAreCopiedAsWritten() throws {
        let record = #""id":1234567890123456789,"big":1e400,"f":-0.50,"n":12345678901234567890123,"b":true,"x":null}"#
        let input = #"{"text":"hi","# + record + "\n" + #"{"text":"x","text":"hi","# + record + "\n"
        let fields = #""fields":{"id":1234567890123456789,"big":1e400,"f":-0.50,"n":12345678901234567890123,"b":true,"x":null}"#
        let jsonl = try CLI.run(["classify", "--quiet", "--keep-fields", "id,big,f,n,b,x", "-"], stdin: Data(input.utf8))
        #expect(jsonl.status == 0)
        let lines = jsonl.out.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.hasPrefix(#"{"id":"1234567890123456789","#))
            #expect(line.hasSuffix(fields + "}"))
        }
        let csv = try CLI.run(["classify", "--quiet", "--output-format", "csv", "--keep-fields", "id,big,f,n,b,x", "-"], stdin: Data(input.utf8))
        #expect(csv.status == 0)
        let rows = csv.out.split(separator: "\r\n")
        #expect(rows.count == 3)
        for row in rows.dropFirst() {
            #expect(row.hasPrefix("1234567890123456789,"))
            #expect(row.hasSuffix(",1234567890123456789,1e400,-0.50,12345678901234567890123,true,"))
        }
    }

    /// CSV input: every kept cell is text as written (`02134`, `0x1F`, a 19-digit id), in JSON and CSV output.
    @Test func keptCSVCellsAreCopiedAsWritten() throws {
        let input = "id,text,zip,hex,score\n1234567890123456789,hello,02134,0x1F,1.50\n"
        let jsonl = try CLI.run(["classify", "--quiet", "--input-format", "csv", "--keep-fields", "id,zip,hex,score", "-"], stdin: Data(input.utf8))
        #expect(jsonl.status == 0)
        #expect(jsonl.out.hasSuffix(#""fields":{"id":"1234567890123456789","zip":"02134","hex":"0x1F","score":"1.50"}}"# + "\n"))
        let csv = try CLI.run(["classify", "--quiet", "--input-format", "csv", "--output-format", "csv", "--keep-fields", "id,zip,hex,score", "-"],
                              stdin: Data(input.utf8))
        #expect(csv.status == 0)
        #expect(csv.out.hasSuffix(",1234567890123456789,02134,0x1F,1.50\r\n"))
    }
}
