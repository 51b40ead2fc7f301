/// One request the fake received, as the invariant checks read it.
public struct FakeRequestRecord: Sendable, Equatable {
    /// HTTP method, or "WS" for WebSocket API calls.
    public var method: String
    /// Path, or the WebSocket API method name.
    public var path: String
    /// newClientOrderId / origClientOrderId / listClientOrderId when present.
    public var clientOrderId: String?
    /// API key, when one was sent.
    public var apiKey: String?
    /// When the fake received it (fake clock, ms).
    public var receivedAt: Int64
    /// HTTP status of the answer; nil when no answer was sent (dropped).
    public var answeredStatus: Int?
    /// Whether it arrived inside a running Retry-After or ban window (and was refused with 418).
    public var refused: Bool
}
