#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte ranges of the parts of a JSON value, so a record can be reshaped by copying the bytes the
/// input wrote (numbers, escapes and key order stay as they were) rather than by re-encoding it.
enum JSONParts {
    /// The members of the one JSON object at `range` of `bytes` (surrounding whitespace allowed), each
    /// key with the range of its value, in order. Throws when the range is not exactly one valid
    /// object within `maxDepth` levels; nil when it is valid JSON of another kind.
    static func members(of bytes: [UInt8], in range: Range<Int>? = nil, maxDepth: Int) throws(JSONSyntaxError) -> [(key: String, value: Range<Int>)]? {
        try parts(of: bytes, in: range ?? 0..<bytes.count, open: UInt8(ascii: "{"), maxDepth: maxDepth)
    }

    /// The elements of the one JSON array at `range` of `bytes`, each as a range; nil when it is valid
    /// JSON of another kind (see ``members(of:in:maxDepth:)``).
    static func elements(of bytes: [UInt8], in range: Range<Int>, maxDepth: Int) throws(JSONSyntaxError) -> [Range<Int>]? {
        try parts(of: bytes, in: range, open: UInt8(ascii: "["), maxDepth: maxDepth)?.map(\.value)
    }

    /// The value of the member named `key` among `members` (the last one when the key repeats, as
    /// ``JSONParser`` reads it).
    static func value(_ key: String, in members: [(key: String, value: Range<Int>)]) -> Range<Int>? {
        members.last { $0.key == key }?.value
    }

    /// A byte string to look for before parsing (most records do not hold it): found by `memchr` on
    /// one of its bytes chosen as rare in JSON records (`anchor`), then compared whole.
    struct Needle: Sendable {
        let bytes: [UInt8]
        let anchor: Int

        init(_ text: String, anchor: Int) {
            bytes = Array(text.utf8)
            self.anchor = anchor
        }

        /// Whether `haystack` holds the needle anywhere.
        func occurs(in haystack: [UInt8]) -> Bool {
            haystack.withUnsafeBufferPointer { occurs(in: $0) }
        }

        /// Whether the bytes of `h` hold the needle anywhere.
        func occurs(in h: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = bytes.count
            guard h.count >= n, let base = h.baseAddress else { return false }
            return bytes.withUnsafeBufferPointer { needle in
                var from = anchor
                let last = h.count - (n - anchor)
                while from <= last {
                    guard let hit = memchr(base + from, Int32(needle[anchor]), last + 1 - from) else { return false }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    // Most hits of the anchor are not the needle: its first byte (a quote) tells, without a call.
                    if base[at - anchor] == needle[0], memcmp(base + at - anchor, needle.baseAddress!, n) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }

    private static func parts(of bytes: [UInt8], in range: Range<Int>, open: UInt8, maxDepth: Int) throws(JSONSyntaxError) -> [(
        key: String, value: Range<Int>
    )]? {
        try bytes.withUnsafeBufferPointer { (all) throws(JSONSyntaxError) -> [(key: String, value: Range<Int>)]? in
            var cursor = JSONParser.Cursor(bytes: UnsafeBufferPointer(rebasing: all[range]))
            cursor.maxDepth = min(max(1, maxDepth), JSONParser.maxDepthCeiling)
            cursor.skipWhitespace()
            guard cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == open else {
                _ = try JSONParser.parse(Array(cursor.bytes), maxDepth: maxDepth)
                return nil
            }
            let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var found: [(key: String, value: Range<Int>)] = []
            let separatorOrClose = "',' or '\(Character(Unicode.Scalar(close)))'"
            cursor.index += 1
            cursor.skipWhitespace()
            if cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == close {
                cursor.index += 1
            } else {
                while true {
                    var key = ""
                    if open == UInt8(ascii: "{") {
                        guard cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == UInt8(ascii: "\"") else {
                            throw cursor.unexpected(expecting: "a string key")
                        }
                        key = try cursor.parseString()
                        cursor.skipWhitespace()
                        guard cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == UInt8(ascii: ":") else {
                            throw cursor.unexpected(expecting: "':'")
                        }
                        cursor.index += 1
                        cursor.skipWhitespace()
                    }
                    let start = cursor.index
                    _ = try cursor.parseValue(depth: 1)
                    found.append((key, range.lowerBound + start..<range.lowerBound + cursor.index))
                    cursor.skipWhitespace()
                    guard cursor.index < cursor.bytes.count else { throw cursor.unexpected(expecting: separatorOrClose) }
                    if cursor.bytes[cursor.index] == UInt8(ascii: ",") {
                        cursor.index += 1
                        cursor.skipWhitespace()
                        continue
                    }
                    if cursor.bytes[cursor.index] == close { cursor.index += 1; break }
                    throw cursor.unexpected(expecting: separatorOrClose)
                }
            }
            cursor.skipWhitespace()
            if cursor.index < cursor.bytes.count {
                throw cursor.error("unexpected \(JSONParser.Cursor.describe(cursor.bytes[cursor.index])) after the end of the value")
            }
            return found
        }
    }
}

/// The users of an X API v2 response (`includes.users`), by id, as the response wrote them, and
/// the join that gives each tweet its author.
struct IncludedUsers {
    /// Each user's object, by its `id` (a string, or a number's literal text).
    private(set) var byID: [String: [UInt8]] = [:]

    /// The users of an `includes` object; a user without an id is left out (nothing names it). A
    /// user's `public_metrics.followers_count` is also given as its `followers` (unless it has one), so
    /// a tweet's `author.followers` holds it, as other exports' follower counts are read.
    /// Throws when `includes` is not valid JSON.
    init(includes: [UInt8], maxDepth: Int) throws(JSONSyntaxError) {
        guard let members = try JSONParts.members(of: includes, maxDepth: maxDepth),
            let users = JSONParts.value("users", in: members),
            let elements = try JSONParts.elements(of: includes, in: users, maxDepth: maxDepth)
        else { return }
        for element in elements {
            guard let fields = try JSONParts.members(of: includes, in: element, maxDepth: maxDepth),
                let id = JSONParts.value("id", in: fields).flatMap({ Self.key(includes, $0) }), byID[id] == nil
            else { continue }
            var user = Array(includes[element])
            if JSONParts.value("followers", in: fields) == nil,
                let metrics = JSONParts.value("public_metrics", in: fields),
                let counts = try JSONParts.members(of: includes, in: metrics, maxDepth: maxDepth),
                let followers = JSONParts.value("followers_count", in: counts)
            {
                Self.add("followers", Array(includes[followers]), to: &user)
            }
            byID[id] = user
        }
    }

    private static let authorID = JSONParts.Needle(#""author_id"#, anchor: 7)

    /// Whether `record` may name an author to join (it mentions `author_id`).
    static func mayJoin(_ record: RawRecord) -> Bool {
        record.error == nil && authorID.occurs(in: record.bytes)
    }

    /// `tweet` with its author's object added as the member `author`, or nil when it stays as it
    /// is: it is not a valid object, has no `author_id` among the users, or has its own `author`.
    func join(_ tweet: [UInt8], maxDepth: Int) -> [UInt8]? {
        guard !byID.isEmpty, Self.authorID.occurs(in: tweet),
            let members = try? JSONParts.members(of: tweet, maxDepth: maxDepth),
            JSONParts.value("author", in: members) == nil,
            let id = JSONParts.value("author_id", in: members).flatMap({ Self.key(tweet, $0) }),
            let user = byID[id]
        else { return nil }
        var joined = tweet
        Self.add("author", user, to: &joined)
        return joined
    }

    /// Adds the member `key` holding `value` (JSON bytes) at the end of the non-empty object `object`.
    private static func add(_ key: String, _ value: [UInt8], to object: inout [UInt8]) {
        guard let close = object.lastIndex(of: UInt8(ascii: "}")) else { return }
        object.removeSubrange(close...)
        object.append(contentsOf: ",\"\(key)\":".utf8)
        object.append(contentsOf: value)
        object.append(UInt8(ascii: "}"))
    }

    /// A string value, or a number's literal text: how an id is compared.
    private static func key(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        switch try? JSONParser.parse(Array(bytes[range])) {
        case .string(let s)?: s
        case .number(let literal)?: literal
        default: nil
        }
    }
}

/// An X API v2 single-tweet response on one line of JSON Lines (`{"data": {tweet}, "includes":
/// {"users": [...]}}`, as a tweet lookup or the filtered stream gives it): read as the tweet, joined
/// with its author as an array response's tweets are (see ``IncludedUsers``).
enum SingleTweetResponse {
    private static let includesKey = JSONParts.Needle(#""includes""#, anchor: 5)

    /// Whether `record` may be such a response (it mentions `"includes"`).
    static func mayBe(_ record: UnsafeBufferPointer<UInt8>) -> Bool {
        includesKey.occurs(in: record)
    }

    /// The tweet of `response` with its author, when `response` is a valid object whose `data` is an
    /// object and that has an `includes`; else nil (the record stays as it is). The response's other
    /// members (`errors`, `matching_rules`) are not part of the record.
    static func tweet(of response: [UInt8], maxDepth: Int) -> [UInt8]? {
        guard let members = try? JSONParts.members(of: response, maxDepth: maxDepth),
            let data = JSONParts.value("data", in: members), response[data.lowerBound] == UInt8(ascii: "{"),
            let includes = JSONParts.value("includes", in: members)
        else { return nil }
        let tweet = Array(response[data])
        guard let users = try? IncludedUsers(includes: Array(response[includes]), maxDepth: maxDepth) else { return tweet }
        return users.join(tweet, maxDepth: maxDepth) ?? tweet
    }
}

/// The replies of a YouTube comment thread (`replies.comments` of a `youtube#commentThread`), each
/// made a record of its own.
enum CommentThreadReplies {
    /// One reply as a record, and the byte offset in the thread where the reply starts (for its line).
    struct Reply {
        var bytes: [UInt8]
        var offset: Int
    }

    private static let repliesKey = JSONParts.Needle(#""replies"#, anchor: 3)

    /// Whether `record` may have replies (it mentions `"replies`).
    static func mayHave(_ record: UnsafeBufferPointer<UInt8>) -> Bool {
        repliesKey.occurs(in: record)
    }

    /// The replies of `thread`, in order, when it is a valid object with `snippet.topLevelComment` and
    /// `replies.comments`; else none. A reply object becomes a thread of its own shape
    /// (`{"id": its id, "parent_id": the thread's id, "snippet": {"topLevelComment": the reply}}`), so
    /// the field paths that read a thread's comment read the reply the same way; an element that is
    /// not an object is passed on as it is (and becomes an error record when decoded).
    static func replies(of thread: [UInt8], maxDepth: Int) -> [Reply] {
        guard Self.repliesKey.occurs(in: thread),
            let members = try? JSONParts.members(of: thread, maxDepth: maxDepth),
            let snippet = JSONParts.value("snippet", in: members),
            let snippetMembers = try? JSONParts.members(of: thread, in: snippet, maxDepth: maxDepth),
            JSONParts.value("topLevelComment", in: snippetMembers) != nil,
            let replies = JSONParts.value("replies", in: members),
            let repliesMembers = try? JSONParts.members(of: thread, in: replies, maxDepth: maxDepth),
            let comments = JSONParts.value("comments", in: repliesMembers),
            let elements = try? JSONParts.elements(of: thread, in: comments, maxDepth: maxDepth)
        else { return [] }
        let threadID = JSONParts.value("id", in: members)
        return elements.map { element in
            guard let reply = try? JSONParts.members(of: thread, in: element, maxDepth: maxDepth) else {
                return Reply(bytes: Array(thread[element]), offset: element.lowerBound)
            }
            var bytes = Array("{".utf8)
            if let id = JSONParts.value("id", in: reply) {
                bytes.append(contentsOf: #""id":"#.utf8)
                bytes.append(contentsOf: thread[id])
                bytes.append(UInt8(ascii: ","))
            }
            if let threadID {
                bytes.append(contentsOf: #""parent_id":"#.utf8)
                bytes.append(contentsOf: thread[threadID])
                bytes.append(UInt8(ascii: ","))
            }
            bytes.append(contentsOf: #""snippet":{"topLevelComment":"#.utf8)
            bytes.append(contentsOf: thread[element])
            bytes.append(contentsOf: "}}".utf8)
            return Reply(bytes: bytes, offset: element.lowerBound)
        }
    }
}
