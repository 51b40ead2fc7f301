/// Why the fake server could not start.
public struct FakeServerError: Error, Sendable, CustomStringConvertible {
    /// Short code.
    public var code: String
    /// What happened.
    public var message: String
    /// Where.
    public var location: String

    /// Creates an error.
    public init(code: String, message: String, location: String) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// "code: message (where)".
    public var description: String { "\(code): \(message) (\(location))" }
}
