import Foundation
import Rapport
import Testing
@testable import RapportIO

/// Output that cannot be turned against its reader: spreadsheets do not execute cells, terminals do
/// not obey escape sequences, and JSON is always valid UTF-8, whatever the comments held.
@Suite struct OutputSafetyTests {
    /// Comment text a hostile author might send: terminal escapes (clear screen, title, hyperlink,
    /// 8-bit CSI), bidirectional overrides, C0/C1 controls, NUL.
    static let hostileText =
        "hi\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\"
        + "\u{9B}31m\u{202E}txt.exe\u{202C}\u{0}\u{7}\u{8}\u{7F}\r\nnext line\u{85}end"

    static func verdict(id: String, suggestion: String, route: String = "support") -> Verdict {
        Verdict(
            id: id, label: .complaint, scores: ["complaint": 2, "question": 0, "praise": 0], rules: ["complaint.x"],
            escalation: EscalationSummary(level: .high, route: route, reasons: ["=HYPERLINK(\"http://evil\")"]),
            suggestions: [suggestion], spans: [])
    }

    // MARK: CSV

    @Test(arguments: ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
    func csvNeutralisesFormulaCells(_ payload: String) {
        let encoder = CSVEncoder(keptFields: ["note"])
        var writer = ByteWriter()
        let comment = Comment(id: payload, text: payload)
        encoder.encode(
            .verdict(
                Self.verdict(id: payload, suggestion: payload), comment: comment,
                kept: [KeptField(name: "note", value: .string(payload))]), into: &writer)
        encoder.encode(.error(RecordError(line: 3, message: "x"), input: payload), into: &writer)
        let out = writer.bytes
        let rows = CSVRow.split(Array(out.split(separator: 0x0A, omittingEmptySubsequences: false)[0].dropLast()), delimiter: UInt8(ascii: ","))
        let cells = rows.map { String(decoding: $0, as: UTF8.self) }
        #expect(cells[0] == "'" + payload)  // id
        #expect(cells[7] == "'=HYPERLINK(\"http://evil\")")  // escalation reasons
        #expect(cells[8] == "'" + payload)  // suggestion
        #expect(cells.last == "'" + payload)  // kept field
        for cell in cells {
            guard let first = cell.unicodeScalars.first else { continue }
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "cell \(cell.debugDescription) would be executed")
        }
    }

    @Test func csvKeepsNumbersAndPlainTextAsTheyAre() {
        var out = ByteWriter()
        CSVEncoder.appendCell(["hello, \"you\""], separator: "", delimiter: UInt8(ascii: ","), into: &out)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "\"hello, \"\"you\"\"\"")
        let encoder = CSVEncoder(keptFields: ["n"])
        var row = ByteWriter()
        encoder.encode(
            .verdict(
                Self.verdict(id: "7", suggestion: "ok"), comment: Comment(text: "x"),
                kept: [KeptField(name: "n", value: .number(literal: "-3"))]), into: &row)
        #expect(String(decoding: row.bytes, as: UTF8.self).hasSuffix(",-3\r\n"))  // a number, not text: nothing to neutralise
    }

    // MARK: Terminal table

    static func assertTerminalSafe(_ output: String, colour: Bool, _ context: String) {
        var scalars = output.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s == "\u{1B}" {
                // Only the table's own SGR colour codes: ESC [ digits/semicolons m.
                #expect(colour, "an escape in uncoloured output (\(context))")
                #expect(scalars.next() == "[", "a non-CSI escape (\(context))")
                while let c = scalars.next(), c != "m" {
                    #expect(("0"..."9").contains(c) || c == ";", "escape sequence with \(c.debugDescription) (\(context))")
                }
                continue
            }
            #expect(s == "\n" || !(s.value < 0x20 || (0x7F...0x9F).contains(s.value)), "control \(s.debugDescription) (\(context))")
            #expect(!(0x202A...0x202E).contains(s.value) && !(0x2066...0x2069).contains(s.value), "bidi control (\(context))")
        }
        #expect(!output.contains("pwned") || !output.contains("\u{1B}]"), "a title sequence survived (\(context))")
    }

    @Test(arguments: [false, true])
    func tableStripsEscapesAndControlsFromCommentText(colour: Bool) {
        let encoder = TableEncoder(width: 200, color: colour)
        var out = ByteWriter()
        let comment = Comment(id: Self.hostileText, text: Self.hostileText, author: Self.hostileText)
        encoder.encode(
            .verdict(
                Self.verdict(id: Self.hostileText, suggestion: "Sorry " + Self.hostileText, route: Self.hostileText),
                comment: comment, kept: []), into: &out)
        encoder.encode(.error(RecordError(line: 2, message: Self.hostileText), input: Self.hostileText), into: &out)
        let text = String(decoding: encoder.prologue() + out.bytes, as: UTF8.self)
        Self.assertTerminalSafe(text, colour: colour, "table")
        #expect(text.contains("click"))  // visible text is kept
        #expect(text.split(separator: "\n").count == 4)  // header, row, suggestion, error: a CR/LF in a comment adds no line
    }

    @Test func sanitizeRemovesEverySequenceKind() {
        #expect(TerminalText.sanitize("a\u{1B}[1;31mred\u{1B}[0m b") == "ared b")
        #expect(TerminalText.sanitize("\u{1B}]0;title\u{07}x") == "x")
        #expect(TerminalText.sanitize("\u{1B}]8;;http://e\u{1B}\\link\u{1B}]8;;\u{1B}\\") == "link")
        #expect(TerminalText.sanitize("a\tb\r\nc\u{2028}d") == "a b c d")
        #expect(TerminalText.sanitize("\u{202E}abc\u{202C}\u{0}\u{9B}") == "abc")
        #expect(TerminalText.sanitize("unterminated \u{1B}[") == "unterminated ")
    }

    // MARK: JSON

    @Test func jsonOutputIsValidUTF8AndParsesWhateverTheText() throws {
        var everything = String.UnicodeScalarView()
        for v in 0..<0x100 { everything.append(Unicode.Scalar(UInt8(v))) }
        // U+FEFF not right after an escape (U+2028 is one now): Foundation's JSONSerialization drops
        // a U+FEFF that follows an escape sequence.
        for v: UInt32 in [0xFEFF, 0x2028, 0x2029, 0xFFFD, 0x1F621, 0x10FFFF, 0xE000] { everything.append(Unicode.Scalar(v)!) }
        let text = String(everything) + Self.hostileText + "\"\\/"
        let comment = Comment(id: text, text: text, author: text)
        let outcome = RecordOutcome.verdict(
            Self.verdict(id: text, suggestion: text, route: text), comment: comment,
            kept: [KeptField(name: text, value: .string(text))])
        for encoder in [JSONLinesEncoder() as any OutputEncoder, JSONArrayEncoder()] {
            var first = ByteWriter()
            encoder.encode(outcome, into: &first)
            var error = ByteWriter()
            encoder.encode(.error(RecordError(line: 1, message: text), input: text), into: &error)
            // As the pipeline writes it.
            let out = encoder.prologue() + first.bytes.dropFirst(encoder.leadingSeparatorLength) + error.bytes + encoder.epilogue(recordCount: 2)
            #expect(String(validating: out, as: UTF8.self) != nil)
            let body = encoder is JSONLinesEncoder ? out.split(separator: 0x0A).map { Data($0) } : [Data(out)]
            for line in body {
                #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: line) }
            }
            // No raw control characters: every line of JSON Lines is one record.
            #expect(!out.contains { $0 < 0x20 && $0 != 0x0A })
            // Nor DEL or a Unicode line break (NEL, LS, PS), which some consumers split lines on.
            #expect(!String(decoding: out, as: UTF8.self).unicodeScalars.contains { [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) })
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(Self.line(outcome))) as? [String: Any]
        #expect(parsed?["id"] as? String == text)
    }

    static func line(_ outcome: RecordOutcome) -> [UInt8] {
        var out = ByteWriter()
        JSONLinesEncoder().encode(outcome, into: &out)
        return out.bytes
    }

    @Test func loneSurrogateEscapesInInputBecomeReplacementCharacters() throws {
        let (_, results) = try readAll(#"{"text":"a\ud800b\udc00c\ud83d"}"# + "\n", name: "s.jsonl")
        let text = try #require(results.first?.comment?.text)
        #expect(String(validating: Array(text.utf8), as: UTF8.self) == text)
        #expect(!text.unicodeScalars.contains { (0xD800...0xDFFF).contains($0.value) })
    }
}
