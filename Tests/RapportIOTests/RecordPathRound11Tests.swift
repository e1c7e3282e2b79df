import Testing
import Rapport
@testable import RapportIO

/// Round 11 of the record path: the scanner's fast paths for tokens with no whitespace between them.
@Suite struct RecordPathRound11Tests {
    /// Whitespace of every kind (and none) at every place JSON allows it, and a stray byte at each
    /// of those places, decode (or fail, with the same message and place) as the reference does.
    @Test func whitespaceBetweenTokensDecodesAlike() throws {
        let tokens = [
            "{", #""id""#, ":", #""c1""#, ",", #""author""#, ":", "{", #""name""#, ":", #""iris""#, ",", #""followers""#, ":",
            "65", "}", ",", #""tags""#, ":", "[", "1", ",", "true", ",", "null", "]", ",", #""text""#, ":",
            #""Love my new sneakers! 👏""#, "}",
        ]
        for place in 0...tokens.count {
            for space in ["", " ", "\t", "\n", "\r\n ", "  \t", "x", ":", ","] {
                var record = ""
                for (i, token) in tokens.enumerated() {
                    if i == place { record += space }
                    record += token
                }
                if place == tokens.count { record += space }
                try RecordDecodingTests.check(Array(record.utf8))
            }
        }
    }
}
