import Rapport

extension RecordDecoder {
    /// Decodes a JSON object record by looking only at the members in `plan`, or returns nil when
    /// the full decode must decide (an error, a repeated or oddly written member of interest, a
    /// record that is not an object). What it returns equals the full decode but for
    /// `Comment.fields`, which holds only the plan's demanded keys.
    func decodePlanned(_ raw: RawRecord, position: Int, plan: FieldPlan) -> DecodedRecord? {
        raw.bytes.withUnsafeBufferPointer { decodePlanned($0, position: position, plan: plan) }
    }

    /// ``decodePlanned(_:position:plan:)-(RawRecord,_,_)`` of a record's bytes.
    func decodePlanned(_ buffer: UnsafeBufferPointer<UInt8>, position: Int, plan: FieldPlan) -> DecodedRecord? {
        guard buffer.count < Int32.max else { return nil }
        return withUnsafeTemporaryAllocation(of: FoundValue.self, capacity: plan.nodeCount) { found in
            found.initialize(repeating: .absent)
            var scanner = RecordScanner(bytes: buffer, plan: plan, found: found, maxDepth: maxDepth, maxFields: maxFields)
            do { try scanner.scanRecord() } catch { return nil }
            let record = PlannedRecord(bytes: buffer, plan: plan, found: UnsafeBufferPointer(found))
            return decodePlanned(record, position: position)
        }
    }

    private func decodePlanned(_ record: PlannedRecord, position: Int) -> DecodedRecord? {
        var text: String?
        var textPath = ""
        var textIndex = 0
        for (index, path) in mapping.textPaths.enumerated() {
            guard let value = record.lookup(record.plan.textSteps[index]), value.kind == .string || value.kind == .escapedString else { continue }
            text = record.string(value)
            textPath = path
            textIndex = index
            break
        }
        // No text: the full decode words the error.
        guard let text else { return nil }
        var id: String?
        for step in record.plan.idSteps {
            guard let value = record.lookup(step) else { continue }
            switch value.kind {
            case .string where value.end - value.start > 2, .escapedString: id = record.string(value)
            case .number: id = record.literal(value)
            default: continue
            }
            break
        }
        var author: String?
        for step in record.plan.authorSteps {
            if let value = record.lookup(step), value.kind == .string && value.end - value.start > 2 || value.kind == .escapedString {
                author = record.string(value)
                break
            }
        }
        guard let fields = record.fields(textStep: textIndex) else { return nil }
        var kept: [KeptField] = []
        kept.reserveCapacity(keepFields.count)
        for (step, path) in zip(record.plan.keepSteps, keepFields) {
            if path == textPath {
                kept.append(KeptField(name: path, value: .string(text)))
            } else {
                kept.append(KeptField(name: path, value: record.lookup(step).flatMap(record.keptValue) ?? .null))
            }
        }
        let positional = idPrefix + String(position)
        return DecodedRecord(comment: Comment(id: id ?? positional, text: text, author: author, fields: fields), kept: kept, repaired: false)
    }
}

/// A scanned record: the values a ``FieldPlan`` found, made into strings only when asked for.
struct PlannedRecord {
    let bytes: UnsafeBufferPointer<UInt8>
    let plan: FieldPlan
    let found: UnsafeBufferPointer<FoundValue>

    /// The demanded fields, like flattening the whole record, dropping the text's key (the text path
    /// number `textStep`) and adding the `author.followers` alias; nil when two members flatten to one key.
    func fields(textStep: Int) -> [String: FieldValue]? {
        let flatKeys = plan.flatKeys
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: flatKeys.count) { nodeOf in
            // The node whose scalar flattens into each demanded key (-1: none).
            nodeOf.initialize(repeating: -1)
            var present = 0
            for entry in plan.flatNodes where found[entry.node].kind.isScalar {
                // Two spellings of one dotted key: the full decode decides which wins (the one nested at the earliest dot).
                if nodeOf[entry.flat] >= 0 { return nil }
                nodeOf[entry.flat] = Int32(entry.node)
                present += 1
            }
            if present == 0 { return [:] }
            let text = plan.textFlat[textStep]
            if text >= 0, nodeOf[text] >= 0 { nodeOf[text] = -1; present -= 1 }
            var followers: FieldValue?
            let followersFlat = plan.followersFlat
            if followersFlat >= 0, nodeOf[followersFlat] < 0 {
                for alias in plan.aliasesFlat where nodeOf[alias] >= 0 {
                    if case .number? = fieldValue(found[Int(nodeOf[alias])]) {
                        followers = fieldValue(found[Int(nodeOf[alias])])
                        break
                    }
                }
            }
            var fields = [String: FieldValue](minimumCapacity: present + (followers == nil ? 0 : 1))
            for index in 0..<flatKeys.count {
                if index == followersFlat, let followers {
                    fields[flatKeys[index].key] = followers
                } else if nodeOf[index] >= 0, let value = fieldValue(found[Int(nodeOf[index])]) {
                    fields[flatKeys[index].key] = value
                }
            }
            return fields
        }
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

    /// A string value (already checked by the scanner).
    func string(_ value: FoundValue) -> String {
        if value.kind == .string {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(value.start + 1)..<Int(value.end - 1)]), as: UTF8.self)
        }
        var cursor = JSONParser.Cursor(bytes: bytes)
        cursor.index = Int(value.start)
        // The scanner accepted it, so the parser does too.
        return (try? cursor.parseString()) ?? ""
    }

    /// The literal text of a number.
    func literal(_ value: FoundValue) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(value.start)..<Int(value.end)]), as: UTF8.self)
    }

    /// A number written as at most 15 digits (with an optional `-`), which a `Double` holds exactly:
    /// the same value as `Double(literal)` without parsing it as text.
    func integer(_ value: FoundValue) -> Double? {
        var i = Int(value.start)
        let end = Int(value.end)
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
        case .bool: return .bool(bytes[Int(value.start)] == UInt8(ascii: "t"))
        case .number: return KeptValue.number(literal(value))
        case .string, .escapedString: return .string(string(value))
        }
    }

    /// The value as a comment field, like `JSONValue.fieldValue` (nil for arrays and objects).
    func fieldValue(_ value: FoundValue) -> FieldValue? {
        switch value.kind {
        case .absent, .array, .object: return nil
        case .null: return .null
        case .bool: return .bool(bytes[Int(value.start)] == UInt8(ascii: "t"))
        case .number:
            if let integer = integer(value) { return .number(integer) }
            let literal = literal(value)
            return Double(literal).map(FieldValue.number) ?? .string(literal)
        case .string, .escapedString: return .string(string(value))
        }
    }
}
