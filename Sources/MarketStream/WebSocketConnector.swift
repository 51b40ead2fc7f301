public import Logging
import WSClient

/// ``StreamConnector`` over swift-websocket's client.
///
/// The client answers the server's pings itself (its handler replies to every ping frame with a
/// pong), so no ping code lives here; a connection that goes silent is caught by the stream client's
/// silence timeout instead.
public struct WebSocketConnector: StreamConnector {
    private let logger: Logger
    private let maxFrameSize: Int

    /// Creates a connector. `maxFrameSize` defaults to 1 MiB: the library's 16 KiB default is
    /// smaller than some exchange messages.
    public init(logger: Logger = Logger(label: "spark.market-stream"), maxFrameSize: Int = 1 << 20) {
        self.logger = logger
        self.maxFrameSize = maxFrameSize
    }

    public func open(url: String) -> AsyncThrowingStream<String, any Error> {
        let (logger, maxSize) = (logger, maxFrameSize)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let configuration = WebSocketClientConfiguration(maxFrameSize: maxSize)
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: maxSize) {
                            if case .text(let text) = message { continuation.yield(text) }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
