import RapportSupport
/// Reads the numbers people write in spreadsheets and exports: `12500`, `12,500`, `-3.5`, `12.5K`,
/// `1.2M`, `1.2m`, `3B` (thousands, millions, billions). Anything else is not a number, and a `when`
/// comparison treats the value as text.
enum FieldNumber {
    /// The number `text` spells, or nil. Surrounding spaces are ignored; thousands separators must
    /// group exactly three digits (`1,2500` is text); a suffix follows the digits directly.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        if let plain = Double(trimmed) { return plain.isFinite ? plain : nil }
        var scalars = Substring(trimmed).unicodeScalars
        var multiplier = 1.0
        switch scalars.last {
        case "k"?, "K"?: multiplier = 1e3
        case "m"?, "M"?: multiplier = 1e6
        case "b"?, "B"?: multiplier = 1e9
        default: break
        }
        if multiplier != 1 { scalars.removeLast() }
        guard let digits = withoutGrouping(String(scalars)), let value = Double(digits), value.isFinite else { return nil }
        // `Double` also reads "inf", "nan" and hexadecimal: only plain decimal digits count here.
        guard digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "+" }) else { return nil }
        return value * multiplier
    }

    /// `text` with its thousands separators removed, or nil when they are misplaced. Text without
    /// commas is returned as it is.
    private static func withoutGrouping(_ text: String) -> String? {
        guard text.contains(",") else { return text }
        var sign = ""
        var body = Substring(text)
        if let first = body.first, first == "-" || first == "+" { sign = String(first); body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return sign + groups.joined() + (parts.count > 1 ? "." + parts[1] : "")
    }
}
