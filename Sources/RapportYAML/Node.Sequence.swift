extension Node {
    /// A sequence node: its items in order.
    public struct Sequence: Sendable, Hashable {
        public var items: [Node]
        public var mark: Mark
        public var tag: String?

        public init(items: [Node], mark: Mark, tag: String? = nil) {
            self.items = items
            self.mark = mark
            self.tag = tag
        }
    }
}
