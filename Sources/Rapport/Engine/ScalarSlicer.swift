/// Cuts substrings out of a text by Unicode-scalar offsets, in one pass over the text.
enum ScalarSlicer {
    /// The text of each half-open scalar range (clamped to the text).
    static func slices(of text: String, ranges: [(Int, Int)]) -> [String] {
        if ranges.isEmpty { return [] }
        var offsets: [Int] = []
        offsets.reserveCapacity(ranges.count * 2)
        for range in ranges {
            offsets.append(range.0)
            offsets.append(range.1)
        }
        offsets.sort()
        var unique = 0
        for offset in offsets where unique == 0 || offsets[unique - 1] != offset {
            offsets[unique] = offset
            unique += 1
        }
        offsets.removeLast(offsets.count - unique)
        let scalars = text.unicodeScalars
        var indices: [String.UnicodeScalarView.Index] = []
        indices.reserveCapacity(offsets.count)
        var index = scalars.startIndex
        var position = 0
        for offset in offsets {
            while position < offset, index < scalars.endIndex {
                scalars.formIndex(after: &index)
                position += 1
            }
            indices.append(index)
        }
        /// The index of `offset`, which is one of `offsets`.
        func indexOf(_ offset: Int) -> String.UnicodeScalarView.Index {
            var low = 0, high = offsets.count - 1
            while low < high {
                let middle = (low + high) / 2
                if offsets[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return indices[low]
        }
        return ranges.map { range in
            let lower = indexOf(range.0), upper = indexOf(range.1)
            return lower <= upper ? String(scalars[lower..<upper]) : ""
        }
    }
}
