/// Turns the bytes of a plain-text or CSV cell into a `String`.
///
/// Policy: valid UTF-8 is used as is. Bytes that are not valid UTF-8 almost always come from a
/// spreadsheet export in Windows-1252 (or Latin-1), so the whole cell is decoded as Windows-1252
/// instead: every byte maps to a character, nothing is dropped, and the record counts as
/// *repaired* in the summary. (JSON input is different: JSON must be UTF-8, so there an invalid
/// byte makes the record an error record.)
public enum TextDecoding {
    /// The text of `bytes` and whether it had to be repaired.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, repaired: Bool) {
        if let s = UTF8Check.string(bytes) { return (s, false) }
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(windows1252(b)) }
        return (String(scalars), true)
    }

    /// Convenience for arrays.
    public static func decode(_ bytes: [UInt8]) -> (text: String, repaired: Bool) {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        if (0x80...0x9F).contains(byte) { return Unicode.Scalar(high[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }
}
