/// The interned token texts of a compiled pack: every word that a literal or list entry of any
/// pattern contains, and every `prefix*` text, stored in one byte trie.
///
/// Walking a comment token's UTF-8 bytes through the trie once yields both its exact word id
/// (or none when no pattern mentions the word) and the ids of every pattern prefix it starts with,
/// with no hashing and no allocation.
struct Vocabulary: Sendable {
    /// Number of interned words; word ids are `0..<wordCount`.
    private(set) var wordCount: Int32 = 0
    /// Number of interned prefixes; prefix ids are `0..<prefixCount`.
    private(set) var prefixCount: Int32 = 0
    /// The interned words by id (for explanations).
    private(set) var words: [String] = []
    /// The interned prefixes by id.
    private(set) var prefixes: [String] = []

    // Trie storage: node 0 is the root. The root has a dense 256-entry table; other nodes keep
    // their edges in `edgeBytes`/`edgeTargets` (built as lists while compiling, flattened after).
    private var rootTable = [Int32](repeating: -1, count: 256)
    private var nodeWord: [Int32] = [-1]
    private var nodePrefix: [Int32] = [-1]
    private var buildEdges: [[(UInt8, Int32)]] = [[]]
    private var edgeStart: [Int32] = []
    private var edgeCount: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []

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

    /// Flattens the trie's edges for fast lookup; call once after the last `intern`.
    mutating func freeze() {
        edgeStart = []
        edgeCount = []
        edgeBytes = []
        edgeTargets = []
        edgeStart.reserveCapacity(buildEdges.count)
        for edges in buildEdges {
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(Int32(edges.count))
            for (byte, target) in edges.sorted(by: { $0.0 < $1.0 }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
        }
        buildEdges = []
    }

    /// Looks the UTF-8 `text` up: returns its word id (or -1) and appends the id of every interned prefix
    /// of `text` (including `text` itself) to `prefixHits`.
    func lookup(_ text: UnsafeBufferPointer<UInt8>, prefixHits: inout [Int32]) -> Int32 {
        guard let first = text.first else { return -1 }
        let start = rootTable[Int(first)]
        if start < 0 { return -1 }
        var node = Int(start)
        if nodePrefix[node] >= 0 { prefixHits.append(nodePrefix[node]) }
        var position = 1
        while position < text.count {
            let byte = text[position]
            position += 1
            let lower = Int(edgeStart[node])
            let upper = lower + Int(edgeCount[node])
            var next = -1
            var index = lower
            while index < upper {
                let candidate = edgeBytes[index]
                if candidate == byte { next = Int(edgeTargets[index]); break }
                if candidate > byte { break }
                index += 1
            }
            if next < 0 { return -1 }
            node = next
            if nodePrefix[node] >= 0 { prefixHits.append(nodePrefix[node]) }
        }
        return nodeWord[node]
    }
}
