/// Loads YAML text into ``Node`` trees with libyaml.
///
/// - Marks are 1-based; columns count Unicode scalars (as libyaml does; tabs count as one).
/// - Scalars resolve by the YAML 1.2 core schema (see ``Node/Scalar/Value``); explicit core tags
///   (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) decide the type and must fit the text.
/// - Aliases are expanded under ``YAMLLimits/maxAliasExpansion``; anchors are per document.
/// - Merge keys (`<<`) are applied; duplicate keys are errors.
/// - Nesting, scalar length and input size are bounded by ``YAMLLimits``.
/// - A leading UTF-8 byte-order mark is skipped.
public enum YAMLParser {
    /// Parses `text`, which must hold at most one document, into a node tree.
    /// Returns `nil` when there is no document or its content is empty.
    public static func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> Node? {
        try load(text, limits: limits, singleDocument: true).first ?? nil
    }

    /// Parses UTF-8 `bytes`, which must hold at most one document, into a node tree.
    /// Returns `nil` when there is no document or its content is empty.
    public static func parse(bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> Node? {
        try bytes.withUnsafeBufferPointer { (bytes) throws(YAMLError) in
            try load(bytes, limits: limits, singleDocument: true).first ?? nil
        }
    }

    /// Parses every document of `text`, in order. An element is `nil` when its document's content
    /// is empty (`---` followed by nothing). The limits apply to the whole stream.
    public static func parseStream(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> [Node?] {
        try load(text, limits: limits, singleDocument: false)
    }

    /// Parses every document of UTF-8 `bytes`, in order (see ``parseStream(_:limits:)``).
    public static func parseStream(bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> [Node?] {
        try bytes.withUnsafeBufferPointer { (bytes) throws(YAMLError) in
            try load(bytes, limits: limits, singleDocument: false)
        }
    }

    static func load(_ text: String, limits: YAMLLimits, singleDocument: Bool) throws(YAMLError) -> [Node?] {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(YAMLError) in try load(bytes, limits: limits, singleDocument: singleDocument) }
        }
        return try result.get()
    }

    /// The documents of `input`. `liftingBodies: false` leaves every literal block scalar to libyaml
    /// (the tests compare the two ways).
    static func load(
        _ input: UnsafeBufferPointer<UInt8>, limits: YAMLLimits, singleDocument: Bool, liftingBodies: Bool = true
    ) throws(YAMLError) -> [Node?] {
        if input.count > limits.maxInputBytes {
            throw YAMLError(
                kind: .tooLarge, problem: "input is \(input.count) bytes, more than the limit of \(limits.maxInputBytes)", mark: Mark(line: 1, column: 1))
        }
        // libyaml, told the input is UTF-8, would take a byte-order mark for a character of line 1.
        var bytes = input
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeBufferPointer(rebasing: bytes[3...])
        }
        // The input without the bodies of its plain literal block scalars, when it has some; the original
        // when that fails in any way (the error to report is then the original's).
        if liftingBodies, let lifted = LiteralBodies.lift(bytes),
            let documents = lifted.input.withUnsafeBufferPointer({ input in
                try? events(input, limits: limits, singleDocument: singleDocument, bodies: lifted.bodies)
            })
        {
            return documents
        }
        return try events(bytes, limits: limits, singleDocument: singleDocument, bodies: [])!
    }

    /// The documents of `bytes`, from libyaml's events; `bodies` are the literal block scalar bodies taken
    /// out of them (``LiteralBodies``). Nil when not every one of `bodies` was put back.
    static func events(
        _ bytes: UnsafeBufferPointer<UInt8>, limits: YAMLLimits, singleDocument: Bool, bodies: [LiteralBody]
    ) throws(YAMLError) -> [Node?]? {
        var builder = TreeBuilder(limits: limits, singleDocument: singleDocument)
        builder.literalBodies = bodies
        try LibYAMLEvents.parse(bytes) { (event) throws(YAMLError) in
            try builder.handle(event)
        }
        guard builder.literalBodiesTaken == bodies.count else { return nil }
        return builder.documents.map { $0.flatMap { $0.isEmptyDocument ? nil : $0 } }
    }
}

extension Node {
    /// An empty plain scalar with no tag: what libyaml gives for a document with no content.
    var isEmptyDocument: Bool {
        guard case .scalar(let s) = self else { return false }
        return s.string.isEmpty && s.style == .plain && s.tag == nil
    }
}
