extension Node {
    /// A scalar node: its source text, how it was written, and its core-schema value.
    public struct Scalar: Sendable, Hashable {
        /// The scalar's text after YAML unescaping and folding.
        public var string: String
        /// How the scalar was written.
        public var style: Style
        /// The explicit tag (`!!str`, `!custom`), if any, as written after tag-handle resolution.
        public var tag: String?
        /// Where the scalar starts.
        public var mark: Mark
        /// The value under the YAML 1.2 core schema (a quoted scalar is always a string).
        public var value: Value

        public init(string: String, style: Style = .plain, tag: String? = nil, mark: Mark) {
            self.string = string
            self.style = style
            self.tag = tag
            self.mark = mark
            self.value = CoreSchema.resolve(string, style: style, tag: tag)
        }

        /// The ways a scalar can be written.
        public enum Style: String, Sendable, Hashable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        /// A scalar's typed value under the core schema.
        public enum Value: Sendable, Hashable {
            case null
            case bool(Bool)
            case int(Int)
            case float(Double)
            case string(String)

            /// A short name of the value's type for messages.
            public var kindDescription: String {
                switch self {
                case .null: "null"
                case .bool: "a boolean"
                case .int: "an integer"
                case .float: "a number"
                case .string: "a string"
                }
            }
        }
    }
}
