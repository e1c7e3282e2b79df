import Rapport

extension RecordDecoder {
    /// Decodes a JSON record into `scratch.record` in one pass (``RecordScanner``) that checks it and
    /// notes the members the decoder's ``FieldPlan`` looks at; values become strings only when the
    /// comment needs them. `position` stands in for a missing id. Gives why the record cannot be
    /// decoded, if it cannot (`scratch.record` is then unspecified).
    func decodeJSON(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, position: Int, scratch: inout Scratch) -> RecordError? {
        // Taken out of `scratch` for the scan, which holds its storage while the record is decoded into `scratch`.
        var found = scratch.found
        scratch.found = []
        defer { scratch.found = found }
        if found.count == plan.nodeCount {
            found.withUnsafeMutableBufferPointer { $0.update(repeating: .absent) }
        } else {
            found = Array(repeating: .absent, count: plan.nodeCount)
        }
        return found.withUnsafeMutableBufferPointer { found in
            var scanner = RecordScanner(bytes: bytes, plan: plan, found: found, maxDepth: maxDepth)
            do throws(JSONSyntaxError) {
                try scanner.scanRecord()
            } catch {
                return RecordError(line: line, message: Self.describe(error, in: bytes, line: line))
            }
            // The limit counts the record as parsed, where a repeated key counts once: only a record
            // over it as written can be, and is parsed to tell (the scan accepted it, so parsing does too).
            if scanner.fields > maxFields, let value = try? JSONParser.parse(Array(bytes), maxDepth: maxDepth),
                Self.fieldCount(value, stopAfter: maxFields) > maxFields
            {
                return RecordError(line: line, message: "the record has more than \(maxFields) fields (see --limit fields=N)")
            }
            return decode(ScannedRecord(scanner, found: UnsafeBufferPointer(found)), line: line, position: position, into: &scratch)
        }
    }

    /// Decodes a scanned record into `scratch.record`, reusing its storage.
    private func decode(_ record: ScannedRecord, line: Int, position: Int, into scratch: inout Scratch) -> RecordError? {
        let plan = record.plan
        switch record.value.kind {
        case .object:
            break
        case .string, .escapedString:
            let text = record.string(record.value)
            scratch.record = DecodedRecord(comment: Comment(id: idPrefix + String(position), text: text), kept: kept(text: text), repaired: false)
            scratch.recordShape = nil
            return nil
        default:
            return RecordError(line: line, message: "the record is \(record.value.kind.name), not an object or a string")
        }
        var text: String?
        var textPath = ""
        var textIndex = 0
        var wrongKind: (path: String, kind: String)?
        for (index, path) in mapping.textPaths.enumerated() {
            guard let value = record.lookup(plan.textSteps[index]) else { continue }
            if value.kind == .string || value.kind == .escapedString {
                text = record.string(value)
                textPath = path
                textIndex = index
                break
            }
            if wrongKind == nil { wrongKind = (path, value.kind.name) }
        }
        guard let text else {
            if let wrongKind {
                return RecordError(line: line, message: "the text field '\(wrongKind.path)' is \(wrongKind.kind), not a string")
            }
            return RecordError(line: line, message: missingTextMessage())
        }
        var id: String?
        for step in plan.idSteps {
            guard let value = record.lookup(step) else { continue }
            switch value.kind {
            case .string where value.end - value.start > 2, .escapedString: id = record.string(value)
            case .number: id = record.literal(value)
            default: continue
            }
            break
        }
        var author: String?
        var authorStart = -1
        for step in plan.authorSteps {
            if let value = record.lookup(step), value.kind == .string && value.end - value.start > 2 || value.kind == .escapedString {
                author = record.string(value)
                authorStart = value.start
                break
            }
        }
        if plan.collectsAll {
            scratch.record.comment.fields = record.collectedFields(text: textPath)
            scratch.recordShape = nil
        } else {
            record.demandedFields(
                text: textIndex, shapes: &scratch.shapes, into: &scratch.record.comment.fields, shape: &scratch.recordShape,
                reusing: author.map { (authorStart, $0) })
        }
        if !keepFields.isEmpty || !scratch.record.kept.isEmpty {
            var kept: [KeptField] = []
            kept.reserveCapacity(keepFields.count)
            for (step, path) in zip(plan.keepSteps, keepFields) {
                if path == textPath {
                    kept.append(KeptField(name: path, value: .string(text)))
                } else {
                    kept.append(KeptField(name: path, value: record.lookup(step).flatMap(record.keptValue) ?? .null))
                }
            }
            scratch.record.kept = kept
        }
        scratch.record.comment.id = id ?? idPrefix + String(position)
        scratch.record.comment.text = text
        scratch.record.comment.author = author
        scratch.record.repaired = false
        return nil
    }
}

/// A scanned record: the values its ``FieldPlan`` found, made into strings only when asked for.
struct ScannedRecord {
    let plan: FieldPlan
    let found: UnsafeBufferPointer<FoundValue>
    /// The record's own value.
    let value: FoundValue
    private let bytes: UnsafeBufferPointer<UInt8>
    private let collected: [CollectedField]

    init(_ scanner: RecordScanner, found: UnsafeBufferPointer<FoundValue>) {
        plan = scanner.plan
        self.found = found
        value = scanner.record
        bytes = scanner.bytes
        collected = scanner.collected
    }

    /// Sets `fields` to the demanded fields (``FieldPlan/flatKeys``) but the text path number `text`, as
    /// flattening the whole record gives them (of several members that flatten to one key, the one
    /// nested at the earliest dot), with the follower alias. A record whose present fields are those of a
    /// shape in `shapes` sets the values in place: in `fields` itself when it holds that shape already
    /// (`shape`), else in a copy of the shape's dictionary; another one builds the dictionary and keeps it
    /// in `shapes`. `shape` becomes the shape `fields` holds (nil: none kept). `made` is a string value
    /// already made (the author's: the default pack demands `author.name`, read for the comment's author
    /// too), given by where it starts in the record: a field with that value is given the string rather
    /// than making it again.
    func demandedFields(
        text: Int, shapes: inout FieldShapes, into fields: inout [String: FieldValue], shape current: inout UInt64?,
        reusing made: (start: Int, text: String)? = nil
    ) {
        let flatKeys = plan.flatKeys
        withUnsafeTemporaryAllocation(of: Int.self, capacity: flatKeys.count) { chosen in
            // The node whose scalar flattens into each demanded key (-1: none).
            chosen.initialize(repeating: -1)
            var present = 0
            for entry in plan.flatNodes where chosen[entry.flat] < 0 && found[entry.node].kind.isScalar {
                chosen[entry.flat] = entry.node
                present += 1
            }
            let textFlat = plan.textFlat[text]
            if textFlat >= 0, chosen[textFlat] >= 0 {
                chosen[textFlat] = -1
                present -= 1
            }
            var followers: FieldValue?
            let followersFlat = plan.followersFlat
            if followersFlat >= 0, chosen[followersFlat] < 0 {
                followers = RecordDecoder.followerAlias { alias in
                    let flat = plan.aliasesFlat[alias]
                    return flat >= 0 && chosen[flat] >= 0 ? fieldValue(found[chosen[flat]], known: made) : nil
                }
            }
            if present == 0 && followers == nil {
                if !fields.isEmpty { fields = [:] }
                current = nil
                return
            }
            // Which fields are present, when the flat keys fit in the bits below the alias's.
            var shape: UInt64?
            if flatKeys.count < 63 {
                var bits: UInt64 = followers == nil ? 0 : FieldShapes.followersBit
                for flat in 0..<flatKeys.count where chosen[flat] >= 0 { bits |= 1 << UInt64(flat) }
                shape = bits
            }
            if let shape, let known = shapes.index(of: shape) {
                if current != shape {
                    fields = shapes.shapes[known].fields
                    current = shape
                }
                var slot = 0
                for flat in 0..<flatKeys.count where chosen[flat] >= 0 {
                    fields.values[shapes.shapes[known].slots[slot]] = fieldValue(found[chosen[flat]], known: made)!
                    slot += 1
                }
                if let followers { fields.values[shapes.shapes[known].slots[slot]] = followers }
                return
            }
            var built = [String: FieldValue](minimumCapacity: present + (followers == nil ? 0 : 1))
            var keys: [String] = []
            for flat in 0..<flatKeys.count where chosen[flat] >= 0 {
                built[flatKeys[flat]] = fieldValue(found[chosen[flat]], known: made)
                keys.append(flatKeys[flat])
            }
            if let followers {
                built["author.followers"] = followers
                keys.append("author.followers")
            }
            current = nil
            if let shape, shapes.keep(built, present: shape, keys: keys) { current = shape }
            fields = built
        }
    }

    /// Every scalar reached through objects under its dotted key (only the demanded keys, when there
    /// is a demand) but the text's key `text`: of several members that flatten to one key, the one
    /// nested at the earliest dot; with the follower alias.
    func collectedFields(text: String) -> [String: FieldValue] {
        var chosen: [String: Int] = [:]
        for (index, field) in collected.enumerated() where field.live && plan.demanded?.contains(field.key) != false {
            if let other = chosen[field.key], !field.outranks(collected[other]) { continue }
            chosen[field.key] = index
        }
        var fields = [String: FieldValue](minimumCapacity: chosen.count + 1)
        for (key, index) in chosen { fields[key] = fieldValue(collected[index].value) }
        fields[text] = nil
        if plan.demanded?.contains("author.followers") != false { RecordDecoder.addFollowerAlias(&fields) }
        return fields
    }

    /// The value at a lookup path, like `JSONValue[path:]`.
    func lookup(_ step: Int) -> FoundValue? {
        var step = plan.steps[step]
        while true {
            if found[step.direct].kind != .absent { return found[step.direct] }
            guard step.head >= 0, found[step.head].kind == .object else { return nil }
            step = plan.steps[step.rest]
        }
    }

    /// The text of a string value.
    func string(_ value: FoundValue) -> String {
        JSONParser.Cursor(bytes: bytes).string(value.start..<value.end, escaped: value.kind == .escapedString)
    }

    /// The literal text of a number.
    func literal(_ value: FoundValue) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]), as: UTF8.self)
    }

    /// A number written as at most 15 digits (with an optional `-`), which a `Double` holds exactly:
    /// the same value as `Double(literal)` without parsing it as text.
    func integer(_ value: FoundValue) -> Double? {
        var i = value.start
        let end = value.end
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard end - i <= 15 else { return nil }
        var magnitude = 0
        while i < end {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude * 10 + Int(digit)
            i += 1
        }
        return negative ? -Double(magnitude) : Double(magnitude)
    }

    /// The value as a kept field, like `JSONValue.keptValue` (nil for arrays and objects).
    func keptValue(_ value: FoundValue) -> KeptValue? {
        switch value.kind {
        case .absent, .array, .object: return nil
        case .null: return .null
        case .bool: return .bool(bytes[value.start] == UInt8(ascii: "t"))
        case .number: return KeptValue.number(literal(value))
        case .string, .escapedString: return .string(string(value))
        }
    }

    /// The value as a comment field, like `JSONValue.fieldValue` (nil for arrays and objects); a string
    /// value that starts where `known` does is `known`'s text (the same bytes of the record).
    func fieldValue(_ value: FoundValue, known: (start: Int, text: String)? = nil) -> FieldValue? {
        switch value.kind {
        case .absent, .array, .object: return nil
        case .null: return .null
        case .bool: return .bool(bytes[value.start] == UInt8(ascii: "t"))
        case .number:
            if let integer = integer(value) { return .number(integer) }
            let literal = literal(value)
            return Double(literal).map(FieldValue.number) ?? .string(literal)
        case .string, .escapedString:
            if let known, known.start == value.start { return .string(known.text) }
            return .string(string(value))
        }
    }
}
