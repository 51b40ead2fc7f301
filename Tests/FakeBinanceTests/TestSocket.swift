@testable import FakeBinance
import Foundation
import Logging
import WSClient

/// A WebSocket test client: sends queued text frames, records every text frame it receives and when it closed.
actor TestSocket {
    private(set) var received: [String] = []
    private(set) var closed = false
    private let outgoing: AsyncStream<String>.Continuation

    init(url: String) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        outgoing = continuation
        let logger = Logger(label: "test-ws")
        let recorder = self
        Task { await recorder.run(url: url, stream: stream, logger: logger) }
    }

    private func run(url: String, stream: AsyncStream<String>, logger: Logger) async {
        _ = try? await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in stream { try? await outbound.write(.text(text)) }
                }
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { await self.record(text) }
                        }
                    } catch {}
                }
                await group.next()
                group.cancelAll()
            }
        }
        closed = true
    }

    private func record(_ text: String) { received.append(text) }

    func send(_ text: String) { outgoing.yield(text) }

    func stop() { outgoing.finish() }

    /// Waits (up to 30 s; the whole suite can starve this target) until `count` frames satisfy `match`.
    func waitFor(_ count: Int = 1, tries: Int = 3000, _ match: @Sendable (String) -> Bool) async -> [String] {
        for _ in 0..<tries {
            let hits = received.filter(match)
            if hits.count >= count { return hits }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received.filter(match)
    }

    /// Waits (up to 30 s) for the connection to close.
    func waitClosed(tries: Int = 3000) async -> Bool {
        for _ in 0..<tries where !closed { try? await Task.sleep(for: .milliseconds(10)) }
        return closed
    }

    /// The event objects of user-stream frames, in arrival order.
    static func events(_ frames: [String]) -> [[String: Any]] {
        frames.compactMap { FakeJSON.object($0)?["event"] as? [String: Any] }
    }
}
