/// Opens market-stream connections. The WebSocket one is ``WebSocketConnector``; tests use an
/// in-memory one.
public protocol StreamConnector: Sendable {
    /// Opens a connection to `url`: text frames in order; the sequence ends when the connection
    /// closes (throwing when it failed). Ending the iteration, or cancelling its task, closes it.
    func open(url: String) -> AsyncThrowingStream<String, any Error>
}
