/// A failure of the market feed: a frame that does not read, a back-fill that failed, a bad address.
public struct MarketStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// A frame is not JSON or lacks a field the wire contract promises.
        case malformed
        /// A frame of a kind Spark does not subscribe to.
        case unknownEvent = "unknown_event"
        /// The feed's address or spelling is wrong.
        case address
        /// REST klines could not fill a gap.
        case backfill
        /// Closed bars could not be written to the store.
        case store
    }

    /// The category.
    public var code: Code
    /// What went wrong, for people.
    public var message: String
    /// Where: the field (`data.k.t`), the stream, or the URL the error is about.
    public var location: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, location: String) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(code.rawValue): \(message)" }
}
