/// A failure of `spark serve`: a code, what went wrong, where, and what to do.
public struct ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// The file, address or request concerned.
    public let location: String
    public let hint: String?

    public init(_ code: String, _ message: String, where location: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String { "\(location): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "") }
}
