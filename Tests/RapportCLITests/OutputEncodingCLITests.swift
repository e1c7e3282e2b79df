import Foundation
import Testing

/// What `classify` writes for a record, end to end: one JSON Lines record stays one line for every
/// consumer, and `--keep-fields` copies values exactly as the input wrote them.
@Suite struct OutputEncodingCLITests {
    /// U+0085, U+2028, U+2029 and U+007F in an id, the text and a kept field: escaped in JSON Lines and
    /// JSON, so splitting the output on Unicode line boundaries gives one line per record.
    @Test(arguments: ["jsonl", "json"])
    func unicodeLineBreaksAndDeleteAreEscaped(_ format: String) throws {
        let input =
            #"{"id":"a\u2028b","text":"where is my parcel\u0085now\u2029\u007f","note":"x\u2028y"}"# + "\n"
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
        let csv = try CLI.run(
            ["classify", "--quiet", "--input-format", "csv", "--output-format", "csv", "--keep-fields", "id,zip,hex,score", "-"],
            stdin: Data(input.utf8))
        #expect(csv.status == 0)
        #expect(csv.out.hasSuffix(",1234567890123456789,02134,0x1F,1.50\r\n"))
    }

    /// `--fields` writes only the chosen members, in JSON Lines, JSON and CSV; the rest of the run is unchanged.
    @Test func fieldsWriteOnlyTheChosenMembers() throws {
        let input = #"{"id":"a","text":"I will sue you, where is my parcel??"}"# + "\n" + #"{"id":"b","text":"thanks a lot"}"# + "\n" + "not json\n"
        let jsonl = try CLI.run(["classify", "--quiet", "--fields", "id,label,escalation", "-"], stdin: Data(input.utf8))
        #expect(jsonl.status == 65)
        let lines = jsonl.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(#"{"id":"a","label":"complaint","escalation":{"level":"critical""#))
        #expect(lines[1] == #"{"id":"b","label":"praise"}"#)
        #expect(lines[2].hasPrefix(#"{"line":3,"error":"#))
        let json = try CLI.run(["classify", "--quiet", "--output-format", "json", "--fields", "label", "-"], stdin: Data(input.utf8))
        #expect(json.out.hasPrefix("[\n" + #"{"label":"complaint"}"# + ",\n" + #"{"label":"praise"}"#))
        let csv = try CLI.run(["classify", "--quiet", "--output-format", "csv", "--fields", "id,label", "-"], stdin: Data(input.utf8))
        let rows = csv.out.split(separator: "\r\n").map(String.init)
        #expect(rows.prefix(3) == ["id,label,error", "a,complaint,", "b,praise,"])
        #expect(rows.count == 4 && rows[3].hasPrefix(",,") && rows[3].contains("line 3: "))
    }

    @Test func unknownFieldsAndColumnsAreUsageErrorsNamingTheValidOnes() throws {
        let fields = try CLI.run(["classify", "--quiet", "--fields", "id,lable", "-"], stdin: Data("hi\n".utf8))
        #expect(fields.status == 64)
        #expect(fields.err.contains("unknown field 'lable'; the fields are id, label, scores, rules, tags, route, escalation, suggestions, spans, truncated"))
        let columns = try CLI.run(["classify", "--quiet", "--output-format", "csv", "--columns", "id,txt", "-"], stdin: Data("hi\n".utf8))
        #expect(columns.status == 64)
        #expect(columns.err.contains("unknown column 'txt'; the columns are id, label,"))
        let notCSV = try CLI.run(["classify", "--quiet", "--columns", "id", "-"], stdin: Data("hi\n".utf8))
        #expect(notCSV.status == 64)
        let table = try CLI.run(["classify", "--quiet", "--output-format", "table", "--fields", "id", "-"], stdin: Data("hi\n".utf8))
        #expect(table.status == 64)
    }

    /// CSV output carries the comment's text and author by default; `--columns` chooses and orders them.
    @Test func csvTextAndAuthorColumns() throws {
        let input = "id,text,author\n7,\"where is my parcel, please\",ana\n"
        let all = try CLI.run(["classify", "--quiet", "--input-format", "csv", "--output-format", "csv", "-"], stdin: Data(input.utf8))
        let rows = all.out.split(separator: "\r\n").map(String.init)
        #expect(rows[0].hasSuffix(",suggestion,rules,text,author,error"))
        #expect(rows[1].hasSuffix(#","where is my parcel, please",ana,"#))
        let chosen = try CLI.run(
            [
                "classify", "--quiet", "--input-format", "csv", "--output-format", "csv", "--columns", "author,text",
                "--keep-fields", "text", "-",
            ], stdin: Data(input.utf8))
        #expect(chosen.status == 0)
        #expect(chosen.out == "author,text,error,field.text\r\n" + #"ana,"where is my parcel, please",,"where is my parcel, please""# + "\r\n")
    }
}
