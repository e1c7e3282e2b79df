import ArgumentParser
import Foundation
import Rapport
import RapportSupport
import RapportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rapport explain`: how the engine reached its verdict on one comment, and why a rule did not fire.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how one comment is classified: tokens, pattern hits, scores, decision, replies.",
        discussion: """
            The comment is the argument, the --file, or stdin when neither is given (or the argument is '-'). Every pattern hit is listed, \
            also those that did not count (negated, silenced by 'unless'), with the score each fired rule \
            added, the threshold and precedence that decided the label, the 'when' conditions, the \
            escalation and the suggested replies. --why-not RULE tells which part of a rule's patterns \
            stopped matching. Text from the comment is shown with control characters and terminal escape \
            sequences removed. A comment read from stdin or --file may be at most --max-record-bytes long (not \
            counting a final line break); reading stops there.
            Exit status: 0, 1 when a --why-not rule does not exist, 2 when a rule pack has errors, 64 on usage errors, \
            65 when the comment is longer than --max-record-bytes, 66 when --file or stdin cannot be read, \
            74 when stdout cannot be written.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The comment text ('-' or none: read it from stdin).")
    var text: String?

    @Option(help: ArgumentHelp("Read the comment from this file (its whole text, without the final line break).", valueName: "path"))
    var file: String?

    @Option(help: "The author's name or handle, for {author} in replies.")
    var author: String?

    @Option(
        name: .customLong("field"),
        help: ArgumentHelp("A comment field for 'when' conditions, as path=value (e.g. author.followers=25000); repeatable.", valueName: "path=value"))
    var fields: [String] = []

    @Option(name: .customLong("why-not"), help: ArgumentHelp("Explain why this rule did or did not fire; repeatable.", valueName: "rule-id"))
    var whyNot: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var rules: RuleOptions

    @OptionGroup var limits: LimitOptions

    @Option(help: ArgumentHelp("A comment from stdin or --file longer than this many bytes is refused (exit 65).", valueName: "bytes"))
    var maxRecordBytes: Int = 4 << 20

    func validate() throws {
        if file != nil, text != nil { throw ValidationError("give the comment as an argument or with --file, not both") }
        if maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
        for field in fields where !field.contains("=") || field.hasPrefix("=") {
            throw ValidationError("--field needs path=value, got '\(field)'")
        }
    }

    func run() throws {
        let engine = try rules.loadEngine(limits: limits, consequence: "nothing was explained")
        let comment = Comment(id: "1", text: try commentText(), author: author, fields: parsedFields())
        let explanation = engine.explain(comment)
        var reports: [WhyNot] = []
        var unknown: [String] = []
        for id in whyNot {
            if let report = engine.whyNot(ruleID: id, comment: comment) { reports.append(report) } else { unknown.append(id) }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let body = ExplainJSON(explanation: explanation, whyNot: reports)
            try StandardOutput.write(String(decoding: try encoder.encode(body), as: UTF8.self) + "\n")
        case .text:
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            try StandardOutput.write(ExplanationText(color: color).render(explanation, text: comment.text, whyNot: reports))
        }
        for id in unknown {
            Terminal.error(
                "no rule '\(id)' in the pack" + (DidYouMean.closest(to: id, in: engine.pack.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""))
        }
        if !unknown.isEmpty { throw ExitCode.checkFailed }
    }

    /// The argument, the `--file`, or all of stdin, without a final line break. Reading stops after
    /// `--max-record-bytes` (and room for a final `\r\n`): a longer comment exits with 65.
    func commentText() throws -> String {
        if let text, text != "-" { return text }
        let name = file ?? "<stdin>"
        let fd = file.map { open($0, O_RDONLY | O_CLOEXEC) } ?? 0
        guard fd >= 0 else {
            Terminal.error("\(name): cannot read the file")
            throw ExitCode.noInput
        }
        defer { if file != nil { close(fd) } }
        // Room for a final "\r\n", which is not part of the comment.
        let (limit, overflow) = maxRecordBytes.addingReportingOverflow(2)
        let read: [UInt8]?
        do throws(ReadFailure) {
            read = try Self.readBounded(fd, atMost: overflow ? .max : limit)
        } catch {
            Terminal.error("\(name): cannot read: \(error.reason)")
            throw ExitCode.noInput
        }
        var bytes = read ?? []
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        if read == nil || bytes.count > maxRecordBytes {
            Terminal.error("\(name): the comment is longer than \(maxRecordBytes) bytes (see --max-record-bytes)")
            throw ExitCode.dataError
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Why a read failed (`strerror`).
    struct ReadFailure: Error {
        var reason: String
    }

    /// All of `fd` up to its end, or nil as soon as it has given more than `limit` bytes (the rest is not read).
    static func readBounded(_ fd: Int32, atMost limit: Int) throws(ReadFailure) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(reason: String(cString: strerror(errno)))
            }
            if n > limit - bytes.count { return nil }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    /// `--field` values typed as JSON would type them: numbers, true/false, null, else text.
    func parsedFields() -> [String: FieldValue] {
        var result: [String: FieldValue] = [:]
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]), raw = String(parts[1])
            switch raw {
            case "true": result[key] = .bool(true)
            case "false": result[key] = .bool(false)
            case "null": result[key] = .null
            default: result[key] = Double(raw).map(FieldValue.number) ?? .string(raw)
            }
        }
        return result
    }
}

/// The JSON shape of `rapport explain --format json`.
struct ExplainJSON: Encodable {
    var explanation: Explanation
    var whyNot: [WhyNot]
}
