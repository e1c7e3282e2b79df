import Foundation
import Testing

/// Nothing is lost, proven on generated dumps: good records mixed with corrupted ones (truncated JSON,
/// invalid UTF-8, NUL bytes, 1 MB lines, empty lines, unbalanced CSV quotes, a BOM in the middle), in
/// every input format, through the built binary. For each dump: exactly one output record per input
/// record, in order; errors exactly on the corrupted ones, naming their line; exit 65 when there are
/// errors; the summary's counts reconcile.
@Suite struct NoLossPropertyTests {
    /// What one input record must come out as.
    enum Expected: Equatable {
        case verdict(id: String)
        case error(line: Int)
    }

    /// A deterministic generator (a linear congruential generator) so a failure can be replayed by its seed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
        static let words = [
            "where", "is", "my", "parcel", "refund", "love", "it", "thanks", "café", "naïve", "😡", "🙏", "late",
            "again", "why", "?", "!", "great", "service", "terrible", "can", "you", "help", "@brand", "#fail",
        ]
        mutating func text() -> String { (0..<(1 + next(10))).map { _ in Self.words[next(Self.words.count)] }.joined(separator: " ") }
    }

    /// A generated dump: its bytes (lines joined by `\n`) and the expected outcome of each record.
    struct Dump {
        var lines: [[UInt8]] = []
        var expected: [Expected] = []
        var nextLine: Int { lines.count + 1 }
        var bytes: Data { Data(lines.joined(separator: [0x0A]) + [0x0A]) }
    }

    static let recordLimit = 65_536
    static let megabyte = [UInt8](repeating: UInt8(ascii: "z"), count: 1 << 20)
    static let invalidUTF8: [UInt8] = [0xFF, 0xFE, 0xC3]
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func json(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            if b == 0x22 || b == 0x5C { out.append(0x5C) }
            out.append(b)
        }
        return out + [0x22]
    }

    static func jsonObject(id: String, text: [UInt8]) -> [UInt8] {
        Array("{\"id\":".utf8) + json(id) + Array(",\"text\":".utf8) + text + [UInt8(ascii: "}")]
    }

    // MARK: Generators, one per format

    static func jsonLines(_ g: inout Generator) -> Dump {
        var d = Dump()
        for k in 0..<(5 + g.next(25)) {
            let id = "r\(k)"
            switch g.next(10) {
            case 0: d.lines.append(Array("{\"id\":\"\(id)\",\"text\":\"cut he".utf8)); d.expected.append(.error(line: d.nextLine - 1))
            case 1: d.lines.append(jsonObject(id: id, text: [0x22] + invalidUTF8 + [0x22])); d.expected.append(.error(line: d.nextLine - 1))
            case 2: d.lines.append(Array("{\"id\":\"\(id)\",\u{0}\"text\":\"x\"}".utf8)); d.expected.append(.error(line: d.nextLine - 1))
            case 3: d.lines.append(jsonObject(id: id, text: [0x22] + megabyte + [0x22])); d.expected.append(.error(line: d.nextLine - 1))
            case 4: d.lines.append(g.chance(50) ? [] : Array("   ".utf8))
            case 5 where !d.lines.isEmpty:  // a BOM opening the input is skipped; in the middle it is a broken record
                d.lines.append(bom + jsonObject(id: id, text: json(g.text()))); d.expected.append(.error(line: d.nextLine - 1))
            case 6:  // a NUL inside a string is text, not a break
                d.lines.append(jsonObject(id: id, text: json("nul\u{0}inside"))); d.expected.append(.verdict(id: id))
            default: d.lines.append(jsonObject(id: id, text: json(g.text()))); d.expected.append(.verdict(id: id))
            }
        }
        return d
    }

    static func plainText(_ g: inout Generator) -> Dump {
        var d = Dump()
        for _ in 0..<(5 + g.next(25)) {
            let line = d.nextLine
            switch g.next(8) {
            case 0: d.lines.append(Array(g.text().utf8) + invalidUTF8); d.expected.append(.verdict(id: "\(line)"))  // read as Windows-1252
            case 1: d.lines.append(Array("a\u{0}b".utf8) + Array(g.text().utf8)); d.expected.append(.verdict(id: "\(line)"))
            case 2: d.lines.append(megabyte); d.expected.append(.error(line: line))
            case 3: d.lines.append([])
            case 4: d.lines.append(bom + Array(g.text().utf8)); d.expected.append(.verdict(id: "\(line)"))
            case 5: d.lines.append(Array("{\"text\":\"not json here".utf8)); d.expected.append(.verdict(id: "\(line)"))
            default: d.lines.append(Array(g.text().utf8)); d.expected.append(.verdict(id: "\(line)"))
            }
        }
        return d
    }

    static func delimited(_ g: inout Generator, separator: UInt8) -> Dump {
        var d = Dump()
        let sep = [separator]
        func quoted(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for b in bytes { if b == 0x22 { out.append(0x22) }; out.append(b) }
            return out + [0x22]
        }
        d.lines.append(Array("id".utf8) + sep + Array("text".utf8) + sep + Array("author".utf8))
        let count = 5 + g.next(25)
        for k in 0..<count {
            let id = "r\(k)"
            let line = d.nextLine
            switch g.next(10) {
            case 0: d.lines.append(Array(id.utf8) + sep + quoted(Array(g.text().utf8))); d.expected.append(.error(line: line))  // a cell short
            case 1:
                d.lines.append(Array(id.utf8) + sep + quoted(Array(g.text().utf8) + invalidUTF8) + sep + Array("ana".utf8))
                d.expected.append(.verdict(id: id))
            case 2: d.lines.append(Array(id.utf8) + sep + quoted(Array("a\u{0}b".utf8)) + sep + Array("ana".utf8)); d.expected.append(.verdict(id: id))
            case 3: d.lines.append(Array(id.utf8) + sep + megabyte + sep + Array("ana".utf8)); d.expected.append(.error(line: line))
            case 4: d.lines.append([])
            case 5:
                d.lines.append(bom + Array(id.utf8) + sep + quoted(Array(g.text().utf8)) + sep + Array("ana".utf8))
                d.expected.append(.verdict(id: id))  // the id cell keeps the BOM (see the comparison below)
            case 6:  // a quoted cell spanning two lines is one record
                d.lines.append(Array(id.utf8) + sep + [0x22] + Array(g.text().utf8))
                d.lines.append(Array(g.text().utf8) + [0x22] + sep + Array("ana".utf8))
                d.expected.append(.verdict(id: id))
            default: d.lines.append(Array(id.utf8) + sep + quoted(Array(g.text().utf8)) + sep + Array("ana".utf8)); d.expected.append(.verdict(id: id))
            }
        }
        if g.chance(50) {  // an unbalanced quote swallows the rest of the input: it can only be last, and is one error
            d.lines.append(Array("last".utf8) + sep + [0x22] + Array(g.text().utf8) + sep + Array("ana".utf8))
            d.expected.append(.error(line: d.nextLine - 1))
        }
        return d
    }

    static func jsonArray(_ g: inout Generator) -> Dump {
        var d = Dump()
        d.lines.append([UInt8(ascii: "[")])
        let count = 5 + g.next(25)
        let truncateLast = g.chance(40)
        for k in 0..<count {
            let id = "r\(k)"
            let last = k == count - 1
            let comma: [UInt8] = last ? [] : [UInt8(ascii: ",")]
            if last && truncateLast {
                d.lines.append(Array("{\"id\":\"\(id)\",\"text\":\"the file ends he".utf8)); d.expected.append(.error(line: d.nextLine - 1))
                return d
            }
            let line = d.nextLine
            switch g.next(8) {
            case 0: d.lines.append(Array("{\"id\":\"\(id)\",\"text\": bad}".utf8) + comma); d.expected.append(.error(line: line))
            case 1: d.lines.append(jsonObject(id: id, text: [0x22] + invalidUTF8 + [0x22]) + comma); d.expected.append(.error(line: line))
            case 2: d.lines.append(Array("{\"id\":\"\(id)\",\u{0}\"text\":\"x\"}".utf8) + comma); d.expected.append(.error(line: line))
            case 3: d.lines.append(jsonObject(id: id, text: [0x22] + megabyte + [0x22]) + comma); d.expected.append(.error(line: line))
            case 4: d.lines.append([]); d.lines.append(jsonObject(id: id, text: json(g.text())) + comma); d.expected.append(.verdict(id: id))
            case 5: d.lines.append(bom + jsonObject(id: id, text: json(g.text())) + comma); d.expected.append(.error(line: line))
            default: d.lines.append(jsonObject(id: id, text: json(g.text())) + comma); d.expected.append(.verdict(id: id))
            }
        }
        d.lines.append([UInt8(ascii: "]")])
        return d
    }

    // MARK: The property

    static let formats: [(name: String, file: String, make: @Sendable (inout Generator) -> Dump)] = [
        ("jsonl", "dump.jsonl", jsonLines), ("json", "dump.json", jsonArray), ("text", "dump.txt", plainText),
        ("csv", "dump.csv", { delimited(&$0, separator: UInt8(ascii: ",")) }), ("tsv", "dump.tsv", { delimited(&$0, separator: 0x09) }),
    ]

    @Test(arguments: 0..<5)
    func everyRecordComesOutOnceInOrder(format index: Int) throws {
        let format = Self.formats[index]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-noloss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var sawError = false
        for seed in 1...5 {
            var g = Generator(state: UInt64(seed * 7919 + index))
            let dump = format.make(&g)
            let input = dir.appendingPathComponent(format.file)
            let summaryPath = dir.appendingPathComponent("summary.json")
            try dump.bytes.write(to: input)
            let run = try CLI.run([
                "classify", "--quiet", "--jobs", "2", "--max-record-bytes", "\(Self.recordLimit)",
                "--summary-json", summaryPath.path, input.path,
            ])
            let context = "\(format.name), seed \(seed)"
            let outputs = run.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(String(data: run.stdout, encoding: .utf8) != nil, "output is not valid UTF-8 (\(context))")
            var actual: [Expected] = []
            for line in outputs {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    Issue.record("an output line is not a JSON object (\(context)): \(line.prefix(200))")
                    continue
                }
                if let id = object["id"] as? String, object["label"] != nil {
                    // Foundation's comparison ignores U+FEFF, so a BOM row's id is compared without it.
                    actual.append(.verdict(id: id.replacingOccurrences(of: "\u{FEFF}", with: "")))
                } else if let errorLine = object["line"] as? Int, object["error"] is String {
                    actual.append(.error(line: errorLine))
                } else {
                    Issue.record("an output line is neither a verdict nor an error record (\(context)): \(line.prefix(200))")
                }
            }
            if actual != dump.expected {
                let at = (0..<min(actual.count, dump.expected.count)).first { actual[$0] != dump.expected[$0] } ?? min(actual.count, dump.expected.count)
                let got = at < actual.count ? "\(actual[at])" : "nothing"
                let wanted = at < dump.expected.count ? "\(dump.expected[at])" : "nothing"
                Issue.record("\(context): \(actual.count) outputs for \(dump.expected.count) records; record \(at + 1) is \(got), expected \(wanted)")
            }
            let errors = dump.expected.filter { if case .error = $0 { true } else { false } }.count
            sawError = sawError || errors > 0
            #expect(run.status == (errors > 0 ? 65 : 0), "\(context): exit \(run.status)")
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: summaryPath)) as? [String: Any]
            #expect(summary?["records"] as? Int == dump.expected.count, "\(context)")
            #expect(summary?["errors"] as? Int == errors, "\(context)")
            #expect(summary?["classified"] as? Int == dump.expected.count - errors, "\(context)")
            #expect(summary?["written"] as? Int == dump.expected.count, "\(context)")
        }
        #expect(sawError, "no seed produced a corrupted \(format.name) record")
    }
}
