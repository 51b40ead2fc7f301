public import Binance
import Foundation
import Logging
import NIOCore
import WSClient

/// Runs one WebSocket API connection for the user-data stream: sends the handshake, reports whether
/// the subscription came up, forwards events, pings, watches for silence and ends with `.disconnected`.
final class UserStreamConnection: @unchecked Sendable {
    private let lock = NSLock()
    private var lastFrameMs: Int64
    private var finished = false
    private var setupReported = false
    let events: AsyncStream<UserStreamEvent>.Continuation
    let setup: AsyncStream<GatewayError?>.Continuation
    let clock: any WallClock
    let configuration: BinanceGatewayConfiguration

    init(
        events: AsyncStream<UserStreamEvent>.Continuation, setup: AsyncStream<GatewayError?>.Continuation, clock: any WallClock,
        configuration: BinanceGatewayConfiguration
    ) {
        self.events = events
        self.setup = setup
        self.clock = clock
        self.configuration = configuration
        lastFrameMs = clock.nowMs()
    }

    /// Connects, runs the session, and always ends the stream with one `.disconnected`.
    func run(handshake: [String]) async {
        var config = WebSocketClientConfiguration(maxFrameSize: configuration.maxFrameSize, closeTimeout: .seconds(1))
        config.validateUTF8 = false
        let reason: String
        do {
            let close = try await WebSocketClient.connect(url: configuration.webSocketAPIURL, configuration: config, logger: Logger(label: "spark.binance.userstream")) {
                inbound, outbound, _ in
                try await self.session(inbound: inbound, outbound: outbound, handshake: handshake)
            }
            reason = "the server closed the connection" + (close.map { " (\($0.closeCode))" } ?? "")
        } catch let error as UserStreamEnd {
            reason = error.reason
        } catch {
            reason = "the connection failed: \(type(of: error))"
        }
        reportSetup(GatewayError(.unreachable, message: "the user stream did not come up: \(reason)"))
        finish(reason)
    }

    private func session(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, handshake: [String]) async throws {
        touch()
        try await outbound.write(.text(handshake[0]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.watch(outbound) }
            group.addTask {
                var next = 1
                for try await message in inbound.messages(maxSize: self.configuration.maxFrameSize) {
                    self.touch()
                    let bytes: [UInt8] = switch message {
                    case .text(let text): Array(text.utf8)
                    case .binary(let buffer): Array(buffer.readableBytesView)
                    }
                    if try await self.handle(bytes, outbound: outbound, handshake: handshake, next: &next) { return }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Handles one frame; true when the stream is over.
    private func handle(_ bytes: [UInt8], outbound: WebSocketOutboundWriter, handshake: [String], next: inout Int) async throws -> Bool {
        let frame: WebSocketAPIFrame
        do {
            frame = try BinanceJSON.webSocketFrame(bytes)
        } catch {
            throw UserStreamEnd(reason: "unreadable frame: \(error.message)")
        }
        switch frame {
        case .answer(let id, let status, let error):
            if let error {
                let gatewayError = error.gatewayError(status: status, nowMs: clock.nowMs())
                reportSetup(gatewayError)
                throw UserStreamEnd(reason: "request \(id) refused: \(gatewayError)")
            }
            if id == UserStreamHandshake.subscribeID {
                reportSetup(nil)
                events.yield(.subscribed)
            } else if id == UserStreamHandshake.logonID, next < handshake.count {
                try await outbound.write(.text(handshake[next]))
                next += 1
            }
        case .event(.some(.disconnected(let reason))):
            throw UserStreamEnd(reason: reason)
        case .event(.some(let event)):
            events.yield(event)
        case .event(nil):
            break
        }
        return false
    }

    /// Pings on schedule and ends the session once no frame has come for the silence timeout, or the
    /// subscription has not come up within the request timeout.
    private func watch(_ outbound: WebSocketOutboundWriter) async throws {
        let silenceMs = Self.milliseconds(configuration.silenceTimeout)
        let pingMs = Self.milliseconds(configuration.streamPingInterval)
        let setupMs = Self.milliseconds(configuration.requestTimeout)
        let step = Duration.milliseconds(max(5, min(silenceMs, pingMs, setupMs) / 4))
        let started = clock.nowMs()
        var lastPing = started
        var sequence = 0
        while true {
            try await Task.sleep(for: step)
            let now = clock.nowMs()
            if now - started >= setupMs, !lock.withLock({ setupReported }) {
                reportSetup(GatewayError(.unreachable, message: "no answer to the subscription within \(setupMs) ms"))
                throw UserStreamEnd(reason: "no answer to the subscription within \(setupMs) ms")
            }
            let quiet = now - lock.withLock { lastFrameMs }
            if quiet >= silenceMs {
                let reason = "no frame for \(quiet) ms (silent connection)"
                finish(reason)
                try? await outbound.close(.goingAway, reason: "silent")
                throw UserStreamEnd(reason: reason)
            }
            if now - lastPing >= pingMs {
                lastPing = now
                sequence += 1
                try await outbound.write(.text(UserStreamHandshake.ping(sequence: sequence)))
            }
        }
    }

    private func touch() { lock.withLock { lastFrameMs = clock.nowMs() } }

    private func reportSetup(_ error: GatewayError?) {
        let first = lock.withLock { () -> Bool in
            defer { setupReported = true }
            return !setupReported
        }
        guard first else { return }
        setup.yield(error)
        setup.finish()
    }

    /// Yields the one `.disconnected` and closes the stream.
    func finish(_ reason: String) {
        let first = lock.withLock { () -> Bool in
            defer { finished = true }
            return !finished
        }
        guard first else { return }
        events.yield(.disconnected(reason: reason))
        events.finish()
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// Why the session ended, carried out of the WebSocket handler.
struct UserStreamEnd: Error {
    let reason: String
}
