import Testing
import RapportIO

/// `TerminalText.sanitize(_:keepingLayout:)`, used for everything the CLI prints on stderr.
@Suite struct TerminalTextLayoutTests {
    @Test func keepingLayoutKeepsLineBreaksAndSpacesAndRemovesTheRest() {
        let text = "4 records\n  errors at: a\u{1B}]0;t\u{07}b.csv:2,  x\u{202E}y\r\n\u{9B}2J  labels:\tz\u{85}w\u{2028}v"
        #expect(TerminalText.sanitize(text, keepingLayout: true) == "4 records\n  errors at: ab.csv:2,  xy \n2J  labels: z w v")
        #expect(TerminalText.sanitize(text) == "4 records errors at: ab.csv:2, xy 2J labels: z w v")
    }
}
