/// A telemetry file that cannot be written or read.
public struct TelemetryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code = "telemetry"
    public let message: String
    /// The file.
    public let path: String

    public init(_ message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { "\(path): \(message)" }
}
