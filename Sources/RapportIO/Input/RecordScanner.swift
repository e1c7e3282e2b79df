/// A member of interest found in a record: its kind and where its value lies.
struct FoundValue {
    enum Kind: UInt8 {
        case absent, null, bool, number, string, escapedString, array, object

        var isScalar: Bool { self != .absent && self != .array && self != .object }

        /// The kind as error messages name it (as `JSONValue.kindName`).
        var name: String {
            switch self {
            case .absent, .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string, .escapedString: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    var kind: Kind
    var start: Int
    var end: Int

    static let absent = FoundValue(kind: .absent, start: 0, end: 0)
}

/// A scalar collected when a ``FieldPlan`` collects every field: its flattened key, the byte length of
/// each key on its path (which of two members flattening to one key counts), and its value.
struct CollectedField {
    var key: String
    var lengths: [Int]
    var value: FoundValue
    /// False when a later member of the same name replaced a member this field was under.
    var live = true

    /// Whether flattening keeps this field rather than `other` when both have the same key: the one
    /// nested at the earliest dot (`{"a": {"b.c": 1}}` before `{"a.b.c": 2}`, `{"a": {"b": {"c": 3}}}` before both).
    func outranks(_ other: CollectedField) -> Bool {
        for (mine, theirs) in zip(lengths, other.lengths) where mine != theirs { return mine < theirs }
        return lengths.count > other.lengths.count
    }
}

/// Reads one JSON record in a single pass, without building it: checks its syntax with the errors
/// and places ``JSONParser`` gives, counts its fields, and notes where the members of a ``FieldPlan``
/// are (a repeated member counts once, the last one, as in `JSONValue`), or, when the plan collects
/// every field, each scalar under its dotted path.
struct RecordScanner {
    let plan: FieldPlan
    let found: UnsafeMutableBufferPointer<FoundValue>
    private var cursor: JSONParser.Cursor
    /// Object members and array elements at every level, as written (a repeated key counts each time).
    private(set) var fields = 0
    /// The record's own value.
    private(set) var record = FoundValue.absent
    /// Every scalar reached through objects (when the plan collects all), in the order written.
    private(set) var collected: [CollectedField] = []
    private var path: [String] = []

    init(bytes: UnsafeBufferPointer<UInt8>, plan: FieldPlan, found: UnsafeMutableBufferPointer<FoundValue>, maxDepth: Int) {
        self.plan = plan
        self.found = found
        cursor = JSONParser.Cursor(bytes: bytes)
        cursor.maxDepth = min(max(1, maxDepth), JSONParser.maxDepthCeiling)
    }

    /// The bytes scanned.
    var bytes: UnsafeBufferPointer<UInt8> { cursor.bytes }

    mutating func scanRecord() throws(JSONSyntaxError) {
        try cursor.beginDocument()
        let start = cursor.index
        let kind = try value(depth: 0, node: 0, collecting: plan.collectsAll)
        record = FoundValue(kind: kind, start: start, end: cursor.index)
        try cursor.endDocument()
    }

    /// The value at `cursor.index`; the members of an object are looked up under `node` (-1: none are
    /// of interest), and collected when `collecting`.
    private mutating func value(depth: Int, node: Int, collecting: Bool) throws(JSONSyntaxError) -> FoundValue.Kind {
        guard cursor.index < cursor.bytes.count else { throw cursor.unexpected(expecting: "a value") }
        switch cursor.bytes[cursor.index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1, node: node, collecting: collecting); return .object
        case UInt8(ascii: "["): try array(depth: depth + 1); return .array
        case UInt8(ascii: "\""):
            // Most strings are plain ASCII, checked without the escape and UTF-8 machinery.
            if cursor.plainString() { return .string }
            return try cursor.scanString() ? .escapedString : .string
        case UInt8(ascii: "t"): try cursor.literal("true"); return .bool
        case UInt8(ascii: "f"): try cursor.literal("false"); return .bool
        case UInt8(ascii: "n"): try cursor.literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try cursor.scanNumber(); return .number
        default: throw cursor.unexpected(expecting: "a value")
        }
    }

    private mutating func object(depth: Int, node: Int, collecting: Bool) throws(JSONSyntaxError) {
        guard try cursor.openObject(depth: depth) else { return }
        // When collecting: where each member's fields start and end in `collected`, by name.
        var members: [String: Range<Int>]? = collecting ? [:] : nil
        repeat {
            cursor.skipWhitespaceBeforeKey()
            let keyStart = cursor.index
            let key: (literal: Range<Int>, escaped: Bool)
            var child = -1
            // Most keys are short and plain: read from a word or two, and looked up with those words.
            if let plain = cursor.plainShortKey() {
                key = (keyStart..<cursor.index, false)
                try cursor.keySeparator()
                if node >= 0 {
                    let inner = UnsafeBufferPointer(start: cursor.bytes.baseAddress! + keyStart + 1, count: plain.count)
                    child = plan.child(of: node, plainKey: inner, head: plain.head, tail: plain.tail)
                }
            } else {
                key = try cursor.memberKey()
                if node >= 0 {
                    let inner = UnsafeBufferPointer(rebasing: cursor.bytes[(key.literal.lowerBound + 1)..<(key.literal.upperBound - 1)])
                    child = plan.child(of: node, key: inner, escaped: key.escaped)
                }
            }
            fields += 1
            if node >= 0 {
                if child == FieldPlan.byName { child = plan.child(of: node, named: cursor.string(key.literal, escaped: key.escaped)) }
                // A repeated member: the last one counts, so forget what the earlier one held.
                if child >= 0, found[child].kind != .absent {
                    for below in plan.descendants[child] { found[below] = .absent }
                }
            }
            var name = ""
            var first = 0
            if collecting {
                name = cursor.string(key.literal, escaped: key.escaped)
                if let earlier = members?[name] {
                    for i in earlier { collected[i].live = false }
                }
                path.append(name)
                first = collected.count
            }
            let start = cursor.index
            let kind = try value(depth: depth, node: child >= 0 && plan.hasChildren(child) ? child : -1, collecting: collecting)
            if child >= 0 { found[child] = FoundValue(kind: kind, start: start, end: cursor.index) }
            if collecting {
                if kind.isScalar {
                    collected.append(
                        CollectedField(
                            key: path.joined(separator: "."), lengths: path.map(\.utf8.count), value: FoundValue(kind: kind, start: start, end: cursor.index)))
                }
                path.removeLast()
                members?[name] = first..<collected.count
            }
        } while try cursor.nextMember()
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) {
        guard try cursor.openArray(depth: depth) else { return }
        repeat {
            fields += 1
            _ = try value(depth: depth, node: -1, collecting: false)
        } while try cursor.nextElement()
    }
}
