/// One group of reply templates, a list of ``CompiledReplies``, and the span whose text `{match}`
/// stands for in them (-1 for none).
struct ReplyGroup {
    var list: Int
    var match: Int
    /// The variant the group starts from, chosen by ``ReplyPicker``.
    var offset = 0
}

/// Chooses up to `limit` suggestions from groups of reply templates (most specific group first).
///
/// Round-robin over the groups: the first pass takes one variant from each group, the next pass a
/// second variant, and so on. Within a group the starting variant is chosen by a stable hash of the
/// comment, so the same comment always gets the same suggestions and different comments get
/// different variants. Duplicate texts are dropped; templates that cannot render are skipped.
enum ReplyPicker {
    static let limit = 3

    /// Picks from `groups`, none of whose lists is empty (the `n`th group's variant is chosen by
    /// `StableHash.mix(hash, n)`); `render` is given each template tried with its index in its list. `hash` is called at most once, and only when a group has a choice.
    static func pick(
        _ groups: UnsafeMutableBufferPointer<ReplyGroup>, lists: [[CompiledTemplate]], hash: () -> UInt64,
        limit: Int = limit, render: (CompiledTemplate, Int, ReplyGroup) -> String?
    ) -> [String] {
        if groups.isEmpty { return [] }
        let rounds = offsets(groups, lists: lists, hash: hash)
        var suggestions: [String] = []
        suggestions.reserveCapacity(limit)
        for round in 0..<rounds {
            for group in groups {
                let templates = lists[group.list]
                guard round < templates.count else { continue }
                if suggestions.count >= limit { return suggestions }
                let variant = (group.offset + round) % templates.count
                if let text = render(templates[variant], variant, group), !suggestions.contains(text) {
                    suggestions.append(text)
                }
            }
        }
        return suggestions
    }

    /// ``pick(_:lists:hash:limit:render:)`` into `replies`, over the templates of `code` (the same
    /// lists): `render` appends the text of a template (its number in ``ReplyCode/templates``) to the
    /// bytes it is given and returns true (setting its last argument when the text is known to need no
    /// JSON escape), or leaves them as they were and returns false. A text equal to an earlier one (as a
    /// `String` is) is dropped.
    static func pick(
        _ groups: UnsafeMutableBufferPointer<ReplyGroup>, code: ReplyCode, hash: () -> UInt64,
        limit: Int = limit, into replies: inout ReplyBytes, render: (Int, ReplyGroup, inout [UInt8], inout Bool) -> Bool
    ) {
        if groups.isEmpty { return }
        var rounds = 0
        var commentHash: UInt64?
        for ordinal in groups.indices {
            let count = code.count(of: groups[ordinal].list)
            if count > 1 {
                let value = commentHash ?? hash()
                commentHash = value
                groups[ordinal].offset = Int(StableHash.mix(value, ordinal) % UInt64(count))
            }
            rounds = max(rounds, count)
        }
        for round in 0..<rounds {
            for group in groups {
                let count = code.count(of: group.list)
                guard round < count else { continue }
                if replies.count >= limit { return }
                let variant = (group.offset + round) % count
                var plain = false
                if render(code.template(variant, of: group.list), group, &replies.bytes, &plain) { replies.keepLast(plain: plain) }
            }
        }
    }

    /// Sets the starting variant of each group and gives the number of rounds (the longest list's length).
    private static func offsets(_ groups: UnsafeMutableBufferPointer<ReplyGroup>, lists: [[CompiledTemplate]], hash: () -> UInt64) -> Int {
        var rounds = 0
        var commentHash: UInt64?
        for ordinal in groups.indices {
            let count = lists[groups[ordinal].list].count
            if count > 1 {
                let value = commentHash ?? hash()
                commentHash = value
                groups[ordinal].offset = Int(StableHash.mix(value, ordinal) % UInt64(count))
            }
            rounds = max(rounds, count)
        }
        return rounds
    }
}

/// Rendered replies as UTF-8, back to back, whose storage is reused from comment to comment.
@usableFromInline
package struct ReplyBytes: Sendable {
    /// The replies' bytes (the picker appends each reply rendered to them).
    package internal(set) var bytes: [UInt8] = []
    /// Where each reply ends in ``bytes`` (each starts where the one before ends).
    package private(set) var ends: [Int] = []

    /// No replies.
    package init() {}

    /// How many replies there are.
    var count: Int { ends.count }

    /// Bit `i` is set when reply `i` (of the first 64) is all ASCII.
    private var ascii: UInt64 = 0
    /// Bit `i` is set when reply `i` (of the first 64) is known to be ASCII a JSON string holds as it
    /// is (no control character, `"`, `\\` or DEL): the renderer knows it from the template's text,
    /// checked once per engine, and the values it inserted, so a writer need not check the bytes again.
    private var plain: UInt64 = 0

    /// Whether reply `index` needs no JSON escape (false when not known).
    package func isPlain(_ index: Int) -> Bool {
        index < 64 && plain & (1 << UInt64(index)) != 0
    }

    /// Forgets the replies, keeping the storage.
    mutating func removeAll() {
        // Bytes appended but never kept as a reply go too, so they cannot start the next comment's reply.
        if ends.isEmpty {
            bytes.clearKeepingStorage()
            return
        }
        // Not `removeAll(keepingCapacity:)`, which checks uniqueness and reassigns the storage.
        bytes.clearKeepingStorage()
        ends.clearKeepingStorage()
        ascii = 0
        plain = 0
    }

    /// Keeps the bytes after the last reply as a reply, unless they equal an earlier one (as `String`s
    /// compare: canonically equivalent texts are equal), in which case they are dropped. `plain` says
    /// the bytes are known to need no JSON escape (``isPlain(_:)``; false when not known).
    @inline(__always)  // one caller on the record path (the picker); a call costs more than it saves here
    mutating func keepLast(plain: Bool = false) {
        let start = ends.last ?? 0
        let end = bytes.count
        let index = ends.count
        let ascii = self.ascii
        let (repeated, newASCII) = bytes.withUnsafeBufferPointer { all in
            let new = UnsafeBufferPointer(rebasing: all[start..<end])
            // A plain reply is ASCII: not scanned again.
            let newASCII = plain || Self.scan(new).ascii
            var from = 0
            for (i, to) in ends.enumerated() {
                defer { from = to }
                let old = UnsafeBufferPointer(rebasing: all[from..<to])
                if newASCII && i < 64 && ascii & (1 << UInt64(i)) != 0 {
                    // Two ASCII texts are equal when their bytes are.
                    if old.count == new.count && old.elementsEqual(new) { return (true, newASCII) }
                } else if String(decoding: old, as: UTF8.self) == String(decoding: new, as: UTF8.self) {
                    return (true, newASCII)
                }
            }
            return (false, newASCII)
        }
        if repeated {
            bytes.removeLast(end - start)
        } else {
            if newASCII && index < 64 { self.ascii |= 1 << UInt64(index) }
            if plain && index < 64 { self.plain |= 1 << UInt64(index) }
            ends.append(end)
        }
    }

    /// The Unicode scalars of the UTF-8 `bytes` from `start` on.
    static func scalarCount(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { scan(UnsafeBufferPointer(rebasing: $0[start...])).scalars }
    }

    /// How many Unicode scalars the UTF-8 `bytes` hold (the bytes that are not continuation bytes,
    /// `10xxxxxx`), and whether all are ASCII; eight bytes at a time.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Int, ascii: Bool) {
        guard let base = bytes.baseAddress else { return (0, true) }
        let count = bytes.count
        var continuations = 0
        var high: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            high |= word
            continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            index += 8
        }
        while index < count {
            let byte = base[index]
            high |= UInt64(byte)
            if byte & 0xC0 == 0x80 { continuations += 1 }
            index += 1
        }
        return (count - continuations, high & 0x8080_8080_8080_8080 == 0)
    }
}
