import Testing
import RapportSupport
@testable import RapportIO

/// Session 31 (issue 18, full output): a span object written after one capacity check gives the bytes
/// the member-by-member writer gives.
@Suite struct Session31OutputTests {
    /// Span texts: empty, plain ASCII of every length around a word, bytes JSON escapes, non-ASCII.
    private static let texts: [[UInt8]] = [
        [], Array("a".utf8), Array("refund".utf8), Array("twelve bytes".utf8), Array("quote \" and \\ back".utf8),
        Array("tab\tnew\nline".utf8), Array("caf\u{E9} \u{1F621}".utf8), Array("line\u{2028}sep".utf8), [0x7F, 0x41],
        Array(String(repeating: "long plain span text ", count: 20).utf8),
    ]

    /// The member-by-member writing the one-check writer stands in for.
    private static func reference(comma: Bool, rule: [UInt8], start: Int, end: Int, text: [UInt8]) -> [UInt8] {
        var out = ByteWriter(capacity: 4)
        if comma { out.append(UInt8(ascii: ",")) }
        out.append("{\"rule\":")
        rule.withUnsafeBufferPointer { out.append($0) }
        text.withUnsafeBufferPointer { VerdictWriter.spanTail(start: start, end: end, text: $0, into: &out) }
        return out.bytes
    }

    @Test func spanObjectsAsMemberByMember() {
        var generator = SystemRandomNumberGenerator()
        let numbers = [0, 1, 9, 10, 99, 100, 999, 12_345, Int.max, -1, -10, Int.min]
        var checked = 0
        for ruleLength in [0, 1, 7, 40, 300] {
            let rule = Array(("\"" + String(repeating: "r", count: ruleLength) + "\"").utf8)
            for text in Self.texts {
                for _ in 0..<40 {
                    let comma = Bool.random(using: &generator)
                    let start = Bool.random(using: &generator) ? numbers.randomElement(using: &generator)! : Int.random(in: 0...5_000, using: &generator)
                    let end = Bool.random(using: &generator) ? numbers.randomElement(using: &generator)! : Int.random(in: 0...5_000, using: &generator)
                    // A small writer that is nearly full, so the one check must grow it.
                    var out = ByteWriter(capacity: 2)
                    for _ in 0..<Int.random(in: 0...3, using: &generator) { out.append(UInt8(ascii: "x")) }
                    let before = out.bytes
                    rule.withUnsafeBufferPointer { quoted in
                        text.withUnsafeBufferPointer { text in
                            VerdictWriter.span(comma: comma, quotedRule: quoted, start: start, end: end, text: text, into: &out)
                        }
                    }
                    #expect(out.bytes == before + Self.reference(comma: comma, rule: rule, start: start, end: end, text: text))
                    checked += 1
                }
            }
        }
        #expect(checked == 5 * Self.texts.count * 40)
    }
}
