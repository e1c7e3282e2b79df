/// An input as a whole cannot be read (exit code 66): it does not exist, is not readable, or its
/// shape cannot be recognised (a CSV header without a text column, a JSON object without records).
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The input's name (`-` or `<stdin>` for standard input).
    public var input: String
    /// What is wrong with it.
    public var message: String

    /// The error `message` about `input`.
    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }

    /// `input: message`.
    public var description: String { "\(input): \(message)" }
}
