/// Cuts substrings out of a text by Unicode-scalar offsets, in one pass over the text.
enum ScalarSlicer {
    /// The text of each half-open scalar range (clamped to the text).
    static func slices(of text: String, ranges: [(Int, Int)]) -> [String] {
        if ranges.isEmpty { return [] }
        let scalars = text.unicodeScalars
        let offsets = Set(ranges.flatMap { [$0.0, $0.1] }).sorted()
        var indexOf: [Int: String.UnicodeScalarView.Index] = [:]
        var index = scalars.startIndex
        var position = 0
        for offset in offsets {
            while position < offset, index < scalars.endIndex {
                scalars.formIndex(after: &index)
                position += 1
            }
            indexOf[offset] = index
        }
        return ranges.map { range in
            let lower = indexOf[range.0]!, upper = indexOf[range.1]!
            return lower <= upper ? String(scalars[lower..<upper]) : ""
        }
    }
}
