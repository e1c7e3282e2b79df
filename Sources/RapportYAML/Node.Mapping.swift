extension Node {
    /// A mapping node: its entries in source order (keys are unique; the parser rejects duplicates).
    ///
    /// Entries brought in by a merge key (`<<: *base`) follow the mapping's own entries and keep
    /// the marks of the place they were written.
    public struct Mapping: Sendable, Hashable {
        /// The key/value pairs, in source order.
        public var entries: [Entry]
        /// Where the mapping starts (its `{` or its first key).
        public var mark: Mark
        /// The explicit tag, if any (resolved, like ``Node/Scalar/tag``).
        public var tag: String?

        /// Creates a mapping.
        public init(entries: [Entry], mark: Mark, tag: String? = nil) {
            self.entries = entries
            self.mark = mark
            self.tag = tag
        }

        /// One key/value pair.
        public struct Entry: Sendable, Hashable {
            /// The key node (usually a scalar).
            public var key: Node
            /// The value node.
            public var value: Node
            /// Creates an entry.
            public init(key: Node, value: Node) {
                self.key = key
                self.value = value
            }
        }

        /// The value of the entry whose key is a scalar with text `key`, if present.
        public subscript(key: String) -> Node? {
            entries.first { $0.key.scalar?.string == key }?.value
        }
    }
}
