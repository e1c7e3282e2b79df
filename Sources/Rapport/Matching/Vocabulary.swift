/// The interned token texts of a compiled pack: every word that a literal or list entry of any
/// pattern contains, and every `prefix*` text, stored in one byte trie.
///
/// Walking a comment token's UTF-8 bytes through the trie once yields both its exact word id
/// (or none when no pattern mentions the word) and the ids of every pattern prefix it starts with,
/// with no allocation.
struct Vocabulary: Sendable {
    /// Number of interned words; word ids are `0..<wordCount`.
    private(set) var wordCount: Int32 = 0
    /// Number of interned prefixes; prefix ids are `0..<prefixCount`.
    private(set) var prefixCount: Int32 = 0
    /// The interned words by id (for explanations).
    private(set) var words: [String] = []
    /// The interned prefixes by id.
    private(set) var prefixes: [String] = []

    // Trie storage while compiling: node 0 is the root, which has a dense 256-entry table; other nodes keep
    // their edges in lists. `freeze` makes `trie` from them.
    private var rootTable = [Int32](repeating: -1, count: 256)
    private var nodeWord: [Int32] = [-1]
    private var nodePrefix: [Int32] = [-1]
    private var buildEdges: [[(UInt8, Int32)]] = [[]]
    /// The trie that lookups walk (one reference, so a copy of it per comment costs one retain).
    private(set) var trie = Trie(
        rootTable: [Int32](repeating: -1, count: 256), nodeWord: [-1], nodePrefix: [-1],
        edges: [[]])

    /// The id of `word`, interning it if needed.
    mutating func intern(word: String) -> Int32 {
        let node = insert(word)
        if nodeWord[node] < 0 {
            nodeWord[node] = wordCount
            words.append(word)
            wordCount += 1
        }
        return nodeWord[node]
    }

    /// The id of `prefix`, interning it if needed.
    mutating func intern(prefix: String) -> Int32 {
        let node = insert(prefix)
        if nodePrefix[node] < 0 {
            nodePrefix[node] = prefixCount
            prefixes.append(prefix)
            prefixCount += 1
        }
        return nodePrefix[node]
    }

    private mutating func insert(_ text: String) -> Int {
        var node = 0
        for byte in text.utf8 {
            if node == 0 {
                let next = rootTable[Int(byte)]
                if next >= 0 { node = Int(next); continue }
                let created = newNode()
                rootTable[Int(byte)] = Int32(created)
                node = created
            } else if let edge = buildEdges[node].first(where: { $0.0 == byte }) {
                node = Int(edge.1)
            } else {
                let created = newNode()
                buildEdges[node].append((byte, Int32(created)))
                node = created
            }
        }
        return node
    }

    private mutating func newNode() -> Int {
        nodeWord.append(-1)
        nodePrefix.append(-1)
        buildEdges.append([])
        return nodeWord.count - 1
    }

    /// Makes the trie that lookups walk; call once after the last `intern`.
    mutating func freeze() {
        trie = Trie(rootTable: rootTable, nodeWord: nodeWord, nodePrefix: nodePrefix, edges: buildEdges)
        buildEdges = []
    }

    /// Looks the UTF-8 `text` up: returns its word id (or -1) and appends the id of every interned prefix
    /// of `text` (including `text` itself) to `prefixHits`.
    func lookup(_ text: UnsafeBufferPointer<UInt8>, prefixHits: inout [Int32]) -> Int32 {
        trie.walk(text) { prefixHits.append($0) }
    }

    /// Looks the UTF-8 `text` up: returns its word id (or -1) and writes the id of every interned prefix of
    /// `text` (including `text` itself) to `hits[count...]`, advancing `count`. `hits` needs room for
    /// `text.count` more ids.
    @inline(__always)
    func lookup(_ text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
        trie.lookup(text, hits: hits, count: &count)
    }

    /// The frozen trie: the root's dense table, and the other nodes' edges in an open-addressed hash table
    /// keyed by node and byte. Its tables are allocated once and never change after `init` (so it is safe to
    /// share between threads); a lookup reads them through plain pointers.
    final class Trie: @unchecked Sendable {
        private let rootTable: UnsafeMutablePointer<Int32>
        private let nodeWord: UnsafeMutablePointer<Int32>
        private let nodePrefix: UnsafeMutablePointer<Int32>
        /// Edge keys (`node << 8 | byte`, -1 for an empty slot) and targets; `edgeMask + 1` of each, a power of two.
        private let edgeKeys: UnsafeMutablePointer<Int>
        private let edgeTargets: UnsafeMutablePointer<Int32>
        private let edgeMask: Int

        init(rootTable: [Int32], nodeWord: [Int32], nodePrefix: [Int32], edges: [[(UInt8, Int32)]]) {
            precondition(rootTable.count == 256 && nodeWord.count == nodePrefix.count)
            self.rootTable = Self.copy(rootTable)
            self.nodeWord = Self.copy(nodeWord)
            self.nodePrefix = Self.copy(nodePrefix)
            let edgeCount = edges.reduce(0) { $0 + $1.count }
            var size = 16
            while size < 3 * edgeCount { size *= 2 }
            let mask = size - 1
            let keys = UnsafeMutablePointer<Int>.allocate(capacity: size)
            keys.initialize(repeating: -1, count: size)
            let targets = UnsafeMutablePointer<Int32>.allocate(capacity: size)
            targets.initialize(repeating: -1, count: size)
            for (node, nodeEdges) in edges.enumerated() {
                for (byte, target) in nodeEdges {
                    let key = node << 8 | Int(byte)
                    var slot = Self.slot(key, mask)
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
            rootTable.deallocate()
            nodeWord.deallocate()
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
        private static func slot(_ key: Int, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        }

        /// ``Vocabulary/lookup(_:hits:count:)``.
        @inline(__always)
        func lookup(_ text: UnsafeBufferPointer<UInt8>, hits: UnsafeMutablePointer<Int32>, count: inout Int) -> Int32 {
            walk(text) { hit in
                hits[count] = hit
                count += 1
            }
        }

        /// Walks `text` through the trie: returns its word id (or -1) and calls `prefix` with the id of every
        /// interned prefix of `text`, shortest first.
        @inline(__always)
        func walk(_ text: UnsafeBufferPointer<UInt8>, prefix: (Int32) -> Void) -> Int32 {
            guard let base = text.baseAddress, text.count > 0 else { return -1 }
            let start = rootTable[Int(base[0])]
            if start < 0 { return -1 }
            let nodePrefix = self.nodePrefix
            let edgeKeys = self.edgeKeys
            let edgeTargets = self.edgeTargets
            let mask = edgeMask
            var node = Int(start)
            var hit = nodePrefix[node]
            if hit >= 0 { prefix(hit) }
            var position = 1
            let length = text.count
            while position < length {
                // The child of `node` by the next byte.
                let key = node << 8 | Int(base[position])
                var slot = Self.slot(key, mask)
                while true {
                    let found = edgeKeys[slot]
                    if found == key { break }
                    if found < 0 { return -1 }
                    slot = (slot + 1) & mask
                }
                node = Int(edgeTargets[slot])
                position += 1
                hit = nodePrefix[node]
                if hit >= 0 { prefix(hit) }
            }
            return nodeWord[node]
        }
    }
}
