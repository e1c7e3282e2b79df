extension Node {
    /// A mapping node: its entries in source order (keys are unique; the parser rejects duplicates).
    public struct Mapping: Sendable, Hashable {
        public var entries: [Entry]
        public var mark: Mark
        public var tag: String?

        public init(entries: [Entry], mark: Mark, tag: String? = nil) {
            self.entries = entries
            self.mark = mark
            self.tag = tag
        }

        /// One key/value pair.
        public struct Entry: Sendable, Hashable {
            public var key: Node
            public var value: Node
            public init(key: Node, value: Node) {
                self.key = key
                self.value = value
            }
        }

        /// The value whose key is the plain string `key`, if present.
        public subscript(key: String) -> Node? {
            entries.first { $0.key.scalar?.string == key }?.value
        }
    }
}
