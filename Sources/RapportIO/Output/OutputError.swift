/// Writing the output failed (disk full, closed pipe, unwritable directory).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
