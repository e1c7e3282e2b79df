import Testing
import Rapport
@testable import RapportIO

/// The one JSON record decoder, read against a reference written the simple way (parse the whole
/// record into a `JSONValue`, count its fields, look the paths up, flatten every member): with a
/// ``FieldDemand`` it must give the same comments (but for the fields nobody asked for), the same
/// kept fields and the same errors; without one, the same fields too, whatever the record.
@Suite struct RecordDecodingTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// The keys as `Engine.readableFields` gives them: `author` with the keys that stand in for it.
    static let demand = FieldDemand(keys: ["author.followers", "platform", "likes", "label", "a.b.c", "text", "author", "author.name", "author.handle"])
    static let keep = ["likes", "author", "author.followers", "text", "a.b", "list", "id"]

    /// The reference: the record parsed whole, then read member by member.
    struct Reference {
        var mapping: FieldMapping
        var keep: [String]
        var maxDepth: Int
        var maxFields: Int

        func decode(_ bytes: [UInt8], line: Int, position: Int) -> Result<DecodedRecord, RecordError> {
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes, maxDepth: maxDepth)
            } catch {
                return .failure(RecordError(line: line, message: bytes.withUnsafeBufferPointer { RecordDecoder.describe(error, in: $0, line: line) }))
            }
            if RecordDecoder.fieldCount(value, stopAfter: maxFields) > maxFields {
                return .failure(RecordError(line: line, message: "the record has more than \(maxFields) fields (see --limit fields=N)"))
            }
            let positional = "p" + String(position)
            switch value {
            case .string(let text):
                let kept = keep.map { KeptField(name: $0, value: $0 == "text" ? .string(text) : .null) }
                return .success(DecodedRecord(comment: Comment(id: positional, text: text), kept: kept, repaired: false))
            case .object: break
            default: return .failure(RecordError(line: line, message: "the record is \(value.kindName), not an object or a string"))
            }
            var text: String?
            var textPath = ""
            var wrongKind: (path: String, kind: String)?
            for path in mapping.textPaths {
                guard let found = value[path: path] else { continue }
                if case .string(let s) = found {
                    text = s
                    textPath = path
                    break
                }
                if wrongKind == nil { wrongKind = (path, found.kindName) }
            }
            guard let text else {
                if let wrongKind { return .failure(RecordError(line: line, message: "the text field '\(wrongKind.path)' is \(wrongKind.kind), not a string")) }
                let message =
                    mapping.explicitText
                    ? "no field '\(mapping.textPaths[0])'"
                    : "no text field (looked for full_text, text, message, body, comment, content and YouTube snippet text; use --text-field)"
                return .failure(RecordError(line: line, message: message))
            }
            var id: String?
            for path in mapping.idPaths {
                switch value[path: path] {
                case .string(let s)? where !s.isEmpty: id = s
                case .number(let literal)?: id = literal
                default: continue
                }
                break
            }
            var author: String?
            for path in mapping.authorPaths {
                if case .string(let s)? = value[path: path], !s.isEmpty {
                    author = s
                    break
                }
            }
            var fields: [String: FieldValue] = [:]
            Self.flatten(value, prefix: "", into: &fields)
            fields[textPath] = nil
            RecordDecoder.addFollowerAlias(&fields)
            let kept = keep.map { path in
                KeptField(name: path, value: path == textPath ? .string(text) : value[path: path]?.keptValue ?? .null)
            }
            return .success(DecodedRecord(comment: Comment(id: id ?? positional, text: text, author: author, fields: fields), kept: kept, repaired: false))
        }

        /// Nested objects flattened into dotted keys, arrays left out; of members that flatten to one
        /// key, the one nested at the earliest dot wins (shorter keys are flattened last).
        static func flatten(_ value: JSONValue, prefix: String, into fields: inout [String: FieldValue]) {
            guard case .object(let members) = value else { return }
            for (key, member) in members.sorted(by: { $0.key.utf8.count > $1.key.utf8.count }) {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if case .object = member {
                    flatten(member, prefix: path, into: &fields)
                } else if let v = member.fieldValue {
                    fields[path] = v
                }
            }
        }
    }

    /// Checks the decoder, with the demand and without one, against the reference for one record.
    static func check(
        _ bytes: [UInt8], keep: [String] = keep, mapping: FieldMapping = FieldMapping(), demand: FieldDemand = demand,
        maxDepth: Int = JSONParser.defaultMaxDepth, maxFields: Int = 1_000, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let all = try RecordDecoder(
            shape: .json(idFromIndex: false), mapping: mapping, keepFields: keep, idPrefix: "p",
            maxDepth: maxDepth, maxFields: maxFields)
        let reference = Reference(mapping: mapping, keep: keep, maxDepth: maxDepth, maxFields: maxFields).decode(bytes, line: 7, position: 7)
        let raw = RawRecord(bytes: bytes, line: 7, index: 3)
        let text = String(decoding: bytes, as: UTF8.self)
        for (decoder, keys) in [(all, nil), (all.demanding(demand), demand.keys)] {
            switch (reference, decoder.decode(raw)) {
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(text)", sourceLocation: sourceLocation)
            case (.success(let a), .success(let b)):
                #expect(a.comment.id == b.comment.id, "\(text)", sourceLocation: sourceLocation)
                #expect(a.comment.text == b.comment.text, "\(text)", sourceLocation: sourceLocation)
                #expect(a.comment.author == b.comment.author, "\(text)", sourceLocation: sourceLocation)
                #expect(a.kept == b.kept, "\(text)", sourceLocation: sourceLocation)
                #expect(a.repaired == b.repaired, "\(text)", sourceLocation: sourceLocation)
                // A demanding decoder keeps only the demanded keys.
                let expected = keys.map { keys in a.comment.fields.filter { keys.contains($0.key) } } ?? a.comment.fields
                #expect(expected == b.comment.fields, "\(text)", sourceLocation: sourceLocation)
            case (let a, let b):
                Issue.record("reference \(a) but decoded \(b) for \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func handWrittenRecordsDecodeAlike() throws {
        let records = [
            #"{"id":"c1","author":{"name":"iris","followers":65},"platform":"helpdesk","likes":8,"text":"Love it 👏"}"#,
            #"{"id":12345678901234567890,"user":{"screen_name":"@ana","followers_count":20000},"full_text":"where is my order","text":"trunc"}"#,
            #"{"text":"a","author":"bob","author.followers":3,"author.name":"x"}"#,
            #"{"text":"a","author.followers":3,"author":{"followers":4}}"#,
            #"{"text":"a","likes":1,"likes":2}"#,
            #"{"text":"a","author":{"name":"x"},"author":"y"}"#,
            #"{"text":"a","unrelated":1,"unrelated":2}"#,
            #"{"te\u0078t":"escaped key","text":"b"}"#,
            #"{"text":"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800 \udc00 \ud800\u0041"}"#,
            #"{"text":"bad \x"}"#,
            #"{"text":"bad \u12G4"}"#,
            #"{"text":"unterminated}"#,
            #"{"text":"a",}"#,
            #"{"text":"a" "b"}"#,
            #"{"text":"a"} x"#,
            #"  {"text":"a"}  "#,
            #""just a string""#,
            #"[1,2,3]"#,
            #"12"#,
            "",
            "   ",
            #"{"text":5}"#,
            #"{"body":{"x":1}}"#,
            #"{"message":"m","id":"","id_str":"","comment_id":7.5e3}"#,
            #"{"text":"a","list":[1,{"text":"inner"},[[]]],"a":{"b":{"c":true}},"a.b":{"c":false}}"#,
            #"{"text":"a","a":{"b":{"c":null}}, "a.b.c": 1}"#,
            #"{"text":"a","a":{"b":[1]},"likes":-0.5e-3,"platform":null}"#,
            #"{"text":"a","likes":01,"platform":true}"#,
            #"{"text":"a","likes":-,"platform":true}"#,
            #"{"text":"a","likes":1.,"platform":true}"#,
            #"{"text":"a","likes":1e,"platform":true}"#,
            #"{"text":"a","likes":tru}"#,
            #"{"snippet":{"topLevelComment":{"snippet":{"textOriginal":"yt","authorDisplayName":"Z"}}},"id":"y1"}"#,
            #"{"snippet.topLevelComment":{"snippet":{"textOriginal":"yt"}},"snippet":{"topLevelComment.snippet":{"textOriginal":"other"}}}"#,
            #"{"text":"a","\u212Aey":1,"K":2}"#,
            #"{"text":"a","caf\u00e9":1,"café":2}"#,
            #"{"text":"a","café":1,"platform":"x"}"#,
            #"{"text":"","author":"","id":"x"}"#,
            #"{"text":"a","author":{"handle":"h","name":""}}"#,
            #"{"text":"a","followers":10,"user":{"followers":"20"}}"#,
            #"{"text":"a","followers":"10","followers_count":11}"#,
        ]
        for record in records { try Self.check(Array(record.utf8)) }
        // Invalid UTF-8 in a skipped string, a key, the text; split around escapes.
        for bytes: [UInt8] in [
            Array(#"{"text":"a","x":""#.utf8) + [0xC3] + Array(#""}"#.utf8),
            Array(#"{"text":"a",""#.utf8) + [0xFF] + Array(#"":1}"#.utf8),
            Array(#"{"text":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
            Array(#"{"text":"a","x":""#.utf8) + [0xC3] + Array(#"\n"#.utf8) + [0xA9] + Array(#""}"#.utf8),
            Array(#"{"text":"a\"#.utf8),
            Array(#"{"text":"a\u00"#.utf8),
        ] {
            try Self.check(bytes)
        }
    }

    /// Speed round 12: the author's string, made once for the comment's author, is given to the demanded
    /// field with the same value (`author.name` for the default pack) rather than made again. Random
    /// records with the author's name plain, escaped, empty, repeated, as a flat key, under `user`, and
    /// beside other string fields read as the reference reads them, through shapes met again and new.
    @Test func theAuthorsStringIsReusedAsItsField() throws {
        var generator = SplitMix(state: 1_812)
        let names = [#""iris""#, #""a\u00e9b""#, #""""#, #""\"q\"""#, #""long display name of twenty""#, "5", "null", #""x""#]
        for _ in 0..<3_000 {
            var members = [#""text":"t""#]
            func name() -> String { names.randomElement(using: &generator)! }
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                switch Int.random(in: 0..<8, using: &generator) {
                case 0: members.append(#""author":{"name":\#(name()),"followers":3}"#)
                case 1: members.append(#""author":\#(name())"#)
                case 2: members.append(#""author.name":\#(name())"#)
                case 3: members.append(#""user":{"screen_name":\#(name()),"name":\#(name())}"#)
                case 4: members.append(#""author":{"handle":\#(name()),"name":\#(name())}"#)
                case 5: members.append(#""platform":\#(name())"#)
                case 6: members.append(#""id":\#(name())"#)
                default: members.append(#""author":{"name":\#(name())},"author.name":\#(name())"#)
                }
            }
            members.shuffle(using: &generator)
            try Self.check(Array(("{" + members.joined(separator: ",") + "}").utf8))
        }
    }

    @Test func anOrdinaryRecordKeepsTheDemandedFields() throws {
        let decoder = try RecordDecoder(shape: .json(idFromIndex: false), mapping: FieldMapping(), keepFields: Self.keep).demanding(Self.demand)
        let record = #"{"id":"c1","author":{"name":"iris","followers":65},"platform":"helpdesk","likes":8,"text":"Love it \u00e9 👏","tags":["a",{"b":null}]}"#
        let decoded = try decoder.decode(RawRecord(bytes: Array(record.utf8), line: 1, index: 1)).get()
        #expect(
            decoded.comment
                == Comment(
                    id: "c1", text: "Love it é 👏", author: "iris",
                    fields: ["author.followers": .number(65), "platform": .string("helpdesk"), "likes": .number(8), "author.name": .string("iris")]))
    }

    /// What the planned scan used to leave to a second, full decode: repeated members (the last one
    /// counts, what the earlier one held is forgotten), members that flatten to one key, escaped and
    /// non-ASCII keys (compared as Swift compares strings), a key with more dots than the plan nests.
    @Test func repeatsCollisionsAndOddKeysDecodeAlike() throws {
        let records = [
            #"{"text":"a","author":{"followers":1,"name":"n"},"author":{"handle":"h"}}"#,
            #"{"text":"a","author":{"followers":1},"author":5,"author.followers":7}"#,
            #"{"text":"a","author.followers":3,"author":{"followers":4},"author":{"followers":5}}"#,
            #"{"text":"a","a.b.c":1,"a":{"b.c":2},"a.b":{"c":3}}"#,
            #"{"text":"a","a.b":{"c":3},"a.b.c":1}"#,
            #"{"text":"a","a":{"b":{"c":[1]}},"a.b.c":1}"#,
            #"{"text":"a","a":{"b":{"c":{"d":1}}},"a.b":{"c":2}}"#,
            #"{"\u0074ext":"escaped text key","pl\u0061tform":"p"}"#,
            #"{"text":"a","\u212A":1,"K":2,"platform":"\u212A"}"#,
            #"{"text":"a","author":{"n\u0061me":"escaped"}}"#,
            #"{"text":"a","author":{"name":"x"},"author":{"name":"y"}}"#,
        ]
        let deep = FieldDemand(keys: ["a.b.c.d.e.f.g.h.i.j", "K", "platform", "author.followers"])
        for record in records {
            try Self.check(Array(record.utf8))
            try Self.check(Array(record.utf8), demand: deep)
        }
        try Self.check(Array(#"{"text":"t","a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":1}}}}}}}}},"a.b.c.d.e.f.g.h.i.j":2}"#.utf8), demand: deep)
        // The Kelvin sign equals `K` as Swift compares strings, so it is the same demanded key.
        try Self.check(Array(#"{"text":"a","K":1}"#.utf8), demand: FieldDemand(keys: ["\u{212A}"]))
    }

    /// Keys and string values of up to 15 plain ASCII bytes are read from one or two words: every
    /// length around the word edges, with a quote, backslash, escape, control or non-ASCII byte at each
    /// place, and near the record's end (fewer than 16 bytes after the quote), decodes as the reference does.
    @Test func shortKeysAndValuesAtWordEdgesDecodeAlike() throws {
        let demand = FieldDemand(keys: ["platform", "author.name", "abcdefghijklmnopq", "abcdefgh", "abcdefg"])
        let odd = [#"\""#, #"\\"#, #"\u0061"#, #"\t"#, "\u{1}", "é", "\u{2028}", #"""#]
        for length in 0...18 {
            let plain = String("abcdefghijklmnopqr".prefix(length))
            var pieces = [plain]
            for position in 0..<length {
                for byte in odd {
                    var characters = Array(plain).map(String.init)
                    characters[position] = byte
                    pieces.append(characters.joined())
                }
            }
            for piece in pieces {
                for record in [
                    #"{"\#(piece)":"\#(piece)","text":"some text that is long enough","platform":"\#(piece)"}"#,
                    #"{"text":"t","author":{"\#(piece)":1,"name":"\#(piece)"},"\#(piece)":"\#(piece)"}"#,
                    #"{"text":"t","\#(piece)":"\#(piece)"}"#,
                ] {
                    try Self.check(Array(record.utf8), demand: demand)
                }
            }
        }
    }

    /// Plain ASCII string values of any length are checked eight bytes at a time, the last few bytes one by
    /// one: a backslash, a byte from 0x80 up (valid UTF-8 or not) or a missing closing quote at each place
    /// decodes (or fails, with its message and place) as the reference does.
    @Test func plainStringValuesDecodeAlike() throws {
        let odd: [[UInt8]] = [[0x5C, 0x6E], [0xC3, 0xA9], [0xFF], [0xC3], [0x01], [0xE2, 0x80, 0xA8]]
        for length in 0...20 {
            let plain = Array("abcdefghijklmnopqrstu".utf8.prefix(length))
            var values = [plain]
            for position in 0..<length {
                for bytes in odd { values.append(Array(plain[..<position]) + bytes + Array(plain[(position + 1)...])) }
            }
            for value in values {
                let start = Array(#"{"id":"x","text":""#.utf8)
                for record in [
                    start + value + Array(#""}"#.utf8),
                    start + value + Array(#"","platform":"some platform name"}"#.utf8),
                    start + value,
                    Array(#"{"text":"t","platform":""#.utf8) + value + Array(#""}"#.utf8),
                ] {
                    try Self.check(record)
                }
            }
        }
    }

    @Test func limitsGiveTheSameAnswer() throws {
        let deep = String(repeating: #"{"a":"#, count: 6) + "1" + String(repeating: "}", count: 6)
        for depth in 1...8 {
            try Self.check(Array(#"{"text":"t","x":\#(deep)}"#.utf8), maxDepth: depth)
            try Self.check(Array(#"{"text":"t","x":[[[[[[1]]]]]]}"#.utf8), maxDepth: depth)
        }
        for fields in 1...8 {
            try Self.check(Array(#"{"text":"t","a":1,"a":2,"a":3,"b":[1,2]}"#.utf8), maxFields: fields)
            // Counted as parsed: the replaced member's array does not count.
            try Self.check(Array(#"{"text":"t","a":[1,2,3,4,5,6,7,8],"a":1}"#.utf8), maxFields: fields)
        }
    }

    @Test func explicitPathsAndKeptFieldsDecodeAlike() throws {
        let mapping = FieldMapping(textField: "payload.body", idField: "meta.id", authorField: "who")
        for record in [
            #"{"payload":{"body":"hi"},"meta":{"id":9},"who":"w"}"#,
            #"{"payload.body":"direct","payload":{"body":"nested"}}"#,
            #"{"payload":"not an object"}"#,
            #"{"payload":{"body":["x"]}}"#,
        ] {
            try Self.check(Array(record.utf8), keep: ["payload", "meta.id", "who", "payload.body"], mapping: mapping)
        }
    }

    /// Random records built from a small vocabulary (so members repeat and collide), then randomly broken.
    @Test func randomRecordsDecodeAlike() throws {
        var rng = SplitMix(state: 42)
        let keys = [
            "text", "id", "author", "name", "followers", "followers_count", "user", "likes", "platform", "a", "b", "c",
            "a.b", "b.c", "author.followers", "full_text", "list", "x", "a.b.c", "caf\\u00e9", "café", "K", "\\u212A",
            "t\\u0065xt",
        ]
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &rng) {
            case 0: return "null"
            case 1: return Bool.random(using: &rng) ? "true" : "false"
            case 2: return ["0", "-1", "12.5", "1e3", "123456789012345678901234", "-0.0"].randomElement(using: &rng)!
            case 3, 4: return ["\"\"", "\"hi\"", "\"caf\\u00e9\"", "\"q\\\"uote\"", "\"😀 emoji\"", "\"tab\\tnl\\n\""].randomElement(using: &rng)!
            case 5: return "\"\(String(repeating: "long text ", count: Int.random(in: 1...5, using: &rng)))\""
            case 6: return "[" + (0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth + 1) }.joined(separator: ",") + "]"
            default: return object(depth + 1)
            }
        }
        func object(_ depth: Int) -> String {
            "{"
                + (0..<Int.random(in: 0...5, using: &rng)).map { _ in "\"\(keys.randomElement(using: &rng)!)\" : \(value(depth))" }
                .joined(separator: ",") + "}"
        }
        for _ in 0..<3_000 {
            var record = object(0)
            if Bool.random(using: &rng) { record = #"{"text":"t","# + record.dropFirst() }
            if record.hasSuffix(",}") { record = record.dropLast(2) + "}" }
            var bytes = Array(record.utf8)
            if Int.random(in: 0..<4, using: &rng) == 0, !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes[at] = [0x22, 0x5C, 0x2C, 0x7D, 0xC3, 0x80, 0x20].randomElement(using: &rng)!
                default: bytes.removeSubrange(at...)
                }
            }
            let maxFields = Int.random(in: 0..<4, using: &rng) == 0 ? 6 : 1_000
            try Self.check(bytes, maxFields: maxFields)
        }
    }

    @Test func demandCoversThePacksWhenExpressionsAndTemplates() throws {
        let demand = FieldDemand(pack: Engine.default.pack)
        #expect(demand.keys.isSuperset(of: ["author.followers", "author", "author.name", "author.handle", "label"]))
        #expect(demand.keys.isSuperset(of: FieldMapping.followerAliases))
    }

    /// Without replies only the `when` expressions' fields (and aliases) are demanded, and the author
    /// is dropped unless a `when` reads it or the output shows it.
    @Test func demandWithoutRepliesKeepsWhatConditionsRead() throws {
        let pack = Engine.default.pack
        let full = FieldDemand(pack: pack)
        #expect(FieldDemand(pack: pack, rendersReplies: true) == full && full.keepsAuthor)
        let narrow = FieldDemand(pack: pack, rendersReplies: false)
        #expect(narrow.keys.isSuperset(of: ["author.followers", "label"]) && narrow.keys.isSuperset(of: FieldMapping.followerAliases))
        #expect(narrow.keys.isStrictSubset(of: full.keys) && !narrow.keys.contains("platform") && !narrow.keepsAuthor)
        #expect(JSONLinesEncoder(fields: [.id, .label, .escalation]).fieldDemand(pack: pack) == narrow)
        #expect(JSONLinesEncoder().fieldDemand(pack: pack) == full)
        #expect(CSVEncoder(columns: [.id, .label]).fieldDemand(pack: pack) == narrow)
        #expect(CSVEncoder(columns: [.id, .author]).fieldDemand(pack: pack).keepsAuthor)
        // A `when` that reads the author keeps it without replies.
        let reading = try RulePack.load(
            files: [
                (
                    "pack.yaml",
                    """
                    rapport: 1
                    rules:
                      - id: complaint.named
                        label: complaint
                        weight: 1
                        match: [broken]
                        when: "author.handle == x"
                        examples: {fire: ["it is broken"]}
                    """
                )
            ], overDefault: false)
        let demand = FieldDemand(pack: reading, rendersReplies: false)
        #expect(demand.keepsAuthor && demand.keys.isSuperset(of: ["author", "author.name", "author.handle"]))

        let record = #"{"id":"c1","author":{"name":"iris","followers":65},"platform":"helpdesk","text":"hi"}"#
        let decoder = try RecordDecoder(shape: .json(idFromIndex: false), mapping: FieldMapping(), keepFields: []).demanding(narrow)
        let decoded = try decoder.decode(RawRecord(bytes: Array(record.utf8), line: 1, index: 1)).get()
        #expect(decoded.comment == Comment(id: "c1", text: "hi", author: nil, fields: ["author.followers": .number(65)]))
    }
}
