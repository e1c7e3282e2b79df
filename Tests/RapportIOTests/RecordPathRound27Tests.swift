import Testing
import Rapport
@testable import RapportIO

/// Session 27 of the record path: one space after a record's `:` and `,` (as Python's `json.dumps` writes
/// records) passed without the whitespace loop.
@Suite struct RecordPathRound27Tests {
    static let tokens = [
        "{", #""id""#, ":", #""c1""#, ",", #""author""#, ":", "{", #""name""#, ":", #""iris""#, ",", #""followers""#, ":",
        "65", "}", ",", #""tags""#, ":", "[", "1", ",", "true", ",", "null", "]", ",", #""text""#, ":",
        #""Love my new sneakers! 👏""#, "}",
    ]

    /// Records written as `json.dumps` writes them (one space after every `:` and `,`), with one more
    /// piece of whitespace (or a stray byte) at every place, and every prefix of such records (so that a
    /// space or `:` is the record's last or next-to-last byte), decode or fail as the reference does.
    @Test func oneSpaceAfterColonsAndCommasDecodesAlike() throws {
        var checked = 0
        for place in 0...Self.tokens.count {
            for extra in ["", " ", "  ", " \t", "\t ", "\n", "x", ":", ","] {
                var record = ""
                for (i, token) in Self.tokens.enumerated() {
                    if i == place { record += extra }
                    record += token
                    if token == ":" || token == "," { record += " " }
                }
                if place == Self.tokens.count { record += extra }
                let bytes = Array(record.utf8)
                try RecordDecodingTests.check(bytes)
                checked += 1
                if extra.isEmpty || extra == " " {
                    for length in 0..<bytes.count {
                        try RecordDecodingTests.check(Array(bytes[..<length]))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 2_000)
    }

    /// Short records with a space or two around each `:` and after each `,`, and values of every kind
    /// right after them.
    @Test func spacesAroundShortMembersDecodeAlike() throws {
        let values = ["1", "-2.5", #""x""#, #""""#, "true", "null", "[]", "{}", #"{"a": 1}"#, #"["b" , 2]"#]
        for before in ["", " ", "  "] {
            for after in ["", " ", "  ", "\t"] {
                for value in values {
                    for comma in [",", ", ", " , ", ",  "] {
                        let record = #"{"text""# + before + ":" + after + #""hi""# + comma + #""id""# + before + ":" + after + value + "}"
                        try RecordDecodingTests.check(Array(record.utf8))
                    }
                }
            }
        }
    }
}
