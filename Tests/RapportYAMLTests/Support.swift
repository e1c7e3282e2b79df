import RapportYAML
import Testing

/// Loads `text` as one document, failing the test if it throws or is empty.
func load(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Node {
    try #require(try YAMLParser.parse(text), "empty document", sourceLocation: sourceLocation)
}

/// The error loading `text` throws, or `nil` (recorded as a test issue) when it loads.
func loadError(_ text: String, limits: YAMLLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLError? {
    loadError(bytes: Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
}

/// The error loading `bytes` throws, or `nil` (recorded as a test issue) when it loads.
func loadError(bytes: [UInt8], limits: YAMLLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLError? {
    do {
        _ = try YAMLParser.parse(bytes: bytes, limits: limits)
        Issue.record("expected an error, but the text loaded", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

extension Node {
    /// The value at `path` (mapping keys as strings, sequence indexes as ints).
    subscript(path: Any...) -> Node? {
        var node: Node? = self
        for step in path {
            switch (node, step) {
            case (.mapping(let m)?, let key as String): node = m[key]
            case (.sequence(let s)?, let i as Int): node = s.items.indices.contains(i) ? s.items[i] : nil
            default: return nil
            }
        }
        return node
    }
}
