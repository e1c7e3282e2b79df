import Foundation
import Testing

@testable import RapportYAML

/// Literal block scalar bodies read from the bytes (``LiteralBodies``) give what libyaml gives: the same
/// trees, marks and errors as parsing with every body left to libyaml, on written and random texts.
@Suite struct LiteralBodiesTests {
    /// Every document of `text`, or the error, loaded with or without lifting the bodies.
    static func outcome(_ text: [UInt8], lifting: Bool) -> Result<[Node?], YAMLError> {
        text.withUnsafeBufferPointer { bytes in
            Result { () throws(YAMLError) in try YAMLParser.load(bytes, limits: .default, singleDocument: false, liftingBodies: lifting) }
        }
    }

    /// Checks that lifting changes nothing for `text`; returns whether a body was lifted and put back.
    @discardableResult
    static func checkSame(_ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let lifted = outcome(text, lifting: true)
        let plain = outcome(text, lifting: false)
        #expect(lifted == plain, "\(String(decoding: text, as: UTF8.self).debugDescription)", sourceLocation: sourceLocation)
        guard let found = text.withUnsafeBufferPointer(LiteralBodies.lift) else { return false }
        let documents = found.input.withUnsafeBufferPointer { input in
            try? YAMLParser.events(input, limits: .default, singleDocument: false, bodies: found.bodies)
        }
        return documents != nil
    }

    @Test func writtenTables() {
        let lifted = [
            "terms: |\n    a 1 2\n    b 3 4\n",
            "rapport: 1\nlexicon:\n  bias: {a: 1}\n  terms: |\n    # term  x  y\n    ! 1 2\n\n    b  3 4  \n  rules: {}\n",
            "a:\n  terms: |\n    one\n\n\n    two\n\n\nb: 2\n",
            "a:\n  terms: |\n    one\n      deeper\n   \n  \n        \n    last\nb: 2\n",
            "terms: |\n  no newline at the end",
            "terms: |\n  text\n  ",
            "terms: |\n  text\n\n  \n",
            "terms: |\n  emoji 😭 🙏 ❤ é\n  tab\tinside\n",
            "- x: 1\n  terms: |\n    item\n- y: 2\n",
            "first: |\n  one\nsecond: |\n  two\n  2\nthird: 3\n",
            "key-with_dash0: |\n  x\n",
        ]
        for text in lifted {
            #expect(Self.checkSame(Array(text.utf8)), "\(text.debugDescription)")
        }
    }

    @Test func writtenLeftToLibYAML() {
        // Bodies the shortcut does not take, headers that are not block scalars, and errors.
        let texts = [
            "terms: |\n\ttab first\n",
            "terms: |\n  a\n \tb\n",
            "terms: |\n  a\r\n  b\n",
            "terms: |\n  a\u{85}b\n",
            "terms: |\n  a\u{2028}b\n",
            "terms: |\n  a\u{1}b\n",
            "terms: |\n  a\u{FEFF}b\n",
            "terms: |\n\n  blank first\n",
            "terms: |2\n  indicator\n",
            "terms: |-\n  strip\n",
            "terms: >\n  folded\n",
            "key: \"quoted\n  terms: |\n    not a block\n  \"\n",
            "[a,\n  terms: |\n    x\n]\n",
            "a: b\n  terms: |\n    x\n",
            "terms: |\n  a\n b: 1\n",
            "terms: |\n  a\n\u{85}b: 1\n",
            "a:\n  b: 1\n  terms: |\n  x\n",
            "terms: |\n  ok\n  bad \u{FFFE}\n",
            "terms: |\n  ok\nx: [\n",
            "\r\nterms: |\n  after a carriage return\n",
            "a: 1\na: 2\nterms: |\n  x\n",
            "terms: |\n   three\n  two: 1\n",
            "terms: &anchor |\n  body\nagain: *anchor\n",
        ]
        for text in texts { Self.checkSame(Array(text.utf8)) }
        Self.checkSame([0x74, 0x3A, 0x20, 0x7C, 0x0A, 0x20, 0x20, 0xC3, 0x28, 0x0A])
        Self.checkSame([0x74, 0x3A, 0x20, 0x7C, 0x0A, 0x20, 0x20, 0xE0, 0x80, 0xAF, 0x0A])
    }

    @Test func defaultPackTables() throws {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../rules")
        for name in ["lexicon.yaml", "escalation-model.yaml"] {
            let bytes = try [UInt8](Data(contentsOf: rules.appendingPathComponent(name)))
            #expect(Self.checkSame(bytes), "\(name)")
        }
    }

    /// Random texts made of the pieces the shortcut looks at: headers at the top and under a key, body
    /// lines indented more or less, empty and space-only lines, now and then a tab, a carriage return or a
    /// character libyaml rejects or takes for a break, emoji, a missing final line feed.
    @Test func randomTexts() {
        var random = SeededNumbers(state: 18)
        var lifted = 0
        for _ in 0..<3000 {
            let text = Self.randomText(&random)
            if Self.checkSame(text) { lifted += 1 }
        }
        // A good part of them do go through the shortcut (806 of the 3000 when this was written).
        #expect(lifted > 500)
    }

    static func randomText(_ random: inout SeededNumbers) -> [UInt8] {
        let plain = ["a", "b c", "# note", "x: 1", "- item", "é", "😭", "|", ": |", "'q", "\"", "[", "]", "{", "}", "*a", "&a", "0.5", "-1"]
        let odd = ["\t", "\r", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{1}", "\u{FFFE}"]
        func piece(_ random: inout SeededNumbers) -> String {
            random.below(12) == 0 ? odd[random.below(odd.count)] : plain[random.below(plain.count)]
        }
        // The header's mapping: at the top, or under a key (then indented two spaces).
        let keyIndent = random.below(3) == 0 ? 0 : 2
        var text = keyIndent == 0 ? "" : "outer:\n"
        let pad = String(repeating: " ", count: keyIndent)
        for _ in 0..<random.below(3) { text += pad + "k\(random.below(3)): v\n" }
        text += pad + ["terms", "t-1", "x"][random.below(3)] + ": |\n"
        let indent = keyIndent + (random.below(8) == 0 ? 0 : 1 + random.below(3))
        for _ in 0..<random.below(8) {
            switch random.below(8) {
            case 0: text += "\n"
            case 1: text += String(repeating: " ", count: random.below(indent + 3)) + "\n"
            case 2: text += String(repeating: " ", count: random.below(indent + 1)) + piece(&random) + "\n"
            default:
                var line = String(repeating: " ", count: indent + (random.below(4) == 0 ? 1 : 0))
                for _ in 0..<(1 + random.below(4)) { line += piece(&random) + (random.below(3) == 0 ? "  " : " ") }
                text += line + "\n"
            }
        }
        if random.below(3) == 0 { text += pad + "after: |\n" + pad + "  more\n" }
        if random.below(2) == 0 { text += pad + "z: 2\n" }
        if random.below(4) == 0, text.last == "\n" { text.removeLast() }
        return Array(text.utf8)
    }
}

/// Seeded numbers (a linear congruential generator, Knuth's MMIX constants), so a failure can be replayed.
struct SeededNumbers {
    var state: UInt64

    /// A number in `0..<bound`, from the generator's top bits.
    mutating func below(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
