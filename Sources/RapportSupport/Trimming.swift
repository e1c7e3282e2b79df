extension StringProtocol {
    /// The text without leading and trailing white space (Unicode `White_Space`: spaces, tabs, line
    /// breaks, no-break spaces).
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
