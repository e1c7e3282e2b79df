extension Node {
    /// A sequence node: its items in order.
    public struct Sequence: Sendable, Hashable {
        /// The items, in source order (aliases already expanded).
        public var items: [Node]
        /// Where the sequence starts (its `[` or its first `-`).
        public var mark: Mark
        /// The explicit tag, if any (resolved, like ``Node/Scalar/tag``).
        public var tag: String?

        /// Creates a sequence.
        public init(items: [Node], mark: Mark, tag: String? = nil) {
            self.items = items
            self.mark = mark
            self.tag = tag
        }
    }
}
