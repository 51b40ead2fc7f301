@testable import FakeBinance
import Foundation
import Testing

@Suite struct MarketLoadTests {
    @Test func everyScheduledMessageMapsBackFromItsTradeIDOrItsKlinesLastTradeID() throws {
        let schedule = FakeLoadSchedule(symbol: "BTCUSDT", startMicros: 1_767_225_600_000_000, rate: 10_000, count: 500)
        var tradeIDs: [Int64] = []
        for n in 0..<schedule.count {
            let data = try #require(FakeJSON.object(schedule.frame(n))?["data"] as? [String: Any])
            #expect((data["z"] as? NSNumber)?.int64Value == schedule.intendedMicros(n))
            #expect((data["E"] as? NSNumber)?.int64Value == schedule.intendedMicros(n) / 1_000)
            if schedule.isKline(n) {
                let last = try #require(((data["k"] as? [String: Any])?["L"] as? NSNumber)?.int64Value)
                #expect(schedule.message(klineLastTradeID: last) == n)
            } else {
                let id = try #require((data["t"] as? NSNumber)?.int64Value)
                #expect(schedule.message(tradeID: id) == n)
                tradeIDs.append(id)
            }
        }
        #expect(tradeIDs == Array(1...Int64(tradeIDs.count)), "trade ids are consecutive from 1")
        #expect(schedule.intendedMicros(10) - schedule.intendedMicros(0) == 1_000, "10 messages at 10,000/s take 1 ms")
    }

    @Test func aLoadSendsEveryScheduledFrameInOrderToASubscribedStream() async throws {
        let server = try await TestKeys.start()
        let socket = TestSocket(url: server.streamURL(["btcusdt@kline_1m", "btcusdt@trade"]))
        var tries = 0
        while await server.marketSubscribers("btcusdt@trade") == 0, tries < 300 {
            try await Task.sleep(for: .milliseconds(10))
            tries += 1
        }
        let load = server.startLoad(rate: 2_000, duration: .milliseconds(100))
        #expect(await load.finished() == 200)
        let frames = await socket.waitFor(200) { $0.contains("\"z\":") }
        let stamps = frames.compactMap { (FakeJSON.object($0)?["data"] as? [String: Any])?["z"] as? NSNumber }.map(\.int64Value)
        #expect(stamps == (0..<200).map(load.schedule.intendedMicros))
        await socket.stop()
        await server.stop()
    }
}
