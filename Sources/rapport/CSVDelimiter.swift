import ArgumentParser
import RapportIO

/// The `--delimiter` of CSV input: `,` `;` `|` or `tab` (also `comma`, `semicolon`, `pipe`, a tab character).
struct CSVDelimiter: ExpressibleByArgument {
    var byte: UInt8

    init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": byte = UInt8(ascii: ",")
        case ";", "semicolon": byte = UInt8(ascii: ";")
        case "|", "pipe": byte = UInt8(ascii: "|")
        case "tab", "\t", "\\t": byte = 0x09
        default: return nil
        }
    }

    static var allValueStrings: [String] { [",", ";", "|", "tab"] }
}
