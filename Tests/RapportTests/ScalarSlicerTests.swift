import Testing
@testable import Rapport

/// `ScalarSlicer` cuts the same text as slicing the Unicode-scalar view: ranges in any order,
/// reversed, empty, and reaching outside the text (clamped).
@Suite struct ScalarSlicerTests {
    /// Pieces whose UTF-8 is 1 to 4 bytes long, with combining marks and runs longer than a word.
    static let pieces = [
        "a", "bc", " ", "abcdefgh", "é", "e\u{301}", "ñandú", "😀", "👍🏽", "日本語", "\u{7F}", "\u{80}", "\u{7FF}",
        "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}", "where is my package??",
    ]

    /// The slice of scalars `start..<end`, both clamped to the text; empty when reversed.
    static func reference(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        let lower = min(max(start, 0), scalars.count), upper = min(max(end, 0), scalars.count)
        guard lower < upper else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lower..<upper])
        return String(view)
    }

    /// A fixed linear congruential generator, so every run checks the same cases.
    struct Numbers {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func slicesMatchTheScalarView() {
        var numbers = Numbers()
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<numbers.next(30) { text += Self.pieces[numbers.next(Self.pieces.count)] }
            let count = text.unicodeScalars.count
            var ranges: [(Int, Int)] = []
            for _ in 0..<numbers.next(8) {
                ranges.append((numbers.next(count + 7) - 3, numbers.next(count + 7) - 3))
            }
            let sorted = ranges.sorted { $0.0 < $1.0 }
            for order in [ranges, sorted] {
                let slices = ScalarSlicer.slices(of: text, ranges: order)
                #expect(slices == order.map { Self.reference(text, $0.0, $0.1) }, "\(text.debugDescription) \(order)")
            }
        }
    }

    @Test func emptyTextAndNoRanges() {
        #expect(ScalarSlicer.slices(of: "", ranges: [(0, 0), (0, 3), (-1, 2)]) == ["", "", ""])
        #expect(ScalarSlicer.slices(of: "abc", ranges: []).isEmpty)
        #expect(ScalarSlicer.slices(of: "😀é", ranges: [(1, 2), (0, 1), (0, 2)]) == ["é", "😀", "😀é"])
    }
}
