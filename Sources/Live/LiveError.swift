/// Why the live session refused, stopped or could not go on: a code, a message and where.
///
/// Never carries a key, a signature or a signed query: messages are built from exchange answers
/// (``Binance/GatewayError`` already strips those) and Spark's own state.
public struct LiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable word for scripts.
    public enum Code: String, Sendable, Codable {
        case journal, journalExists = "journal_exists", gateway, reconcile, setup, replay
    }

    public var code: Code
    public var message: String
    /// The file, call or order the error is about.
    public var location: String

    /// An error with its code, message and location.
    public init(_ code: Code, _ message: String, at location: String) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message) [\(code.rawValue)]" }
}
