internal import CLibYAML

/// Runs libyaml's event parser over UTF-8 bytes and hands each event to a handler, turning
/// libyaml's failures into ``YAMLError``s with 1-based marks. The only place that touches
/// `yaml_parser_t`.
enum LibYAMLEvents {
    /// Parses `bytes`, calling `handle` for each event until it returns `true` or the stream ends.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ handle: (UnsafePointer<yaml_event_t>) throws(YAMLError) -> Bool
    ) throws(YAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(kind: .syntax, problem: "libyaml could not initialise its parser", mark: Mark(line: 1, column: 1))
        }
        defer { yaml_parser_delete(parser) }
        // libyaml needs a non-null pointer even for empty input.
        let empty: [UInt8] = [0]
        try empty.withUnsafeBufferPointer { (fallback) throws(YAMLError) in
            let base = bytes.baseAddress ?? fallback.baseAddress!
            yaml_parser_set_input_string(parser, base, bytes.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
            defer { event.deallocate() }
            while true {
                guard yaml_parser_parse(parser, event) == 1 else {
                    throw error(of: parser.pointee, bytes: bytes)
                }
                defer { yaml_event_delete(event) }
                if event.pointee.type == YAML_STREAM_END_EVENT { return }
                if try handle(UnsafePointer(event)) { return }
            }
        }
    }

    /// A 1-based mark from a libyaml mark (0-based line and column, column in characters).
    static func mark(_ m: yaml_mark_t) -> Mark {
        Mark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private static func error(of parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) }
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(kind: .tooLarge, problem: "libyaml ran out of memory", mark: mark(parser.problem_mark))
        case YAML_READER_ERROR:
            // The reader reports a byte offset, not a line: compute the line and column from it.
            var text = problem ?? "cannot read the input"
            let offset = Int(parser.problem_offset)
            var start = offset
            if text.contains("trailing"), offset <= bytes.count {
                // Point at the lead byte of the broken sequence, not at its bad trailing byte.
                var j = offset - 1
                while j >= max(0, offset - 3), bytes[j] & 0xC0 == 0x80 { j -= 1 }
                if j >= 0, bytes[j] >= 0xC0 { start = j }
            }
            let at = SourceLines.mark(ofByteOffset: start, in: bytes)
            let value = Int(parser.problem_value)
            if value >= 0 {
                if text.contains("control character") || text.contains("Unicode character") {
                    text += " (U+\(hex(value, width: 4)) at offset \(offset))"
                } else {
                    text += " (byte 0x\(hex(value, width: 2)) at offset \(offset))"
                }
            } else {
                text += " (at offset \(offset))"
            }
            return YAMLError(kind: .encoding, problem: text, mark: at)
        default:
            let context = parser.context.map { String(cString: $0) }
            return YAMLError(
                kind: .syntax,
                problem: problem ?? "invalid YAML",
                mark: mark(parser.problem_mark),
                context: context,
                contextMark: context == nil ? nil : mark(parser.context_mark)
            )
        }
    }

    private static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
