import Foundation

/// Normalization of token text: the ASCII fast path (lowercase, curly apostrophes to `'`, elongations) and
/// the Unicode slow path (NFKC, case folding, accent and width folding) for tokens with non-ASCII scalars.
enum Normalizer {
    /// Unicode folding of `text`: NFKC, full case folding (`ß` → `ss`, `İ` → `i`), accent folding
    /// (`café` → `cafe`), width folding, curly quotes and apostrophes to straight ones, dashes to `-`,
    /// and Hebrew points and Arabic harakat removed (authors do not type them in rules).
    static func fold(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var scalars = String.UnicodeScalarView()
        var changed = false
        for s in folded.unicodeScalars {
            let v = s.value
            if v < 0x80 { scalars.append(s); continue }
            switch v {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x02BC, 0x2032:
                scalars.append("'"); changed = true
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033:
                scalars.append("\""); changed = true
            case 0x2010...0x2015, 0x2212:
                scalars.append("-"); changed = true
            case 0x2026:
                scalars.append(contentsOf: "...".unicodeScalars); changed = true
            case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7, 0x064B...0x065F, 0x0670:
                changed = true
            default:
                scalars.append(s)
            }
        }
        return changed ? String(scalars) : folded
    }

    /// ``fold(_:)`` of the single scalar `v` when it is one of the common punctuation scalars that fold to one
    /// ASCII byte (curly quotes, dashes), as that byte; nil for every other scalar. NFKC leaves each of
    /// them alone and the folding options do not touch them, so only the last step of ``fold(_:)`` changes
    /// them (`NormalizerTests` compares every one with ``fold(_:)``).
    @inline(__always)
    static func foldedPunctuation(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x2018, 0x2019, 0x201A, 0x201B: UInt8(ascii: "'")
        case 0x201C, 0x201D, 0x201E, 0x201F: UInt8(ascii: "\"")
        case 0x2010, 0x2012...0x2015, 0x2212: UInt8(ascii: "-")
        default: nil
        }
    }

    /// Elongation handling on already folded text: runs of three or more identical letters are squeezed
    /// to two in `text` and to one in `variant` (`nil` when there is no such run).
    static func squeeze(_ folded: String) -> (text: String, variant: String?) {
        let scalars = folded.unicodeScalars
        var longest = 1
        var run = 0
        var previous: Unicode.Scalar?
        for s in scalars {
            if s == previous, ScalarClass.isLetter(s) { run += 1 } else { run = 1; previous = s }
            longest = max(longest, run)
        }
        guard longest >= 3 else { return (folded, nil) }
        return (squeezed(scalars, to: 2), squeezed(scalars, to: 1))
    }

    private static func squeezed(_ scalars: String.UnicodeScalarView, to keep: Int) -> String {
        var out = String.UnicodeScalarView()
        var runScalar: Unicode.Scalar?
        var runLength = 0
        func flush() {
            guard let s = runScalar else { return }
            let count = runLength >= 3 && ScalarClass.isLetter(s) ? keep : runLength
            for _ in 0..<count { out.append(s) }
        }
        for s in scalars {
            if s == runScalar { runLength += 1; continue }
            flush()
            runScalar = s
            runLength = 1
        }
        flush()
        return String(out)
    }

    /// Fast path for a word made of ASCII bytes and apostrophes (`'`, `’`, `‘`, `ʼ`): writes its text to `out`
    /// (lowercased, apostrophes straightened, runs of three or more identical letters squeezed to two) and,
    /// when it has such a run, its variant (runs squeezed to one) at `out[end - start]`. Returns the two
    /// lengths, the variant's -1 when there is none. `out` needs `2 * (end - start)` bytes.
    static func asciiWord(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> (text: Int, variant: Int) {
        var longest = 0
        var previous: UInt8 = 0
        var run = 0
        var i = start
        while i < end {
            let c = b[i]
            if c >= 0x80 {
                previous = 0x27; run = 1
                i += UTF8Scalar.length(leading: c)
                continue
            }
            let l = ASCII.lower(c)
            if l == previous && ASCII.isLetter(l) { run += 1 } else { previous = l; run = 1 }
            if run > longest { longest = run }
            i += 1
        }
        if longest < 3 { return (build(b, from: start, to: end, keep: Int.max, into: out, at: 0), -1) }
        let text = build(b, from: start, to: end, keep: 2, into: out, at: 0)
        return (text, build(b, from: start, to: end, keep: 1, into: out, at: end - start))
    }

    /// Writes the lowercased ASCII bytes `start..<end` (apostrophe sequences become `'`) to `out` from `at`,
    /// with runs of three or more identical letters cut to `keep`; returns the number of bytes written.
    private static func build(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, keep: Int,
        into out: UnsafeMutableBufferPointer<UInt8>, at base: Int
    ) -> Int {
        var n = base
        var i = start
        while i < end {
            let c = b[i]
            if c >= 0x80 {
                out[n] = 0x27; n += 1
                i += UTF8Scalar.length(leading: c)
                continue
            }
            let l = ASCII.lower(c)
            if keep < Int.max, ASCII.isLetter(l) {
                var j = i + 1
                while j < end, ASCII.lower(b[j]) == l { j += 1 }
                let runLength = j - i
                let count = runLength >= 3 ? keep : runLength
                for _ in 0..<count { out[n] = l; n += 1 }
                i = j
                continue
            }
            out[n] = l; n += 1
            i += 1
        }
        return n - base
    }

    /// Writes the lowercased ASCII bytes `start..<end`, skipping bytes equal to `skip` (0: none), to `out`;
    /// returns the number of bytes written.
    static func asciiLower(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, skipping skip: UInt8 = 0,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var n = 0
        for i in start..<end where b[i] != skip || skip == 0 {
            out[n] = ASCII.lower(b[i]); n += 1
        }
        return n
    }

    /// Lowercased copy of the ASCII bytes `start..<end`, skipping bytes equal to `skip`.
    static func asciiLower(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, skipping skip: UInt8 = 0) -> String {
        String(unsafeUninitializedCapacity: end - start) { out in
            var n = 0
            for i in start..<end where b[i] != skip || skip == 0 {
                out[n] = ASCII.lower(b[i]); n += 1
            }
            return n
        }
    }
}
