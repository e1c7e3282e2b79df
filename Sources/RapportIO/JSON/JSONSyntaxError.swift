/// Why a record is not valid JSON, and where (a byte offset into the record).
public struct JSONSyntaxError: Error, Sendable, Hashable {
    /// Byte offset into the record's bytes.
    public var offset: Int
    /// What is wrong there.
    public var message: String

    /// The error `message` at byte `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
