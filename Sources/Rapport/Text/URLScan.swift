/// Recognition of URLs in ASCII text: `http(s)://…`, `www.…`, and bare domains (`example.com/path`).
enum URLScan {
    /// Top-level domains accepted for a bare domain without a path. Two-letter domains that are also
    /// common words (`it`, `me`, `in`, `to`, `us`, `no`…) are left out so "like it.It was" stays words;
    /// with a path (`example.me/x`) any alphabetic top-level domain is accepted.
    static let knownTopLevelDomains: Set<String> = [
        "com", "net", "org", "edu", "gov", "io", "uk", "de", "fr", "es", "nl", "ch", "au", "nz", "jp", "cn",
        "ru", "br", "mx", "ly", "gl", "tv", "gg", "app", "dev", "info", "biz", "ai", "xyz", "eu", "ie", "se",
        "dk", "fi", "pl", "pt", "cz", "ca", "shop", "store", "online", "site", "link", "news", "blog",
    ]

    /// The end of a URL starting with `http://` or `https://` (any case) at `i`.
    static func scheme(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = b.count
        guard i + 7 < n, ASCII.lower(b[i]) == 0x68, ASCII.lower(b[i + 1]) == 0x74, ASCII.lower(b[i + 2]) == 0x74,
            ASCII.lower(b[i + 3]) == 0x70
        else { return nil }
        var j = i + 4
        if ASCII.lower(b[j]) == 0x73 { j += 1 }
        guard j + 3 <= n, b[j] == 0x3A, b[j + 1] == 0x2F, b[j + 2] == 0x2F else { return nil }
        let end = pathEnd(b, from: j + 3)
        return end > j + 3 ? end : nil
    }

    /// The end of a URL starting with `www.` (any case) at `i`.
    static func www(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 4 < b.count, ASCII.lower(b[i]) == 0x77, ASCII.lower(b[i + 1]) == 0x77,
            ASCII.lower(b[i + 2]) == 0x77, b[i + 3] == 0x2E, ASCII.isAlnum(b[i + 4])
        else { return nil }
        return bareDomain(b, from: i, anyTopLevelDomain: true)
    }

    /// The end of a bare domain (two or more labels, alphabetic top-level domain) starting at `i`, with its
    /// path if one follows.
    static func bareDomain(_ b: UnsafeBufferPointer<UInt8>, from i: Int, anyTopLevelDomain: Bool = false) -> Int? {
        let n = b.count
        var j = i
        var labels = 0
        var lastStart = i
        var lastEnd = i
        while j < n {
            let labelStart = j
            while j < n, ASCII.isAlnum(b[j]) || b[j] == 0x2D { j += 1 }
            if j == labelStart { break }
            labels += 1
            lastStart = labelStart
            lastEnd = j
            if j + 1 < n, b[j] == 0x2E, ASCII.isAlnum(b[j + 1]) {
                j += 1
                continue
            }
            break
        }
        guard labels >= 2, (2...24).contains(lastEnd - lastStart) else { return nil }
        for k in lastStart..<lastEnd where !ASCII.isLetter(b[k]) { return nil }
        let slash = lastEnd < n && b[lastEnd] == 0x2F
        if !anyTopLevelDomain && !slash {
            let tld = Normalizer.asciiLower(b, from: lastStart, to: lastEnd)
            guard knownTopLevelDomains.contains(tld) else { return nil }
        }
        return slash ? pathEnd(b, from: lastEnd) : lastEnd
    }

    /// The end of the URL characters starting at `j`, without trailing punctuation (`.`, `,`, `!`, `?`,
    /// quotes, and a `)` that closes nothing inside the URL).
    static func pathEnd(_ b: UnsafeBufferPointer<UInt8>, from j: Int) -> Int {
        let n = b.count
        var end = j
        var opened = 0
        var closed = 0
        while end < n {
            let c = b[end]
            guard c > 0x20, c < 0x7F, c != 0x22, c != 0x3C, c != 0x3E else { break }
            if c == 0x28 { opened += 1 } else if c == 0x29 { closed += 1 }
            end += 1
        }
        while end > j {
            let c = b[end - 1]
            switch c {
            case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27, 0x22, 0x5D, 0x7D: end -= 1
            case 0x29 where closed > opened:
                end -= 1
                closed -= 1
            default: return end
            }
        }
        return end
    }
}
