/// The interned token texts of a compiled pack: every word that a literal or list entry of any
/// pattern contains, and every `prefix*` text.
///
/// Looking a comment token's UTF-8 bytes up yields both its exact word id (or none when no pattern
/// mentions the word) and the ids of every pattern prefix it starts with, with no allocation: the word
/// by one probe of a hash table of the words (its bytes verified on a hit), the prefixes by a walk of a
/// byte trie of the prefixes alone (which most words leave at their first byte).
struct Vocabulary: Sendable {
    /// Number of interned words; word ids are `0..<wordCount`.
    private(set) var wordCount: Int32 = 0
    /// Number of interned prefixes; prefix ids are `0..<prefixCount`.
    private(set) var prefixCount: Int32 = 0
    /// The interned words by id (for explanations).
    private(set) var words: [String] = []
    /// The interned prefixes by id.
    private(set) var prefixes: [String] = []

    // While compiling: the ids by UTF-8 bytes (see `ByteInterner`). `freeze` makes `table` from `words` and
    // `prefixes`.
    private var wordIDs = ByteInterner()
    private var prefixIDs = ByteInterner()
    /// The words that some pattern names as a hashtag (`#fail`): the endings a compound hashtag may be read
    /// as (``HashtagTail``).
    private var hashtagWords: Set<Int32> = []
    /// The tables that lookups read (one reference, so a copy of it per comment costs one retain).
    private(set) var table = Table(words: [], prefixes: [])

    /// The id of `word`, interning it if needed.
    mutating func intern(word: String) -> Int32 {
        Self.intern(word, ids: &wordIDs, texts: &words, count: &wordCount)
    }

    /// The id of the word with the UTF-8 `bytes`, interning it if needed (its text made only then).
    mutating func intern(word bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (id, isNew) = wordIDs.intern(bytes)
        if isNew {
            words.append(String(decoding: bytes, as: UTF8.self))
            wordCount += 1
        }
        return id
    }

    /// Records that a pattern names the word `id` as a hashtag (`#fail`).
    mutating func markHashtag(_ id: Int32) {
        hashtagWords.insert(id)
    }

    /// The id of `prefix`, interning it if needed.
    mutating func intern(prefix: String) -> Int32 {
        Self.intern(prefix, ids: &prefixIDs, texts: &prefixes, count: &prefixCount)
    }

    /// The id of `text` in `ids`, or the next id (`count`, then counted), with `text` appended to `texts`.
    private static func intern(_ text: String, ids: inout ByteInterner, texts: inout [String], count: inout Int32) -> Int32 {
        let (id, isNew) = ids.intern(text)
        if isNew {
            texts.append(text)
            count += 1
        }
        return id
    }

    /// Makes the tables that lookups read; call once after the last `intern`.
    mutating func freeze() {
        table = Table(words: words, prefixes: prefixes, hashtagWords: hashtagWords)
        wordIDs = ByteInterner()
        prefixIDs = ByteInterner()
    }

    /// Looks the UTF-8 `text` up: returns its word id (or -1) and appends the id of every interned prefix
    /// of `text` (including `text` itself) to `prefixHits`, shortest first.
    func lookup(_ text: UnsafeBufferPointer<UInt8>, prefixHits: inout [Int32]) -> Int32 {
        let hits = UnsafeMutablePointer<Int32>.allocate(capacity: max(text.count, 1))
        defer { hits.deallocate() }
        var count = 0
        let id = table.lookup(text, hits: hits, count: &count)
        prefixHits.append(contentsOf: UnsafeBufferPointer(start: hits, count: count))
        return id
    }

    /// Looks the UTF-8 `text` up: returns its word id (or -1) and writes the id of every interned prefix of
    /// `text` (including `text` itself) to `hits[count...]`, shortest first, advancing `count`. `hits` needs
    /// room for `text.count` more ids.
    @inline(__always)
    func lookup(_ text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
        table.lookup(text, hits: hits, count: &count)
    }

    /// The frozen lookup tables: the words in an open-addressed hash table keyed by their bytes, the
    /// prefixes in a byte trie (the root's dense table, the other nodes' edges in an open-addressed hash
    /// table keyed by node and byte). The tables are allocated once and never change after `init` (so they
    /// are safe to share between threads); a lookup reads them through plain pointers.
    final class Table: @unchecked Sendable {
        /// One word of the word table: its first eight bytes (little-endian, zero past its end), its length
        /// (0 for an empty slot) and its id; the bytes after the eighth are `rest[restStart...]`.
        struct Slot {
            var head: UInt64
            var length: UInt32
            var id: Int32
            var restStart: Int
        }

        /// The word table: `wordMask + 1` slots, a power of two, at most a quarter of them used.
        fileprivate let slots: UnsafeMutablePointer<Slot>
        fileprivate let wordMask: Int
        /// `64 - log2(wordMask + 1)`: a hash's top bits pick its first slot.
        fileprivate let wordShift: UInt64
        /// The bytes after the eighth of the words longer than eight bytes.
        fileprivate let rest: UnsafeMutablePointer<UInt8>
        /// For each word id, whether a pattern names the word as a hashtag.
        fileprivate let hashtagFlags: UnsafeMutablePointer<Bool>

        fileprivate let rootTable: UnsafeMutablePointer<Int32>
        private let nodePrefix: UnsafeMutablePointer<Int32>
        /// Edge keys (`node << 8 | byte`, -1 for an empty slot) and targets; `edgeMask + 1` of each, a power of two.
        private let edgeKeys: UnsafeMutablePointer<Int>
        private let edgeTargets: UnsafeMutablePointer<Int32>
        private let edgeMask: Int

        /// The tables of the words `words` (id = index) and the prefixes `prefixes` (id = index);
        /// `hashtagWords` are the ids of the words a pattern names as a hashtag.
        init(words: [String], prefixes: [String], hashtagWords: Set<Int32> = []) {
            hashtagFlags = .allocate(capacity: max(words.count, 1))
            hashtagFlags.initialize(repeating: false, count: max(words.count, 1))
            for id in hashtagWords where Int(id) < words.count { hashtagFlags[Int(id)] = true }
            // The word table.
            var size = 16
            while size < 4 * words.count { size *= 2 }
            wordMask = size - 1
            wordShift = UInt64(64 - size.trailingZeroBitCount)
            slots = .allocate(capacity: size)
            slots.initialize(repeating: Slot(head: 0, length: 0, id: -1, restStart: 0), count: size)
            var restBytes: [UInt8] = []
            for (id, word) in words.enumerated() {
                let bytes = Array(word.utf8)
                guard !bytes.isEmpty else { continue }
                let (head, hash) = bytes.withUnsafeBufferPointer { Self.headAndHash($0) }
                var slot = Int(hash >> wordShift)
                while slots[slot].length != 0 { slot = (slot &+ 1) & wordMask }
                slots[slot] = Slot(head: head, length: UInt32(bytes.count), id: Int32(id), restStart: restBytes.count)
                if bytes.count > 8 { restBytes.append(contentsOf: bytes[8...]) }
            }
            let rest = UnsafeMutablePointer<UInt8>.allocate(capacity: max(restBytes.count, 1))
            restBytes.withUnsafeBufferPointer { rest.initialize(from: $0.baseAddress!, count: $0.count) }
            self.rest = rest

            // The prefix trie, built with edge lists, then frozen.
            var rootTable = [Int32](repeating: -1, count: 256)
            var nodePrefix: [Int32] = [-1]
            var edges: [[(UInt8, Int32)]] = [[]]
            for (id, prefix) in prefixes.enumerated() {
                var node = 0
                for byte in prefix.utf8 {
                    let next = node == 0 ? rootTable[Int(byte)] : edges[node].first { $0.0 == byte }?.1 ?? -1
                    if next >= 0 {
                        node = Int(next)
                        continue
                    }
                    let created = Int32(nodePrefix.count)
                    nodePrefix.append(-1)
                    edges.append([])
                    if node == 0 { rootTable[Int(byte)] = created } else { edges[node].append((byte, created)) }
                    node = Int(created)
                }
                // The empty prefix is on no token's walk (a lookup of empty text finds nothing).
                if node != 0 { nodePrefix[node] = Int32(id) }
            }
            self.rootTable = Self.copy(rootTable)
            self.nodePrefix = Self.copy(nodePrefix)
            let edgeCount = edges.reduce(0) { $0 + $1.count }
            var edgeSize = 16
            while edgeSize < 3 * edgeCount { edgeSize *= 2 }
            let mask = edgeSize - 1
            let keys = UnsafeMutablePointer<Int>.allocate(capacity: edgeSize)
            keys.initialize(repeating: -1, count: edgeSize)
            let targets = UnsafeMutablePointer<Int32>.allocate(capacity: edgeSize)
            targets.initialize(repeating: -1, count: edgeSize)
            for (node, nodeEdges) in edges.enumerated() {
                for (byte, target) in nodeEdges {
                    let key = node << 8 | Int(byte)
                    var slot = Self.edgeSlot(key, mask)
                    while keys[slot] >= 0 { slot = (slot + 1) & mask }
                    keys[slot] = key
                    targets[slot] = target
                }
            }
            edgeKeys = keys
            edgeTargets = targets
            edgeMask = mask
        }

        deinit {
            hashtagFlags.deallocate()
            slots.deallocate()
            rest.deallocate()
            rootTable.deallocate()
            nodePrefix.deallocate()
            edgeKeys.deallocate()
            edgeTargets.deallocate()
        }

        private static func copy(_ array: [Int32]) -> UnsafeMutablePointer<Int32> {
            let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: max(array.count, 1))
            array.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: $0.count) }
            return pointer
        }

        @inline(__always)
        private static func edgeSlot(_ key: Int, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        }

        /// The multiplier of the word hash.
        static var multiplier: UInt64 { 0x9E37_79B9_7F4A_7C15 }

        /// The word hash's step: `hash` with the next eight bytes `chunk` (little-endian, zero past the text's end).
        @inline(__always)
        static func mix(_ hash: UInt64, _ chunk: UInt64) -> UInt64 { (hash ^ chunk) &* multiplier }

        /// The first eight bytes of `text` (little-endian, zero past its end) and its hash: ``mix(_:_:)`` of
        /// each eight bytes in turn, from the text's length.
        @inline(__always)
        static func headAndHash(_ text: UnsafeBufferPointer<UInt8>) -> (head: UInt64, hash: UInt64) {
            let base = text.baseAddress!
            let length = text.count
            let headLength = min(length, 8)
            var head: UInt64 = 0
            var shift: UInt64 = 0
            for index in 0..<headLength {
                head |= UInt64(base[index]) &<< shift
                shift &+= 8
            }
            var hash = mix(UInt64(length), head)
            var index = 8
            while index < length {
                var chunk: UInt64 = 0
                shift = 0
                let end = min(index + 8, length)
                while index < end {
                    chunk |= UInt64(base[index]) &<< shift
                    shift &+= 8
                    index += 1
                }
                hash = mix(hash, chunk)
            }
            return (head, hash)
        }

        /// ``headAndHash(_:)`` of a `text` followed by eight zero bytes that may be read (the word scanner's
        /// scratch): eight bytes at a time, with no byte loop.
        @inline(__always)
        static func headAndHash(padded text: UnsafeBufferPointer<UInt8>) -> (head: UInt64, hash: UInt64) {
            let raw = UnsafeRawPointer(text.baseAddress!)
            let length = text.count
            let head = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            var hash = mix(UInt64(length), head)
            var offset = 8
            while offset < length {
                hash = mix(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            return (head, hash)
        }

        /// ``Vocabulary/lookup(_:hits:count:)``.
        func lookup(_ text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
            Reader(self).lookup(text, hits: hits, count: &count)
        }

        /// Whether the bytes of `text` after its eighth are `rest[start...]` (as many).
        fileprivate func restEquals(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
            let base = text.baseAddress!
            for index in 8..<text.count where base[index] != rest[start + index - 8] { return false }
            return true
        }

        /// Walks `text` through the prefix trie from the root's child `node` (by its first byte), writing
        /// the id of every prefix on the way to `hits[count...]`, shortest first.
        @inline(never)
        fileprivate func walkPrefixes(_ text: UnsafeBufferPointer<UInt8>, from node: Int, hits: UnsafeMutablePointer<Int32>, count: inout Int) {
            let base = text.baseAddress!
            var node = node
            var hit = nodePrefix[node]
            if hit >= 0 {
                hits[count] = hit
                count += 1
            }
            var position = 1
            let length = text.count
            while position < length {
                // The child of `node` by the next byte.
                let key = node << 8 | Int(base[position])
                var slot = Self.edgeSlot(key, edgeMask)
                while true {
                    let found = edgeKeys[slot]
                    if found == key { break }
                    if found < 0 { return }
                    slot = (slot + 1) & edgeMask
                }
                node = Int(edgeTargets[slot])
                position += 1
                hit = nodePrefix[node]
                if hit >= 0 {
                    hits[count] = hit
                    count += 1
                }
            }
        }
    }

    /// A ``Table``'s pointers, read once (by a stream's builder, per comment) so that the lookups of a
    /// comment's tokens are inlined where they are made and do not load them again.
    struct Reader {
        /// The table, not retained: whoever makes a reader keeps the table alive while it is used (the
        /// engine's worker threads share the table, and write no reference count of it per comment).
        private let unretained: Unmanaged<Table>
        private let slots: UnsafeMutablePointer<Table.Slot>
        private let wordMask: Int
        private let wordShift: UInt64
        private let rootTable: UnsafeMutablePointer<Int32>
        private let hashtagFlags: UnsafeMutablePointer<Bool>

        init(_ table: Table) {
            unretained = Unmanaged.passUnretained(table)
            hashtagFlags = table.hashtagFlags
            slots = table.slots
            wordMask = table.wordMask
            wordShift = table.wordShift
            rootTable = table.rootTable
        }

        /// Whether a pattern names the word `id` (a valid id) as a hashtag.
        func isHashtagWord(_ id: Int32) -> Bool { hashtagFlags[Int(id)] }

        /// ``Vocabulary/lookup(_:hits:count:)``.
        @inline(__always)
        func lookup(_ text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
            guard let base = text.baseAddress, text.count > 0 else { return -1 }
            let start = rootTable[Int(base[0])]
            if start >= 0 {
                unretained._withUnsafeGuaranteedRef { $0.walkPrefixes(text, from: Int(start), hits: hits, count: &count) }
            }
            let (head, hash) = Table.headAndHash(text)
            return find(text, head: head, hash: hash)
        }

        /// ``lookup(_:hits:count:)`` of a non-empty `text` followed by eight zero bytes that may be read
        /// (see ``Table/headAndHash(padded:)``).
        @inline(__always)
        func lookup(padded text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
            let base = text.baseAddress!
            let start = rootTable[Int(base[0])]
            if start >= 0 {
                unretained._withUnsafeGuaranteedRef { $0.walkPrefixes(text, from: Int(start), hits: hits, count: &count) }
            }
            let (head, hash) = Table.headAndHash(padded: text)
            return find(text, head: head, hash: hash)
        }

        /// ``lookup(_:hits:count:)`` of a non-empty `text` of at most eight bytes whose bytes are also `head`
        /// (little-endian, zero past the text's end): the first byte and the hash taken from `head`, with no
        /// load of the text (only a prefix walk past the first byte reads it).
        @inline(__always)
        func lookup(shortWord text: UnsafeBufferPointer<UInt8>, head: UInt64, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
            let start = rootTable[Int(truncatingIfNeeded: head & 0xFF)]
            if start >= 0 {
                unretained._withUnsafeGuaranteedRef { $0.walkPrefixes(text, from: Int(start), hits: hits, count: &count) }
            }
            let length = UInt32(truncatingIfNeeded: text.count)
            var slot = Int(truncatingIfNeeded: Table.mix(UInt64(length), head) >> wordShift)
            while true {
                let entry = slots[slot]
                if entry.length == 0 { return -1 }
                // A text of at most eight bytes is all in the slot's head.
                if entry.head == head, entry.length == length { return entry.id }
                slot = (slot &+ 1) & wordMask
            }
        }

        /// The word id of the non-empty UTF-8 `text` (or -1), without its prefixes; `padded`: eight zero bytes
        /// that may be read follow `text` (see ``Table/headAndHash(padded:)``).
        @inline(__always)
        func wordID(_ text: UnsafeBufferPointer<UInt8>, padded: Bool) -> Int32 {
            let (head, hash) = padded ? Table.headAndHash(padded: text) : Table.headAndHash(text)
            return find(text, head: head, hash: hash)
        }

        /// The id of the word `text` whose ``Table/headAndHash(_:)`` is `head` and `hash`, or -1.
        @inline(__always)
        private func find(_ text: UnsafeBufferPointer<UInt8>, head: UInt64, hash: UInt64) -> Int32 {
            let length = UInt32(truncatingIfNeeded: text.count)
            var slot = Int(truncatingIfNeeded: hash >> wordShift)
            while true {
                let entry = slots[slot]
                if entry.length == 0 { return -1 }
                if entry.head == head, entry.length == length,
                    length <= 8
                        || unretained._withUnsafeGuaranteedRef({ $0.restEquals(text, entry.restStart) })
                {
                    return entry.id
                }
                slot = (slot &+ 1) & wordMask
            }
        }
    }
}
