import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The fake Binance spot exchange on loopback: REST, WebSocket API and market streams on one port, plus `/fake/` control.
public final class FakeBinanceServer: Sendable {
    /// The bound port.
    public let port: Int
    let exchange: FakeExchange
    let runTask: Task<Void, Never>
    let tickTask: Task<Void, Never>?

    /// REST base address, e.g. "http://127.0.0.1:54321".
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// WebSocket API address.
    public var webSocketAPIURL: String { "ws://127.0.0.1:\(port)/ws-api/v3" }
    /// Combined market stream address for these stream names.
    public func streamURL(_ streams: [String]) -> String { "ws://127.0.0.1:\(port)/stream?streams=" + streams.joined(separator: "/") }

    init(port: Int, exchange: FakeExchange, runTask: Task<Void, Never>, tickTask: Task<Void, Never>?) {
        self.port = port
        self.exchange = exchange
        self.runTask = runTask
        self.tickTask = tickTask
    }

    /// Starts the server and returns once it listens (port 0 → the ephemeral port it got).
    public static func start(_ config: FakeBinanceConfig) async throws -> FakeBinanceServer {
        let exchange = FakeExchange(config: config)
        let router = Router(context: BasicWebSocketRequestContext.self)
        FakeRoutes.installREST(on: router, exchange: exchange)
        FakeRoutes.installControl(on: router, exchange: exchange)
        FakeRoutes.installWebSocket(on: router, exchange: exchange)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-binance")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(autoPing: .disabled))),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "fake-binance"),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger
        )
        let runTask = Task {
            do { try await app.run() } catch { portSink.finish() }
        }
        var bound = 0
        for await port in ports {
            bound = port
            break
        }
        guard bound > 0 else {
            runTask.cancel()
            throw FakeServerError(code: "bind", message: "the fake exchange could not listen on \(config.host):\(config.port)", location: "FakeBinanceServer.start")
        }
        let tickTask: Task<Void, Never>? = config.clock == .system ? Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await exchange.tick()
            }
        } : nil
        return FakeBinanceServer(port: bound, exchange: exchange, runTask: runTask, tickTask: tickTask)
    }

    /// Stops: closes WebSocket connections, releases withheld answers, shuts the listener.
    public func stop() async {
        await exchange.beginStop()
        tickTask?.cancel()
        runTask.cancel()
        await runTask.value
    }
}
