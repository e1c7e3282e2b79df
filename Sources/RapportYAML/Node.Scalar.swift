extension Node {
    /// A scalar node: its source text, how it was written, and its core-schema value.
    public struct Scalar: Sendable, Hashable {
        /// The scalar's text after YAML unescaping and folding.
        public var string: String
        /// How the scalar was written.
        public var style: Style
        /// The explicit tag, if any, after tag-handle resolution: `!!str` is `tag:yaml.org,2002:str`,
        /// `!custom` stays `!custom`, and the non-specific tag is `!`.
        public var tag: String?
        /// Where the scalar starts.
        public var mark: Mark
        /// The value under the YAML 1.2 core schema (a quoted scalar is always a string).
        public var value: Value

        /// Creates a scalar and resolves its ``value`` by the core schema (text that does not fit
        /// an explicit core tag stays a string here; the parser reports it as an error instead).
        public init(string: String, style: Style = .plain, tag: String? = nil, mark: Mark) {
            self.init(string: string, style: style, tag: tag, mark: mark, value: CoreSchema.resolve(string, style: style, tag: tag))
        }

        init(string: String, style: Style, tag: String?, mark: Mark, value: Value) {
            self.string = string
            self.style = style
            self.tag = tag
            self.mark = mark
            self.value = value
        }

        /// The ways a scalar can be written.
        public enum Style: String, Sendable, Hashable {
            /// Unquoted: `word`.
            case plain
            /// `'text'`.
            case singleQuoted
            /// `"text"`, with escapes.
            case doubleQuoted
            /// A `|` block scalar.
            case literal
            /// A `>` block scalar.
            case folded
        }

        /// A scalar's typed value under the core schema.
        public enum Value: Sendable, Hashable {
            /// `null`, `~`, or an empty plain scalar.
            case null
            /// `true` or `false` (also `True`, `TRUE`...).
            case bool(Bool)
            /// A decimal, `0o` octal or `0x` hexadecimal integer that fits in `Int`.
            case int(Int)
            /// A decimal number with a fraction or exponent, `.inf`, `-.inf`, `.nan` (or an integer too large for `Int`).
            case float(Double)
            /// Anything else, and every quoted or block scalar.
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
