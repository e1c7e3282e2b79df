#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import RapportIO

/// `--color`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(isTerminal: Bool) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isTerminal && getenv("NO_COLOR") == nil
        }
    }
}

/// Terminal helpers for the CLI: stderr messages and the window width.
///
/// Everything the commands print on stderr goes through ``writeError(_:)``, which passes it through
/// ``TerminalText/sanitize(_:keepingLayout:)``: file names, CSV header cells, JSON keys and rule pack
/// text in messages cannot move the cursor, retitle the window or reorder the line. Only the progress
/// line's own erase sequence (``eraseLine()``) is written as it is.
enum Terminal {
    /// Writes `text` on stderr with escape sequences, control characters (except line breaks) and
    /// bidirectional overrides removed.
    static func writeError(_ text: String) {
        writeRaw(TerminalText.sanitize(text, keepingLayout: true))
    }

    /// Returns the cursor to the start of the stderr line and erases it (the progress display).
    static func eraseLine() {
        writeRaw("\r\u{1B}[K")
    }

    private static func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { if errno == EINTR { continue }; return }
            done += n
        }
    }

    /// `rapport: message` on stderr, on one line: a line break inside `message` (a file name can hold
    /// one) becomes a space, so it cannot start a forged line.
    static func error(_ message: String) {
        writeError("rapport: \(oneLine(message))\n")
    }

    /// `lines` on stderr, each on one line.
    static func writeErrorLines(_ lines: [String]) {
        writeError(lines.map { oneLine($0) + "\n" }.joined())
    }

    /// `text` with its line breaks turned into spaces.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }

    static func columns(fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
