import Testing
@testable import MarketStream

@Suite struct MarketEndpointsTests {
    @Test func oneLoopbackURLServesRESTAndStreams() throws {
        #expect(try MarketEndpoints.from(marketURL: "http://127.0.0.1:8123/") == MarketEndpoints(rest: "http://127.0.0.1:8123", stream: "ws://127.0.0.1:8123"))
        #expect(try MarketEndpoints.from(marketURL: nil) == MarketEndpoints(rest: "https://api.binance.com", stream: "wss://stream.binance.com:9443"))
        #expect(throws: MarketStreamError.self) { try MarketEndpoints.from(marketURL: "ftp://x") }
    }

    @Test func theFeedSpellingCannotBeAFileName() {
        #expect(MarketFeedName("binance:BTCUSDT")?.symbol == "BTCUSDT")
        #expect(MarketFeedName("data/BTCUSDT.csv") == nil)
        #expect(MarketFeedName("binance:btcusdt") == nil)
        #expect(MarketFeedName("binance:") == nil)
    }

    @Test func theCombinedStreamNamesKlineTradeAndBookTicker() throws {
        let configuration = MarketStreamConfiguration(streamBase: "ws://127.0.0.1:1/", symbol: "BTCUSDT", interval: .init("1m")!)
        #expect(configuration.url == "ws://127.0.0.1:1/stream?streams=btcusdt@kline_1m/btcusdt@trade/btcusdt@bookTicker")
    }
}
