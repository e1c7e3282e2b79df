import Foundation
import Rapport
import Testing
@testable import RapportIO

/// Issue 14, real export shapes: X API v2 responses joined with `includes.users`, and YouTube comment
/// threads whose replies become records of their own.
@Suite("API response shapes")
struct APIResponseShapeTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/comments/\(name)")
        return Array(try Data(contentsOf: url))
    }

    /// Every raw record of `bytes` read as JSON, checked as the fuzzer checks them: numbered 1, 2, 3...,
    /// lines never going back, an error record carrying no bytes.
    static func raw(_ bytes: [UInt8], maxRecordBytes: Int = 4 << 20) throws -> (source: InputSource, records: [RawRecord]) {
        let source = try InputSource.open(bytes: bytes, name: "response.json", options: InputOptions(format: .json, maxRecordBytes: maxRecordBytes))
        var records: [RawRecord] = []
        while case .record(let raw) = try source.next(mayBlock: true) {
            #expect(raw.index == records.count + 1)
            #expect(raw.line >= (records.last?.line ?? 1))
            #expect(raw.error == nil || raw.bytes.isEmpty)
            records.append(raw)
        }
        return (source, records)
    }

    static func decoded(_ bytes: [UInt8], maxRecordBytes: Int = 4 << 20) throws -> [Result<DecodedRecord, RecordError>] {
        let (source, records) = try raw(bytes, maxRecordBytes: maxRecordBytes)
        return records.map(source.decoder.decode)
    }

    static let dana = #"{"id":"9001","name":"Dana W","username":"danaw","verified":true,"public_metrics":{"followers_count":250000}}"#

    @Test func tweetsGetTheirAuthorsFromIncludesThatFollowTheData() throws {
        let results = try Self.decoded(try Self.fixture("x-api-v2.json"))
        #expect(results.map { $0.comment?.id } == ["1861000000000000001", "1861000000000000002", "1861000000000000003", "1861000000000000004"])
        let first = try #require(results[0].comment)
        #expect(first.author == "Dana Whitfield")
        #expect(first.fields["author.username"] == .string("danawrites"))
        #expect(first.fields["author.verified"] == .bool(true))
        #expect(first.fields["author.public_metrics.followers_count"] == .number(250_000))
        #expect(first.fields["author.followers"] == .number(250_000))
        #expect(first.fields["public_metrics.like_count"] == .number(80))
        #expect(results[2].comment?.fields["author.followers"] == .number(87))
        // author_id 9404 is not among the users: the tweet is still a comment, without an author.
        let orphan = try #require(results[3].comment)
        #expect(orphan.author == nil)
        #expect(orphan.fields["author.followers"] == nil)
        #expect(orphan.fields["author_id"] == .string("9404"))
    }

    @Test func includesBeforeTheDataJoinsTooAndEveryKeptFieldReadsTheAuthor() throws {
        let response =
            #"{"includes":{"users":[\#(Self.dana)]},"data":[{"id":"t1","text":"broken again","author_id":"9001"},{"id":"t2","text":"hello","author_id":"1"}]}"#
        let options = InputOptions(format: .json, keepFields: ["author.username", "author.public_metrics.followers_count"])
        let (_, results) = try readAll(response, name: "r.json", options: options)
        #expect(results.map { $0.comment?.author } == ["Dana W", nil])
        #expect(try results[0].get().kept.map(\.value) == [.string("danaw"), .number(literal: "250000")])
        #expect(try results[1].get().kept.map(\.value) == [.null, .null])
    }

    @Test func concatenatedPagesEachJoinTheirOwnIncludes() throws {
        let results = try Self.decoded(try Self.fixture("x-api-v2.json") + Self.fixture("x-api-v2-page2.json"))
        #expect(results.count == 6)
        #expect(results.map { $0.comment?.author } == ["Dana Whitfield", "Ola Berg", "Sam Reyes", nil, nil, "Priya N"])
        // Tweet 5 names author 9001, who is in the first page's includes only.
        #expect(results[4].comment?.fields["author_id"] == .string("9001"))
        #expect(results[5].comment?.fields["author.followers"] == .number(52_000))
    }

    @Test func aTweetWithItsOwnAuthorAndNumericIdsAreHandled() throws {
        let response =
            #"{"data":[{"id":"a","text":"x","author_id":"9001","author":{"name":"own"}},{"id":"b","text":"y","author_id":7}],"includes":{"users":[\#(Self.dana),{"id":7,"name":"Seven","followers":12,"public_metrics":{"followers_count":99}},{"name":"no id"}]}}"#
        let results = try Self.decoded(Array(response.utf8))
        #expect(results.map { $0.comment?.author } == ["own", "Seven"])
        #expect(results[0].comment?.fields["author.followers"] == nil)
        // A user's own `followers` is not replaced by its public_metrics count.
        #expect(results[1].comment?.fields["author.followers"] == .number(12))
    }

    @Test func recordsPastTheHoldingBudgetGoOnUnjoinedAndTheLateIncludesSaysSo() throws {
        // Tweet a (889 bytes) and b (139 bytes) pass 1,024 bytes together; a with its author (1,007 bytes) fits the limit.
        let response = """
            {"data":[{"id":"a","text":"\(String(repeating: "x", count: 850))","author_id":"9001"},{"id":"b","text":"\(String(repeating: "y", count: 100))","author_id":"9001"}],
            "data":[{"id":"c","text":"c","author_id":"9001"}],
            "includes":{"users":[\(Self.dana)]},
            "data":[{"id":"d","text":"d","author_id":"9001"}]}
            """
        let results = try Self.decoded(Array(response.utf8), maxRecordBytes: 1024)
        #expect(results.map { $0.comment?.id } == ["a", "b", "c", nil, "d"])
        #expect(results.map { $0.comment?.author } == [nil, nil, nil, nil, "Dana W"])
        #expect(
            results[3].error
                == RecordError(
                    line: 3,
                    message: """
                        includes comes after more than 1024 bytes of records (see --max-record-bytes): the authors of the 3 records before it are not joined
                        """))
        // Within the budget the same response joins every tweet.
        let joined = try Self.decoded(Array(response.utf8), maxRecordBytes: 4096)
        #expect(joined.map { $0.comment?.author } == ["Dana W", "Dana W", "Dana W", "Dana W"])
    }

    @Test func unusableIncludesAreErrorRecordsAndNoHeldRecordIsLost() throws {
        let malformed = "{\"data\":[{\"id\":\"a\",\"text\":\"one\",\"author_id\":\"9001\"}],\n\"includes\":{\"users\":[{\"id\":\"9001\",}]}}"
        let bad = try Self.decoded(Array(malformed.utf8))
        #expect(bad.map { $0.comment?.id } == ["a", nil])
        #expect(
            bad[1].error
                == RecordError(
                    line: 2,
                    message: """
                        the includes object is not valid JSON (malformed JSON at column 24: unexpected '}', expected a string key): its users are not joined to the records
                        """))
        let large =
            "{\"data\":[{\"id\":\"a\",\"text\":\"one\",\"author_id\":\"9001\"}],\n\"includes\":{\"users\":[{\"id\":\"9001\",\"bio\":\"\(String(repeating: "b", count: 1100))\"}]}}"
        let tooLarge = try Self.decoded(Array(large.utf8), maxRecordBytes: 1024)
        #expect(tooLarge.map { $0.comment?.id } == ["a", nil])
        #expect(tooLarge[1].error?.message == "the includes object is longer than 1024 bytes (see --max-record-bytes): its users are not joined to the records")
        // Cut off while the tweets were held for the includes: the tweets, then the error.
        let truncated = try Self.decoded(Array("{\"data\":[{\"id\":\"a\",\"text\":\"one\"},{\"id\":\"b\",\"text\":\"two\"}],\n\"includes\":{\"users\":[".utf8))
        #expect(truncated.map { $0.comment?.id } == ["a", "b", nil])
        #expect(truncated[2].error == RecordError(line: 2, message: "the input ends inside a value"))
        let cut = try Self.decoded(Array("{\"data\":[{\"id\":\"a\",\"text\":\"one\"},\n{\"id\":\"b\",\"te".utf8))
        #expect(cut.map { $0.comment?.id } == ["a", nil])
        #expect(cut[1].error == RecordError(line: 2, message: "the input ends inside this record (truncated file?)"))
    }

    @Test func aJoinedTweetOverTheRecordLimitIsAnErrorRecord() throws {
        // Each part fits a 1,024-byte limit (the tweet, the includes, the held records); the tweet with its author does not.
        let text = String(repeating: "t", count: 600)
        let bio = String(repeating: "b", count: 500)
        let response =
            #"{"data":[{"id":"a","text":"\#(text)","author_id":"1"},{"id":"b","text":"two","author_id":"2"}],"includes":{"users":[{"id":"1","bio":"\#(bio)"},{"id":"2","name":"Short"}]}}"#
        let results = try Self.decoded(Array(response.utf8), maxRecordBytes: 1024)
        #expect(results.count == 2)
        #expect(
            results[0].error == RecordError(line: 1, message: "the record with its author from includes is longer than 1024 bytes (see --max-record-bytes)"))
        #expect(results[1].comment?.author == "Short")
        #expect(try Self.decoded(Array(response.utf8), maxRecordBytes: 2048)[0].comment?.fields["author.bio"] == .string(bio))
    }

    @Test func threadRepliesFollowTheirThreadAsCommentsOfTheirOwn() throws {
        let bytes = try Self.fixture("youtube-replies.json")
        let (_, records) = try Self.raw(bytes)
        // The first thread starts on line 2, its replies on lines 4 and 5, the next thread on line 7.
        #expect(records.map(\.line) == [2, 4, 5, 7])
        let options = InputOptions(mapping: FieldMapping(textField: "snippet.topLevelComment.snippet.textOriginal"), keepFields: ["parent_id"])
        let (_, results) = try readAll(bytes, name: "threads.json", options: options)
        #expect(results.map { $0.comment?.id } == ["UgyThread1", "UgyThread1.Reply1", "UgyThread1.Reply2", "UgyThread2"])
        #expect(results.map { $0.comment?.author } == ["@KettleKate", "@TeaTom", "@HappyHana", "@CuriousCal"])
        #expect(results[1].comment?.text == "Same here, does the warranty cover it?")
        #expect(results[2].comment?.fields["snippet.topLevelComment.snippet.likeCount"] == .number(5))
        #expect(results.map { try? $0.get().kept.first?.value } == [.null, .string("UgyThread1"), .string("UgyThread1"), .null])
        // With the usual names the replies read the same.
        let plain = try Self.decoded(bytes)
        #expect(plain.map { $0.comment?.text } == results.map { $0.comment?.text })
    }

    /// Cut anywhere, the responses still give every record they hold: numbered in order, lines never
    /// going back (checked by ``raw(_:maxRecordBytes:)``), and a longer piece never fewer comments.
    @Test(arguments: ["x-api-v2.json", "youtube-replies.json"])
    func everyPrefixReadsWithoutLoss(_ name: String) throws {
        let whole = try Self.fixture(name) + Self.fixture(name == "x-api-v2.json" ? "x-api-v2-page2.json" : name)
        var comments = 0
        for end in 0...whole.count {
            // A first document cut before its array of records refuses the input as a whole.
            guard let (source, records) = try? Self.raw(Array(whole[..<end])) else { continue }
            let count = records.filter { (try? source.decoder.decode($0).get()) != nil }.count
            #expect(count >= comments, "\(end) bytes gave \(count) comments, fewer bytes gave \(comments)")
            comments = count
        }
        #expect(comments == (name == "x-api-v2.json" ? 6 : 8))
    }

    @Test func oddRepliesAreKeptInPlace() throws {
        let thread =
            #"[{"id":"T","snippet":{"topLevelComment":{"snippet":{"textOriginal":"top"}}},"replies":{"comments":[42,{"snippet":{"textOriginal":"no id"}},"a bare string"]}},{"id":"U","text":"after","replies":{"comments":[{"id":"x","snippet":{"textOriginal":"not a thread"}}]}}]"#
        let results = try Self.decoded(Array(thread.utf8))
        #expect(results.map { $0.comment?.text } == ["top", nil, "no id", "a bare string", "after"])
        #expect(results[1].error?.message == "the record is a number, not an object or a string")
        // Positional ids count the replies as records; a reply without an id gets its position.
        #expect(results.map { $0.comment?.id } == ["T", nil, "3", "4", "U"])
    }
}

/// Issue 14: an X API v2 single-tweet response (`{"data": {...}, "includes": ...}`) as one record
/// joined to its author, pretty-printed or on a JSON Lines line, and YouTube threads in JSON Lines
/// followed by their replies.
@Suite("Single tweets and JSON Lines threads")
struct SingleTweetAndJSONLinesThreadTests {
    static let singleTweet = """
        {
          "data": {"id": "1870000000000000001", "text": "my kettle is broken, again", "author_id": "42", "edit_history_tweet_ids": ["1870000000000000001"]},
          "includes": {"users": [{"id": "42", "name": "Big Voice", "username": "bigvoice", "public_metrics": {"followers_count": 120000}}]}
        }

        """

    static let thread =
        #"{"kind":"youtube#commentThread","id":"T1","snippet":{"topLevelComment":{"id":"T1","snippet":{"textOriginal":"my kettle died","authorDisplayName":"@kate"}}},"replies":{"comments":[{"id":"T1.a","snippet":{"textOriginal":"same, does the warranty cover it?","authorDisplayName":"@tom"}},{"id":"T1.b","snippet":{"textOriginal":"love mine","authorDisplayName":"@hana"}}]}}"#

    /// Every raw record of `bytes` read as `format`: numbered 1, 2, 3..., lines never going back, an error record carrying no bytes.
    static func raw(_ bytes: [UInt8], format: InputFormat, maxRecordBytes: Int = 4 << 20) throws -> (source: InputSource, records: [RawRecord]) {
        let source = try InputSource.open(bytes: bytes, name: "in", options: InputOptions(format: format, maxRecordBytes: maxRecordBytes))
        var records: [RawRecord] = []
        while case .record(let raw) = try source.next(mayBlock: true) {
            #expect(raw.index == records.count + 1)
            #expect(raw.line >= (records.last?.line ?? 1))
            #expect(raw.error == nil || raw.bytes.isEmpty)
            records.append(raw)
        }
        return (source, records)
    }

    static func decoded(_ text: String, format: InputFormat, maxRecordBytes: Int = 4 << 20) throws -> [Result<DecodedRecord, RecordError>] {
        let (source, records) = try raw(Array(text.utf8), format: format, maxRecordBytes: maxRecordBytes)
        return records.map(source.decoder.decode)
    }

    @Test func aPrettyPrintedSingleTweetResponseIsOneRecordWithItsAuthor() throws {
        let (format, results) = try readAll(Self.singleTweet, name: "tweet.json", options: InputOptions(keepFields: ["author.username"]))
        #expect(format == .json)
        #expect(results.count == 1)
        let tweet = try #require(results.first?.comment)
        #expect(tweet.id == "1870000000000000001")
        #expect(tweet.text == "my kettle is broken, again")
        #expect(tweet.author == "Big Voice")
        #expect(tweet.fields["author.followers"] == .number(120_000))
        #expect(try results[0].get().kept.map(\.value) == [.string("bigvoice")])
        // Without includes, or with includes first, the data object is still the record.
        let bare = try Self.decoded(#"{"data": {"id": "t", "text": "hello"}, "meta": {"result_count": 1}}"#, format: .json)
        #expect(bare.map { $0.comment?.text } == ["hello"])
        let first = try Self.decoded(#"{"includes":{"users":[{"id":"1","name":"One"}]},"data":{"id":"t","text":"hi","author_id":"1"}}"#, format: .json)
        #expect(first.map { $0.comment?.author } == ["One"])
    }

    @Test func singleTweetResponsesOnJSONLinesLinesAreTheirTweets() throws {
        let lines = [
            #"{"data":{"id":"t1","text":"my kettle is broken","author_id":"42"},"includes":{"users":[{"id":"42","name":"Big Voice","public_metrics":{"followers_count":120000}}]},"matching_rules":[{"id":"r1","tag":"kettle"}]}"#,
            #"{"data":{"id":"t2","text":"who knows","author_id":"7"},"includes":{"users":[{"id":"42","name":"Big Voice"}]}}"#,
            #"{"id":"t3","text":"not a response","includes":"nothing"}"#,
            #"{"data":{"id":"t4","text":"x"},"includes":{"users":[{"id":"42",}]}}"#,
        ]
        let (format, results) = try readAll(lines.joined(separator: "\n") + "\n", name: "stream.jsonl")
        #expect(format == .jsonl)
        #expect(results.map { $0.comment?.id } == ["t1", "t2", "t3", nil])
        #expect(results.map { $0.comment?.author } == ["Big Voice", nil, nil, nil])
        #expect(results[0].comment?.fields["author.followers"] == .number(120_000))
        // The response's other members are not fields of the tweet.
        #expect(results[0].comment?.fields.keys.contains { $0.hasPrefix("matching_rules") } == false)
        // A malformed response stays one record, an error naming its line.
        #expect(results[3].error?.line == 4)
    }

    @Test func jsonLinesThreadsAreFollowedByTheirRepliesOnTheirLine() throws {
        let text = Self.thread + "\n\n" + #"{"id":"plain","text":"where is my order?"}"# + "\n" + Self.thread + "\n"
        let (_, records) = try Self.raw(Array(text.utf8), format: .jsonl)
        #expect(records.map(\.line) == [1, 1, 1, 3, 4, 4, 4])
        let options = InputOptions(keepFields: ["parent_id"])
        let (_, results) = try readAll(text, name: "threads.jsonl", options: options)
        #expect(results.map { $0.comment?.id } == ["T1", "T1.a", "T1.b", "plain", "T1", "T1.a", "T1.b"])
        #expect(results.map { $0.comment?.author } == ["@kate", "@tom", "@hana", nil, "@kate", "@tom", "@hana"])
        #expect(results[1].comment?.text == "same, does the warranty cover it?")
        #expect(results.prefix(4).map { try? $0.get().kept.first?.value } == [.null, .string("T1"), .string("T1"), .null])
    }

    @Test func aTweetOverTheRecordLimitWithItsAuthorIsAnErrorRecordInJSONLines() throws {
        // The follower count is given twice in the joined tweet (as author.followers too), so the tweet
        // with its author is longer than the line that fits the limit exactly.
        let count = String(repeating: "9", count: 300)
        let response = #"{"data":{"id":"t1","text":"hi","author_id":"1"},"includes":{"users":[{"id":"1","public_metrics":{"followers_count":\#(count)}}]}}"#
        let results = try Self.decoded(response + "\n", format: .jsonl, maxRecordBytes: response.utf8.count)
        #expect(results.count == 1)
        #expect(
            results[0].error?.message
                == "the tweet with its author from includes is longer than \(response.utf8.count) bytes (see --max-record-bytes)")
        #expect(try Self.decoded(response + "\n", format: .jsonl, maxRecordBytes: 4096)[0].comment?.id == "t1")
    }

    /// Cut anywhere, the inputs give every record they hold, in order (checked by ``raw(_:format:maxRecordBytes:)``),
    /// a longer piece never fewer comments, and nothing crashes.
    @Test(arguments: [InputFormat.json, .jsonl])
    func everyPrefixReadsWithoutLoss(_ format: InputFormat) throws {
        let whole: String =
            format == .json
            ? Self.singleTweet + Self.singleTweet
            : Self.thread + "\n" + #"{"data":{"id":"t1","text":"one","author_id":"1"},"includes":{"users":[{"id":"1","name":"One"}]}}"# + "\n" + Self.thread
        let bytes = Array(whole.utf8)
        var comments = 0
        for end in 0...bytes.count {
            guard let (source, records) = try? Self.raw(Array(bytes[..<end]), format: format) else { continue }
            let count = records.filter { (try? source.decoder.decode($0).get()) != nil }.count
            #expect(count >= comments, "\(end) bytes gave \(count) comments, fewer bytes gave \(comments)")
            comments = count
        }
        #expect(comments == (format == .json ? 2 : 7))
    }
}
