/// A parameter value that does not fit the strategy's schema.
public struct ParamError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    /// Where the value came from: a file (with line:column when known) or "--set".
    public var source: String
    public var message: String

    public init(key: String, source: String, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
