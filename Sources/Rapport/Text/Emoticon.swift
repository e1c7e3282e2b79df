/// The ASCII emoticons the tokenizer recognizes, with their normalized texts.
///
/// Letters match case-insensitively (`:D`, `:d`, `XD`, `xD`); the text drops the nose (`:-)` → `:)`) and is
/// lowercased. A repeated last character is absorbed (`:)))` and `<333` are one emoticon). An emoticon is
/// not followed by a letter or digit (`:Dear` is not one) and never follows a digit (`10:30`); those that
/// start with a letter or `-`, or could be part of a path (`:/`), must not follow a letter or digit either.
enum Emoticon {
    struct Entry: Sendable {
        let bytes: [UInt8]
        let text: String
        let strictLeft: Bool
    }

    /// Entries, longest first, so `:'-(` wins over `:'(`.
    static let entries: [Entry] = {
        let table: [(String, String, Bool)] = [
            (":-)", ":)", false), (":)", ":)", false), (":-(", ":(", false), (":(", ":(", false),
            (":-D", ":d", false), (":D", ":d", false), (";-)", ";)", false), (";)", ";)", false),
            (":-P", ":p", false), (":P", ":p", false), (";-P", ";p", false), (";P", ";p", false),
            (";-D", ";d", false), (";D", ";d", false), (":'-(", ":'(", false), (":'(", ":'(", false),
            (":'-)", ":')", false), (":')", ":')", false), (":-/", ":/", true), (":/", ":/", true),
            (":\\", ":/", true), (":-|", ":|", false), (":|", ":|", false), (":-O", ":o", false),
            (":O", ":o", false), (":-*", ":*", false), (":*", ":*", false), (":]", ":]", false),
            (":[", ":[", false), ("=)", "=)", false), ("=(", "=(", false), ("=D", "=d", false),
            (">:-(", ">:(", false), (">:(", ">:(", false), ("<3", "<3", false), ("</3", "</3", false),
            ("xD", "xd", true), ("^^", "^^", false), ("^_^", "^_^", false), ("-_-", "-_-", true),
            ("o_O", "o_o", true), ("T_T", "t_t", true), (":3", ":3", true),
        ]
        return table.map { Entry(bytes: Array($0.0.utf8), text: $0.1, strictLeft: $0.2) }
            .sorted { $0.bytes.count > $1.bytes.count }
    }()

    /// Whether an emoticon can start with byte `c` (a cheap filter before ``match(_:at:)``).
    @inline(__always)
    static func canStart(_ c: UInt8) -> Bool {
        switch c {
        case 0x3A, 0x3B, 0x3D, 0x3E, 0x3C, 0x5E, 0x2D, 0x78, 0x58, 0x6F, 0x4F, 0x74, 0x54: return true
        default: return false
        }
    }

    /// Whether an emoticon can start with the letter `c` followed by `next` (`xD`, `o_O`, `T_T`: the second
    /// byte is `d` or `_`), so that words need not try ``match(_:at:)``.
    @inline(__always)
    static func canStartWithLetter(_ c: UInt8, next: UInt8) -> Bool {
        next == 0x5F || (c | 0x20 == 0x78 && next | 0x20 == 0x64)
    }

    /// ``entries`` by their lowercased first byte, longest first.
    static let entriesByFirstByte: [[Entry]] = {
        var table = [[Entry]](repeating: [], count: 256)
        for entry in entries { table[Int(ASCII.lower(entry.bytes[0]))].append(entry) }
        return table
    }()

    /// For each lowered first byte, the lowered second bytes of its ``entries`` (all ASCII: bit `c & 63` of
    /// `low` for `c` below 64, of `high` above), so that a byte that starts no emoticon with the next one
    /// (`:` before a space, `-` between words) tries no entry.
    static let secondBytes: [(low: UInt64, high: UInt64)] = {
        var table = [(low: UInt64, high: UInt64)](repeating: (0, 0), count: 256)
        for entry in entries {
            let second = ASCII.lower(entry.bytes[1])
            let bit = UInt64(1) << (second & 63)
            if second < 64 { table[Int(ASCII.lower(entry.bytes[0]))].low |= bit } else { table[Int(ASCII.lower(entry.bytes[0]))].high |= bit }
        }
        return table
    }()

    /// The emoticon starting at byte `i`: its end (exclusive) and normalized text.
    static func match(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (end: Int, text: String)? {
        let n = b.count
        if i > 0 {
            let p = b[i - 1]
            if ASCII.isDigit(p) { return nil }
        }
        let first = ASCII.lower(b[i])
        // Every entry has two bytes or more, the second compared lowered as below.
        guard i + 1 < n else { return nil }
        let second = ASCII.lower(b[i + 1])
        guard second < 0x80 else { return nil }
        let seconds = secondBytes[Int(first)]
        guard (second < 64 ? seconds.low : seconds.high) & (UInt64(1) << (second & 63)) != 0 else { return nil }
        for entry in entriesByFirstByte[Int(first)] {
            let length = entry.bytes.count
            guard i + length <= n else { continue }
            var ok = true
            for k in 1..<length where ASCII.lower(b[i + k]) != ASCII.lower(entry.bytes[k]) {
                ok = false
                break
            }
            guard ok else { continue }
            if entry.strictLeft, i > 0, ASCII.isHandle(b[i - 1]) { continue }
            var end = i + length
            let last = b[end - 1]
            while end < n, b[end] == last { end += 1 }
            if end < n, ASCII.isAlnum(b[end]) { continue }
            return (end, entry.text)
        }
        return nil
    }
}
