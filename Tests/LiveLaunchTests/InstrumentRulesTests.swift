import Testing
import Binance
import SparkCore
@testable import LiveLaunch

@Suite("The engine's grid from a Binance symbol's filters")
struct InstrumentRulesTests {
    static func rules(tick: String = "0.01000000", step: String = "0.00001000", minQty: String = "0.00001000", minNotional: String = "5.00000000") -> SymbolRules {
        SymbolRules(
            symbol: "BTCUSDT", status: "TRADING", baseAsset: "BTC", quoteAsset: "USDT", orderTypes: [.limit, .market], tickSize: tick, minPrice: "0.01",
            maxPrice: "1000000", stepSize: step, minQty: minQty, maxQty: "9000", minNotional: minNotional
        )
    }

    @Test("Binance's padded decimals become decimals and increments; the minimums carry over")
    func btcusdt() throws {
        let instrument = try #require(Instrument(rules: Self.rules()))
        #expect(instrument.priceDecimals == 2 && instrument.tick == 1)
        #expect(instrument.quantityDecimals == 5 && instrument.step == 1)
        #expect(instrument.minQuantity == 1)
        #expect(instrument.minNotional == Money(5))
        #expect(instrument.quote == "USDT" && !instrument.allowShort)
    }

    @Test("a tick of 0.50 is five tenths; a step of 1 is whole units")
    func coarseGrids() throws {
        let instrument = try #require(Instrument(rules: Self.rules(tick: "0.50000000", step: "1.00000000", minQty: "1.00000000")))
        #expect(instrument.priceDecimals == 1 && instrument.tick == 5)
        #expect(instrument.quantityDecimals == 0 && instrument.step == 1 && instrument.minQuantity == 1)
    }

    @Test("a zero or unreadable tick or step makes no grid")
    func refused() {
        #expect(Instrument(rules: Self.rules(tick: "0.00000000")) == nil)
        #expect(Instrument(rules: Self.rules(step: "abc")) == nil)
        #expect(Instrument(rules: Self.rules(minNotional: "x")) == nil)
    }
}
