/// Writing the output failed (disk full, closed pipe, unwritable directory).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the output.
    public var message: String

    /// The error `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
