/// What the fetcher needs from HTTP: one GET, its status, headers and body. Tests inject their own.
public protocol HTTPTransport: Sendable {
    /// Performs `GET url`; throws for transport failures (timeouts, refused or dropped connections).
    func get(_ url: String) async throws -> HTTPResponse
}
