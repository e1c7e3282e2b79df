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
}
