/// A parsed reply template: literal text and `{variable|fallback}` placeholders.
///
/// Only the template's own text is ever parsed; values substituted from a comment are
/// inserted verbatim and never interpreted as template syntax.
public struct Template: Sendable, Hashable {
    public enum Segment: Sendable, Hashable {
        case text(String)
        /// `{author|friend}`: a variable path and the text used when it has no value.
        case variable(path: [String], fallback: String?, offset: Int)
    }

    public var source: String
    public var location: SourceLocation
    public var segments: [Segment]

    public init(source: String, location: SourceLocation, segments: [Segment]) {
        self.source = source
        self.location = location
        self.segments = segments
    }
}
