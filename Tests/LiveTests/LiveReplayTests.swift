import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: replay and mapping")
struct LiveReplayTests {
    @Test func aLiveJournalReplaysToTheSameIntentsAndDecisions() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(faults: [.lostResponse])
        let session = try await harness.start(LiveHarness.restingEveryBar)
        await session.bar(harness.bar(100))
        await session.bar(harness.bar(101))
        let id = try #require(await session.status.orders.keys.sorted().first)
        let report = await harness.gateway.match(id, qty: "0.01", price: "90.00")
        await session.deliver(.execution(report, eventTime: 3))
        await session.control(.kill(level: 2, by: "ops", reason: "end of test"))
        await session.finish(reason: "done")
        let outcome = try LiveReplay.run(journal: harness.path("live.jsonl"))
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
        #expect(outcome.intents >= 4 && outcome.decisions > 0 && outcome.ended)
    }

    @Test func aReplayFindsAnIntentTheJournalDoesNotAgreeWith() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.buyOnce)
        await session.bar(harness.bar(100))
        await session.finish(reason: "done")
        let path = harness.path("live.jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = harness.path("edited.jsonl")
        try text.replacingOccurrences(of: "\"quantity\":\"0.01\"", with: "\"quantity\":\"0.02\"").write(toFile: edited, atomically: true, encoding: .utf8)
        let outcome = try LiveReplay.run(journal: edited)
        #expect(outcome.firstMismatch?.what == "intent")
    }

    @Test func aJournalIsNeverOverwritten() async throws {
        let harness = LiveHarness()
        FileManager.default.createFile(atPath: harness.path("live.jsonl"), contents: Data("x\n".utf8))
        await #expect(throws: LiveError.self) { try await harness.start(LiveHarness.buyOnce) }
        #expect(try String(contentsOfFile: harness.path("live.jsonl"), encoding: .utf8) == "x\n")
    }

    @Test func engineOrdersMapOntoBinanceTypes() throws {
        let instrument = LiveHarness.instrument
        var order = Order(id: OrderID(7), symbol: SymbolID(0), side: .buy, kind: .limit, quantity: Quantity(units: 1_000), price: Price(units: 9_000), createdAt: 0)
        order.postOnly = true
        let maker = try OrderMapper.newOrder(order, instrument: instrument, clientID: "c", recvWindow: 5_000, timestamp: 1).get()
        #expect(maker.type == .limitMaker && maker.timeInForce == nil && maker.price == "90")
        order.postOnly = false
        order.timeInForce = .ioc
        #expect(try OrderMapper.newOrder(order, instrument: instrument, clientID: "c", recvWindow: 5_000, timestamp: 1).get().timeInForce == .ioc)
        var stop = Order(id: OrderID(8), symbol: SymbolID(0), side: .sell, kind: .stopLimit, quantity: Quantity(units: 1_000), price: Price(units: 8_000), trigger: Price(units: 8_100), createdAt: 0)
        let stopLimit = try OrderMapper.newOrder(stop, instrument: instrument, clientID: "c", recvWindow: 5_000, timestamp: 1).get()
        #expect(stopLimit.type == .stopLossLimit && stopLimit.stopPrice == "81" && stopLimit.price == "80" && stopLimit.timeInForce == .gtc)
        stop.kind = .trailingStop
        stop.price = nil
        stop.trail = .bps(150)
        let trailing = try OrderMapper.newOrder(stop, instrument: instrument, clientID: "c", recvWindow: 5_000, timestamp: 1).get()
        #expect(trailing.type == .stopLoss && trailing.trailingDelta == 150)
        stop.trail = .amount(Price(units: 100))
        #expect((try? OrderMapper.newOrder(stop, instrument: instrument, clientID: "c", recvWindow: 5_000, timestamp: 1).get()) == nil)
        #expect(OrderMapper.emulated.count == 3)
    }
}
