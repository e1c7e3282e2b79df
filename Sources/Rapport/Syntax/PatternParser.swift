/// Parses the token-pattern syntax of docs/ARCHITECTURE.md ("Token patterns") into ``PatternElement``s with offsets.
///
/// | syntax | element |
/// |---|---|
/// | `where is my` | one `.literal` per run of plain words and punctuation (raw text kept; tokenized later) |
/// | `[a\|b c]` | `.alternatives`, each alternative a sequence (may nest) |
/// | `<name>` | `.list`, or `.builtin` for `mention hashtag url number emoji` |
/// | `refund*` | `.prefix` |
/// | `*` (standing alone) | `.anyToken` |
/// | `{m,n}` / `{n}` | `.gap` (m ≤ n ≤ 10) |
/// | `^` first / `$` last | `.start` / `.end` |
///
/// `\*`, `\[`, `\]`, `\<`, `\>`, `\{`, `\}`, `\$`, `\^`, `\|` and `\\` write the character itself.
/// Emoticons that cannot be syntax stay literal: `<3`, `:-*`, `^_^`, `*hugs*`, `$5`.
/// Errors are ``ParseIssue``s with code `pattern-syntax` and the offset of the offending character.
public enum PatternParser {
    /// The largest gap `{m,n}` may allow.
    public static let maxGap = 10
    /// How deep `[...]` may nest.
    public static let maxNesting = 8
    /// Characters a backslash may escape.
    public static let escapable: Set<Unicode.Scalar> = ["*", "[", "]", "<", ">", "{", "}", "$", "^", "|", "\\"]

    /// Parses `source` into a ``Pattern`` located at `location`.
    public static func parse(_ source: String, at location: SourceLocation) throws(ParseIssue) -> Pattern {
        Pattern(source: source, location: location, elements: try parseElements(source))
    }

    /// Parses `source` into its elements.
    public static func parseElements(_ source: String) throws(ParseIssue) -> [PatternElement] {
        var scanner = PatternScanner(scalars(of: source))
        let elements = try scanner.sequence(depth: 0)
        guard !elements.isEmpty else {
            throw ParseIssue(.patternSyntax, at: 0, "empty pattern")
        }
        guard elements.contains(where: \.consumesToken) else {
            throw ParseIssue(
                .patternSyntax, at: elements[0].offset, "pattern matches no token",
                hint: "add a word, a list or '*'")
        }
        if let first = elements.first, case .gap = first.kind {
            throw ParseIssue(
                .patternSyntax, at: first.offset, "a gap must stand between two parts of a pattern",
                hint: "write '^ {m,n} ...' to allow tokens before the rest at the start of the comment")
        }
        if let last = elements.last, case .gap = last.kind {
            throw ParseIssue(
                .patternSyntax, at: last.offset, "a gap must stand between two parts of a pattern",
                hint: "write '... {m,n} $' to allow tokens after the rest at the end of the comment")
        }
        return elements
    }
}

extension PatternParser {
    /// `Array(source.unicodeScalars)`, one scalar per byte when `source` is ASCII (nearly every pattern):
    /// counting and decoding the scalars one at a time cost a tenth of parsing the default pack's patterns.
    static func scalars(of source: String) -> [Unicode.Scalar] {
        var source = source
        let ascii = source.withUTF8 { utf8 -> [Unicode.Scalar]? in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return [Unicode.Scalar](unsafeUninitializedCapacity: utf8.count) { scalars, count in
                for (index, byte) in utf8.enumerated() { scalars.initializeElement(at: index, to: Unicode.Scalar(byte)) }
                count = utf8.count
            }
        }
        return ascii ?? Array(source.unicodeScalars)
    }
}

extension PatternElement {
    /// Whether the element matches at least one token (anchors and gaps may match none).
    var consumesToken: Bool {
        switch kind {
        case .literal, .prefix, .list, .builtin, .anyToken: true
        case .alternatives(let alternatives): alternatives.contains { $0.contains(where: \.consumesToken) }
        case .gap, .start, .end: false
        }
    }
}

/// The scanner behind ``PatternParser``; offsets are indices into `text`.
struct PatternScanner {
    let text: [Unicode.Scalar]
    var index = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    private func issue(_ offset: Int, _ message: String, hint: String? = nil) -> ParseIssue {
        ParseIssue(.patternSyntax, at: offset, message, hint: hint)
    }

    private func at(_ i: Int) -> Unicode.Scalar? { i < text.count ? text[i] : nil }

    /// True at the end, before whitespace, or before a character that closes an alternative.
    private func isBoundary(_ i: Int) -> Bool {
        guard let c = at(i) else { return true }
        return Self.isSpace(c) || c == "]" || c == "|"
    }

    /// `c.properties.isWhitespace`, answered for ASCII (nearly every scalar of a pattern) without the
    /// Unicode property tables: their lookups were a twentieth of loading the default pack.
    @inline(__always)
    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 ? c.value == 0x20 || (0x09...0x0D).contains(c.value) : c.properties.isWhitespace
    }

    /// `c.properties.isAlphabetic`, answered for ASCII without the Unicode property tables.
    @inline(__always)
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 ? (0x41...0x5A).contains(c.value) || (0x61...0x7A).contains(c.value) : c.properties.isAlphabetic
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "."
    }

    private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || ("0"..."9").contains(c) || c == "'" || c == "-" || c == "_" || c == "’"
    }

    private mutating func skipWhitespace() {
        while let c = at(index), Self.isSpace(c) { index += 1 }
    }

    /// Parses elements until the end, or (inside `[...]`, depth > 0) until `|` or `]`.
    mutating func sequence(depth: Int) throws(ParseIssue) -> [PatternElement] {
        var elements: [PatternElement] = []
        // A run of literal words, joined by one space. Its text is nil while it is `text[start..<end]` as
        // written (words without escapes, one space between them: nearly every run), and is made from the
        // scalars once at its end, not a string per word joined one at a time.
        var run: (text: String?, start: Int, end: Int)?
        func flush() {
            if let r = run {
                let literal = r.text ?? Self.string(text[r.start..<r.end])
                elements.append(PatternElement(.literal(literal), offset: r.start, length: r.end - r.start))
                run = nil
            }
        }
        while true {
            skipWhitespace()
            guard let c = at(index) else { break }
            let next = at(index + 1)
            if c == "]" || c == "|" {
                if depth > 0 { break }
                throw issue(
                    index, c == "]" ? "']' without a matching '['" : "'|' outside of '[...]'",
                    hint: "write '\\\(c)' for a literal '\(c)'")
            } else if c == "[" {
                flush()
                elements.append(try alternatives(depth: depth + 1))
            } else if c == "<", let n = next, Self.isLetter(n) {
                flush()
                elements.append(try listReference())
            } else if c == "{", let n = next, ("0"..."9").contains(n) || n == "," || n == " " || n == "}" {
                flush()
                elements.append(try gap())
            } else if c == "*", isBoundary(index + 1) {
                flush()
                elements.append(PatternElement(.anyToken, offset: index, length: 1))
                index += 1
            } else if c == "^", next != "^", next != "_" {
                guard depth == 0, elements.isEmpty, run == nil else {
                    throw issue(index, "'^' (start of the comment) can only begin a pattern", hint: "write '\\^' for a literal '^'")
                }
                elements.append(PatternElement(.start, offset: index, length: 1))
                index += 1
            } else if c == "$", isBoundary(index + 1) {
                let dollar = index
                index += 1
                skipWhitespace()
                guard depth == 0, index == text.count else {
                    throw issue(dollar, "'$' (end of the comment) can only end a pattern", hint: "write '\\$' for a literal '$'")
                }
                flush()
                elements.append(PatternElement(.end, offset: dollar, length: 1))
            } else {
                switch try chunk() {
                case .literal(let word, let start, let end):
                    if let r = run {
                        if r.text == nil, word == nil, start == r.end + 1, text[r.end] == " " {
                            run?.end = end
                        } else {
                            var joined = r.text ?? Self.string(text[r.start..<r.end])
                            joined.append(" ")
                            joined.append(word ?? Self.string(text[start..<end]))
                            run = (joined, r.start, end)
                        }
                    } else {
                        run = (word, start, end)
                    }
                case .element(let element):
                    flush()
                    elements.append(element)
                }
            }
        }
        flush()
        return elements
    }

    private enum Chunk {
        /// Literal text: `text[start..<end]` as written when the string is nil (no escape in it).
        case literal(String?, start: Int, end: Int)
        case element(PatternElement)
    }

    /// One whitespace-free run of literal text, or a `prefix*`.
    private mutating func chunk() throws(ParseIssue) -> Chunk {
        let start = index
        // The chunk's text is `text[start..<index]` until its first escape, and is kept in `escapedWord`
        // from then on (one string made at the end, not one scalar appended at a time).
        var escapedWord: String?
        var allWordCharacters = true
        while let c = at(index) {
            // A lower-case ASCII letter (most of a pattern) is a word character that ends nothing and
            // starts no syntax: it is only kept, and before an escape it is kept in place.
            if escapedWord == nil, c.value &- 0x61 < 26 {
                index += 1
                continue
            }
            if Self.isSpace(c) || c == "[" || c == "]" || c == "|" { break }
            if index > start {
                if c == "<", let n = at(index + 1), Self.isLetter(n) { break }
                if c == "{", let n = at(index + 1), ("0"..."9").contains(n) || n == "," { break }
                if c == "$", isBoundary(index + 1) { break }
            }
            if c == "\\" {
                guard let escaped = at(index + 1) else {
                    throw issue(index, "a pattern cannot end with a lone '\\'", hint: "write '\\\\' for a literal backslash")
                }
                guard PatternParser.escapable.contains(escaped) else {
                    throw issue(index, "unknown escape '\\\(escaped)'", hint: "a backslash may only escape one of * [ ] < > { } $ ^ | \\")
                }
                if escapedWord == nil { escapedWord = Self.string(text[start..<index]) }
                escapedWord?.unicodeScalars.append(escaped)
                allWordCharacters = false
                index += 2
                continue
            }
            if c == "*", isBoundary(index + 1) {
                let word = escapedWord ?? Self.string(text[start..<index])
                if let sigil = word.unicodeScalars.first, sigil == "#" || sigil == "@", word.unicodeScalars.count > 1,
                    word.unicodeScalars.dropFirst().allSatisfy({ Self.isWordCharacter($0) })
                {
                    throw issue(
                        index, "a prefix cannot start with '\(sigil)': '\(word)*' would never match",
                        hint: sigil == "#"
                            ? "write '\(String(word.unicodeScalars.dropFirst()))*': a hashtag also matches its word"
                            : "use <mention> for any mention")
                }
                if !word.isEmpty, allWordCharacters {
                    index += 1
                    return .element(PatternElement(.prefix(word), offset: start, length: index - start))
                }
            }
            if !Self.isWordCharacter(c) { allWordCharacters = false }
            escapedWord?.unicodeScalars.append(c)
            index += 1
        }
        return .literal(escapedWord, start: start, end: index)
    }

    /// `scalars` as a string, encoded into its UTF-8 in one pass, into exactly as many bytes as it takes:
    /// a word of at most 15 bytes (nearly every word of a pattern) is then made in place, where asking for
    /// four bytes a scalar allocated storage for every word of four letters or more.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        let byteCount = scalars.reduce(0) { $0 + UTF8.width($1) }
        return String(unsafeUninitializedCapacity: byteCount) { buffer in
            var count = 0
            for scalar in scalars {
                if scalar.value < 0x80 {
                    buffer[count] = UInt8(truncatingIfNeeded: scalar.value)
                    count += 1
                } else {
                    UTF8.encode(scalar) { byte in
                        buffer[count] = byte
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// `[a|b c]`, starting at `[`.
    private mutating func alternatives(depth: Int) throws(ParseIssue) -> PatternElement {
        let open = index
        guard depth <= PatternParser.maxNesting else {
            throw issue(open, "alternatives are nested more than \(PatternParser.maxNesting) levels deep")
        }
        index += 1
        var choices: [[PatternElement]] = []
        while true {
            let sequence = try self.sequence(depth: depth)
            guard let delimiter = at(index) else {
                throw issue(open, "'[' is never closed", hint: "add ']' after the last alternative")
            }
            if sequence.isEmpty {
                throw issue(index, "empty alternative in '[...]'", hint: "write something between '[', '|' and ']'")
            }
            if !sequence.contains(where: \.consumesToken) {
                throw issue(sequence[0].offset, "alternative matches no token")
            }
            choices.append(sequence)
            index += 1
            if delimiter == "]" { break }
        }
        return PatternElement(.alternatives(choices), offset: open, length: index - open)
    }

    /// `<name>`, starting at `<` followed by a letter.
    private mutating func listReference() throws(ParseIssue) -> PatternElement {
        let open = index
        index += 1
        var name = ""
        while let c = at(index), Self.isNameCharacter(c) {
            name.unicodeScalars.append(c)
            index += 1
        }
        guard at(index) == ">" else {
            throw issue(
                open, "'<\(name)' has no closing '>'",
                hint: "list names are letters, digits, '-', '_' and '.'; write '\\<' for a literal '<'")
        }
        index += 1
        let kind: PatternElement.Kind = TokenClass(rawValue: name).map { .builtin($0) } ?? .list(name)
        return PatternElement(kind, offset: open, length: index - open)
    }

    /// `{m,n}` or `{n}`, starting at `{`.
    private mutating func gap() throws(ParseIssue) -> PatternElement {
        let open = index
        index += 1
        func number(_ what: String) throws(ParseIssue) -> (value: Int, offset: Int) {
            skipWhitespace()
            let start = index
            var value = 0
            while let c = at(index), ("0"..."9").contains(c) {
                value = min(value * 10 + Int(c.value - 48), 1_000_000)
                index += 1
            }
            guard index > start else {
                let found = at(index).map { "'\($0)'" } ?? "the end of the pattern"
                throw issue(index, "expected the gap's \(what) (a number), found \(found)", hint: "write a gap as {0,3} or {2}")
            }
            skipWhitespace()
            return (value, start)
        }
        let low = try number("minimum")
        var high = low
        if at(index) == "," {
            index += 1
            high = try number("maximum")
        }
        guard at(index) == "}" else {
            let found = at(index).map { "'\($0)'" } ?? "the end of the pattern"
            throw issue(at(index) == nil ? open : index, "expected '}' to close the gap, found \(found)", hint: "write a gap as {0,3} or {2}")
        }
        index += 1
        guard low.value <= high.value else {
            throw issue(low.offset, "the gap's minimum \(low.value) is larger than its maximum \(high.value)")
        }
        guard high.value <= PatternParser.maxGap else {
            throw issue(high.offset, "gap of up to \(high.value) tokens is too wide", hint: "the widest gap is {0,\(PatternParser.maxGap)}")
        }
        return PatternElement(.gap(min: low.value, max: high.value), offset: open, length: index - open)
    }
}
