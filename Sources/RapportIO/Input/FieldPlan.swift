/// The members of a JSON record a decoder looks at, as a trie over object keys (node 0 is the
/// record), built once per decoder: the members on the text, id, author and kept-field paths (tried
/// like `JSONValue[path:]`) and every way of nesting a demanded dotted key (`a.b.c` may be written
/// `{"a":{"b":{"c":…}}}`, `{"a.b":{"c":…}}`, …), so the flattened fields of a record can be told
/// without materialising the rest. Without a demand (or with a key of more than ``maxDots`` dots)
/// the plan collects every field instead (``collectsAll``).
final class FieldPlan: Sendable {
    /// One step of a path lookup: the member under the whole key; else, when the key has a dot,
    /// the member under the part before it (which must be an object) and `rest` inside that.
    struct Step: Sendable {
        var direct: Int
        var head: Int
        var rest: Int
    }

    /// A node whose scalar value flattens into the demanded key number `flat`.
    struct FlatNode: Sendable {
        var node: Int
        var flat: Int
    }

    /// A trie node as the scanner sees it: its parent, its key's length and its first and last
    /// eight bytes (zero-padded), for a cheap hash and compare, and where its key's bytes are.
    struct Node: Sendable {
        var head: UInt64
        var tail: UInt64
        var parent: Int32
        var keyStart: Int32
        var keyCount: Int32
        var hasChildren: Bool
        /// A child's key is not ASCII: keys are then compared as strings, by canonical equivalence
        /// (as Swift compares them: the Kelvin sign equals `K`), not by their bytes.
        var comparesText: Bool
    }

    /// Dots allowed in a demanded key (2^dots ways of nesting it); with a longer key the plan collects every field.
    static let maxDots = 8

    let steps: [Step]
    /// The demanded dotted keys.
    let flatKeys: [String]
    /// The nodes whose scalar value flattens into each demanded key, in the order of ``flatKeys`` and,
    /// within a key, the one nested at the earliest dot first (the one flattening keeps when several are present).
    let flatNodes: [FlatNode]
    /// For each text path, the index in ``flatKeys`` of the same key, or -1 (the text is not also a field).
    let textFlat: [Int]
    /// The index in ``flatKeys`` of `author.followers` (or -1), and of each of ``FieldMapping/followerAliases`` (or -1).
    let followersFlat: Int
    let aliasesFlat: [Int]
    let textSteps: [Int]
    let idSteps: [Int]
    let authorSteps: [Int]
    let keepSteps: [Int]
    /// True when the record's fields are collected as they come (every scalar under its dotted path),
    /// not from ``flatKeys``: without a demand, or when a demanded key has more than ``maxDots`` dots.
    let collectsAll: Bool
    /// The demanded keys, when the plan collects every field but has a demand (the fields kept of those collected).
    let demanded: Set<String>?

    let nodes: [Node]
    /// Each node's key and children, for the keys compared as strings.
    private let keys: [String]
    private let children: [[Int]]
    /// The nodes below each node, cleared when a member repeats (the last one counts).
    let descendants: [[Int]]
    private let keyBytes: [UInt8]
    private let table: [Int32]
    private let mask: Int

    var nodeCount: Int { nodes.count }

    /// The plan of a decoder reading `mapping`'s paths and `keepFields`, and the fields `demand`
    /// names (every field when nil).
    init(mapping: FieldMapping, keepFields: [String], demand: FieldDemand?) {
        var builder = Builder()
        func lookups(_ paths: [String]) -> [Int] { paths.map { builder.lookup(Substring($0), at: 0) } }
        textSteps = lookups(mapping.textPaths)
        idSteps = lookups(mapping.idPaths)
        // No author looked up when the engine reads none and the output does not show it.
        authorSteps = demand?.keepsAuthor == false ? [] : lookups(mapping.authorPaths)
        keepSteps = lookups(keepFields)
        var flatKeys: [String] = []
        var flatNodes: [FlatNode] = []
        var collectsAll = demand == nil
        for key in demand?.keys.sorted() ?? [] {
            guard let nodes = builder.nestings(of: key) else {
                collectsAll = true
                break
            }
            flatNodes += nodes.map { FlatNode(node: $0, flat: flatKeys.count) }
            flatKeys.append(key)
        }
        if collectsAll {
            flatKeys = []
            flatNodes = []
        }
        self.collectsAll = collectsAll
        demanded = collectsAll ? demand?.keys : nil
        self.flatKeys = flatKeys
        self.flatNodes = flatNodes
        let flatIndex = Dictionary(flatKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        textFlat = mapping.textPaths.map { flatIndex[$0] ?? -1 }
        followersFlat = flatIndex["author.followers"] ?? -1
        aliasesFlat = FieldMapping.followerAliases.map { flatIndex[$0] ?? -1 }
        steps = builder.steps
        keyBytes = builder.keyBytes
        var nodes: [Node] = []
        var keys: [String] = []
        var children = [[Int]](repeating: [], count: builder.parents.count)
        var descendants = [[Int]](repeating: [], count: builder.parents.count)
        for (node, range) in builder.keyRanges.enumerated() {
            let key = Array(builder.keyBytes[range])
            let (head, tail) = key.withUnsafeBufferPointer(Self.words)
            let parent = builder.parents[node]
            nodes.append(
                Node(
                    head: head, tail: tail, parent: Int32(parent), keyStart: Int32(range.lowerBound),
                    keyCount: Int32(range.count), hasChildren: builder.hasChildren[node], comparesText: false))
            keys.append(String(decoding: key, as: UTF8.self))
            guard parent >= 0 else { continue }
            children[parent].append(node)
            if key.contains(where: { $0 >= 0x80 }) { nodes[parent].comparesText = true }
            var above = parent
            while above >= 0 {
                descendants[above].append(node)
                above = builder.parents[above]
            }
        }
        self.nodes = nodes
        self.keys = keys
        self.children = children
        self.descendants = descendants
        var size = 16
        while size < nodes.count * 4 { size *= 2 }
        mask = size - 1
        var table = [Int32](repeating: -1, count: size)
        for node in 1..<nodes.count {
            let n = nodes[node]
            var slot = Self.hash(n.head, n.tail, count: Int(n.keyCount), parent: Int(n.parent)) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(node)
        }
        self.table = table
    }

    /// What ``child(of:key:escaped:)`` answers when the key must be compared as a string (``child(of:named:)``).
    static let byName = -2

    /// The child of `parent` under the key whose bytes between the quotes are `key`, or -1; or
    /// ``byName`` when the key is escaped or not ASCII, or a child's key is not ASCII: keys are equal
    /// as Swift strings are (the way `JSONValue`'s members are found), not always as bytes are.
    @inline(__always)
    func child(of parent: Int, key: UnsafeBufferPointer<UInt8>, escaped: Bool) -> Int {
        let (head, tail) = Self.words(key)
        let ascii = key.count <= 16 ? (head | tail) & 0x8080_8080_8080_8080 == 0 : !key.contains { $0 >= 0x80 }
        if escaped || !ascii || nodes[parent].comparesText { return Self.byName }
        return lookUp(parent: parent, head: head, tail: tail, key: key)
    }

    /// ``child(of:key:escaped:)`` for a key of at most 16 ASCII bytes without escapes, whose first and
    /// last eight bytes (zero-padded when shorter) are known.
    @inline(__always)
    func child(of parent: Int, plainKey key: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64) -> Int {
        if nodes[parent].comparesText { return Self.byName }
        return lookUp(parent: parent, head: head, tail: tail, key: key)
    }

    /// The child of `parent` under the ASCII key `key` with those first and last eight bytes, or -1.
    @inline(__always)
    private func lookUp(parent: Int, head: UInt64, tail: UInt64, key: UnsafeBufferPointer<UInt8>) -> Int {
        var slot = Self.hash(head, tail, count: key.count, parent: parent) & mask
        return table.withUnsafeBufferPointer { table in
            nodes.withUnsafeBufferPointer { nodes in
                while true {
                    let node = Int(table[slot])
                    if node < 0 { return -1 }
                    let n = nodes[node]
                    if n.head == head, n.tail == tail, Int(n.parent) == parent, Int(n.keyCount) == key.count,
                        key.count <= 16 || keyBytes[Int(n.keyStart)..<Int(n.keyStart + n.keyCount)].elementsEqual(key)
                    {
                        return node
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The child of `parent` whose key equals `name` as a Swift string, or -1.
    func child(of parent: Int, named name: String) -> Int {
        children[parent].first { keys[$0] == name } ?? -1
    }

    /// Whether members of the object at `node` are looked for.
    @inline(__always)
    func hasChildren(_ node: Int) -> Bool { nodes[node].hasChildren }

    /// The first and the last eight bytes of `key` (zero-padded when shorter).
    @inline(__always)
    private static func words(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let n = key.count
        guard n >= 8 else {
            var word: UInt64 = 0
            for i in 0..<n { word |= UInt64(key[i]) << (8 * UInt64(i)) }
            return (word, 0)
        }
        let base = UnsafeRawPointer(key.baseAddress!)
        return (base.loadUnaligned(as: UInt64.self), (base + (n - 8)).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    private static func hash(_ head: UInt64, _ tail: UInt64, count: Int, parent: Int) -> Int {
        var h = head &* 0x9e37_79b9_7f4a_7c15
        h ^= (tail ^ UInt64(truncatingIfNeeded: count &* 31 &+ parent)) &* 0xbf58_476d_1ce4_e5b9
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Builds the trie with a dictionary; the plan keeps a flat hash table.
    private struct Builder {
        var steps: [Step] = []
        var parents: [Int] = [-1]
        var keyRanges: [Range<Int>] = [0..<0]
        var keyBytes: [UInt8] = []
        var hasChildren: [Bool] = [false]
        var nodes: [NodeKey: Int] = [:]

        struct NodeKey: Hashable {
            var parent: Int
            var key: Substring
        }

        mutating func node(_ key: Substring, under parent: Int) -> Int {
            if let node = nodes[NodeKey(parent: parent, key: key)] { return node }
            let node = parents.count
            nodes[NodeKey(parent: parent, key: key)] = node
            parents.append(parent)
            let start = keyBytes.count
            keyBytes.append(contentsOf: key.utf8)
            keyRanges.append(start..<keyBytes.count)
            hasChildren.append(false)
            hasChildren[parent] = true
            return node
        }

        /// The steps of looking `path` up in the object at `node`, like `JSONValue[path:]`.
        mutating func lookup(_ path: Substring, at node: Int) -> Int {
            let direct = self.node(path, under: node)
            var head = -1
            var rest = -1
            if let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) {
                head = self.node(path[..<dot], under: node)
                rest = lookup(path[path.utf8.index(after: dot)...], at: head)
            }
            steps.append(Step(direct: direct, head: head, rest: rest))
            return steps.count - 1
        }

        /// The end nodes of every way of nesting `key` (splitting it at any of its dots), or nil when it
        /// has too many dots. The one nested at the earliest dot comes first: flattening a record
        /// keeps it when several are present (see ``RecordScanner``).
        mutating func nestings(of key: String) -> [Int]? {
            let dots = key.utf8.indices.filter { key.utf8[$0] == UInt8(ascii: ".") }
            guard dots.count <= FieldPlan.maxDots else { return nil }
            // Bit `b` of a split is dot number `b`; reading the bits from the first dot, the split that
            // nests at the earlier dot wins: the order of the splits' bits reversed, largest first.
            func reversed(_ split: Int) -> Int {
                (0..<dots.count).reduce(0) { value, bit in value | (split >> bit & 1) << (dots.count - 1 - bit) }
            }
            var ends: [Int] = []
            for split in (0..<(1 << dots.count)).sorted(by: { reversed($0) > reversed($1) }) {
                var node = 0
                var start = key.startIndex
                for (bit, dot) in dots.enumerated() where split & (1 << bit) != 0 {
                    node = self.node(key[start..<dot], under: node)
                    start = key.utf8.index(after: dot)
                }
                ends.append(self.node(key[start...], under: node))
            }
            return ends
        }
    }
}
