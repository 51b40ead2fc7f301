import Foundation
import Live
import Testing

/// A sink that logs each write (by what the line is) and each fsync, in order.
private final class RecordingSink: LiveJournalSink, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []

    var events: [String] { lock.withLock { log } }

    func write(_ bytes: [UInt8]) throws {
        let line = String(decoding: bytes, as: UTF8.self)
        let kind = line.contains(#""bar":{"#) ? "bar" : line.contains(#""type":"intent""#) ? "intent" : line.contains(#""type":"input""#) ? "input" : "other"
        lock.withLock { log.append(kind) }
    }

    func synchronize() throws { lock.withLock { log.append("fsync") } }
}

@Suite("Live: what is durable when")
struct LiveDurabilityTests {
    @Test func aBarThatOrdersIsDurableThroughItsIntentsFsyncBeforeTheRequest() async throws {
        var harness = LiveHarness()
        let sink = RecordingSink()
        let session = try await harness.start(LiveHarness.buyOnce, sink: sink)
        let before = sink.events.count
        await session.bar(harness.bar(100))
        let events = Array(sink.events.dropFirst(before))
        // The bar's line, the intent's line, then one fsync covering both; the request follows it.
        #expect(Array(events.prefix(3)) == ["bar", "intent", "fsync"], "\(events)")
        #expect(await harness.gateway.placeCalls.count == 1)
        #expect(await session.status.orders.values.first == .filled)
    }

    @Test func aBarThatDoesNotOrderIsFsyncedBeforeTheNextInput() async throws {
        var harness = LiveHarness()
        let sink = RecordingSink()
        let session = try await harness.start(LiveHarness.buyOnce, sink: sink)
        await session.bar(harness.bar(100))
        let before = sink.events.count
        await session.bar(harness.bar(101))
        await session.tick()
        let events = Array(sink.events.dropFirst(before))
        let bar = try #require(events.firstIndex(of: "bar"))
        // After the bar's line only its decisions and notes, then the fsync, before the tick's input.
        let after = events.dropFirst(bar + 1).filter { $0 != "other" }
        #expect(after.first == "fsync", "\(events)")
        #expect(await harness.gateway.placeCalls.count == 1)
    }
}
