import Synchronization
@testable import MarketStream

/// In-memory connections: the test pushes frames into, and closes, each connection the client opens.
final class MemoryConnector: StreamConnector {
    private let connections = Mutex<[AsyncThrowingStream<String, any Error>.Continuation]>([])
    private let closedByClient = Mutex<Set<Int>>([])
    /// When set, connections fail at once (a refused connect).
    let refuse = Mutex(false)

    func open(url: String) -> AsyncThrowingStream<String, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self)
        let index = connections.withLock { list in
            list.append(continuation)
            return list.count - 1
        }
        continuation.onTermination = { [self] _ in _ = self.closedByClient.withLock { $0.insert(index) } }
        if refuse.withLock({ $0 }) { continuation.finish(throwing: TestFailure.refused) }
        return stream
    }

    enum TestFailure: Error { case refused }

    var opened: Int { connections.withLock { $0.count } }

    func isClosed(_ index: Int) -> Bool { closedByClient.withLock { $0.contains(index) } }

    func send(_ text: String, on index: Int) {
        _ = connections.withLock { $0[index] }.yield(text)
    }

    func close(_ index: Int) {
        connections.withLock { $0[index] }.finish()
    }

    /// Waits (in real time, briefly) until `count` connections were opened.
    func waitOpened(_ count: Int) async throws {
        try await Poll.until("\(count) connections opened (have \(opened))") { self.opened >= count }
    }
}

/// Polls a condition every millisecond for up to 30 seconds of real time (generous, so a starved
/// full-suite run does not fail; a passing wait returns as soon as the condition holds).
enum Poll {
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    static func until(_ what: @autoclosure () -> String, _ condition: () async -> Bool) async throws {
        for _ in 0..<30_000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw Timeout(description: "timed out waiting for \(what())")
    }
}
