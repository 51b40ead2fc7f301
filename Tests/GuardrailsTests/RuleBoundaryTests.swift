import Engine
import Guardrails
import SparkCore
import Testing

/// Every built-in rule at its limit (allowed) and one tick or step over it (rejected).
@Suite("Rule boundaries")
struct RuleBoundaryTests {
    @Test("max order quantity allows the limit and rejects one step more")
    func maxQuantity() throws {
        let desk = try Desk(.maxOrderQuantity(limit: 0.5))
        #expect(desk.verdict(desk.order(.buy, 0.5)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.50001)) == "max_order_quantity")
    }

    @Test("max order notional values a limit order at its price and a market order at the last price")
    func maxNotional() throws {
        let desk = try Desk(.maxOrderNotional(limit: 4_200))
        #expect(desk.verdict(desk.order(.buy, 0.1)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.10001)) == "max_order_notional")
        #expect(desk.verdict(desk.order(.buy, 0.1, limit: 42_000)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.1, limit: 42_000.01)) == "max_order_notional")
    }

    @Test("the price band allows the edge of the band and rejects one tick beyond it")
    func priceBand() throws {
        let desk = try Desk(.priceBand(maxDeviationPct: 1, reference: .barClose, maxAgeMs: 2 * minute))
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 42_420)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.01, limit: 42_420.01)) == "price_band")
        #expect(desk.verdict(desk.order(.sell, 0.01, limit: 41_580)) == "allow")
        #expect(desk.code(desk.order(.sell, 0.01, limit: 41_579.99)) == "price_band")
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "allow", "a market order has no price to band")
    }

    @Test("a stale or missing reference rejects: the price band fails closed")
    func priceBandFailsClosed() throws {
        let desk = try Desk(.priceBand(maxDeviationPct: 1, reference: .barClose, maxAgeMs: 2 * minute))
        desk.account.now = t0 + 2 * minute
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 42_000)) == "allow", "exactly the maximum age is still fresh")
        desk.account.now = t0 + 2 * minute + 1
        #expect(desk.code(desk.order(.buy, 0.01, limit: 42_000)) == "stale_reference")
        desk.account.lastPrice[0] = .nan
        desk.account.lastPriceTime[0] = .min
        #expect(desk.code(desk.order(.buy, 0.01, limit: 42_000)) == "missing_reference")
        let midDesk = try Desk(.priceBand(maxDeviationPct: 1, reference: .mid, maxAgeMs: minute))
        #expect(midDesk.code(midDesk.order(.buy, 0.01, limit: 42_000)) == "missing_reference", "bars carry no mid, so a mid band rejects")
    }

    @Test("max position counts the current position and same-side resting orders")
    func maxPosition() throws {
        let desk = try Desk(.maxPosition(limit: 1))
        desk.account.positions[0] = 50_000 // 0.5 BTC
        #expect(desk.verdict(desk.order(.buy, 0.5)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.50001)) == "max_position")
        desk.rest(desk.order(.buy, 0.2, limit: 41_000))
        #expect(desk.code(desk.order(.buy, 0.30001)) == "max_position")
        #expect(desk.verdict(desk.order(.buy, 0.3)) == "allow")
        #expect(desk.verdict(desk.order(.sell, 1.5)) == "allow", "selling 1.5 from +0.5 leaves -1.0, at the limit")
    }

    @Test("gross and net exposure sum every symbol's position after the order")
    func exposure() throws {
        let gross = try Desk(.maxGrossExposure(limit: 10_000))
        gross.account.positions[1] = -20_000 // short 2 ETH = 5000
        #expect(gross.verdict(gross.order(.buy, 0.11904, limit: 42_000)) == "allow") // 4999.68 + 5000
        #expect(gross.code(gross.order(.buy, 0.11905, limit: 42_000)) == "max_gross_exposure")
        let net = try Desk(.maxNetExposure(limit: 5_000))
        net.account.positions[1] = -20_000
        #expect(net.verdict(net.order(.buy, 0.23809, limit: 42_000)) == "allow", "a long against the short nets out")
        #expect(net.code(net.order(.buy, 0.2381, limit: 42_000)) == "max_net_exposure")
    }

    @Test("max open orders allows reaching the limit and rejects going past it")
    func openOrders() throws {
        let desk = try Desk(.maxOpenOrders(limit: 2))
        desk.rest(desk.order(.buy, 0.01, limit: 41_000))
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 40_000)) == "allow")
        desk.rest(desk.order(.buy, 0.01, limit: 40_000))
        #expect(desk.code(desk.order(.buy, 0.01, limit: 39_000)) == "max_open_orders")
    }

    @Test("the order-rate throttle allows max orders per window, per strategy or per symbol")
    func orderRate() throws {
        let desk = try Desk(.orderRate(max: 2, perMs: 1000, perSymbol: false))
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "allow")
        desk.account.now += 1
        #expect(desk.verdict(desk.order(.buy, 0.02)) == "allow")
        desk.account.now += 1
        #expect(desk.code(desk.order(.buy, 0.03)) == "order_rate")
        desk.account.now = t0 + 1000
        #expect(desk.verdict(desk.order(.buy, 0.04)) == "allow", "the first order left the window")
        let perSymbol = try Desk(.orderRate(max: 1, perMs: 1000, perSymbol: true))
        #expect(perSymbol.verdict(perSymbol.order(.buy, 0.01)) == "allow")
        #expect(perSymbol.verdict(perSymbol.order(.buy, 0.01, symbol: 1)) == "allow", "another symbol has its own window")
        #expect(perSymbol.code(perSymbol.order(.buy, 0.02)) == "order_rate")
    }

    @Test("an identical order inside the window is a duplicate; outside it, or different, it is not")
    func duplicates() throws {
        let desk = try Desk(.duplicateOrder(windowMs: 5000))
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 41_000)) == "allow")
        desk.account.now += 4999
        #expect(desk.code(desk.order(.buy, 0.01, limit: 41_000)) == "duplicate_order")
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 41_000.01)) == "allow", "one tick apart is another order")
        desk.account.now += 5001
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 41_000)) == "allow")
    }

    @Test("restricted symbols are refused, others are not")
    func restricted() throws {
        let desk = try Desk(.restrictedSymbols(["ETHUSDT"]))
        #expect(desk.code(desk.order(.buy, 0.01, symbol: 1)) == "restricted_symbol")
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "allow")
    }

    @Test("the trading window opens at its start minute, closes at its end and skips other days")
    func tradingWindow() throws {
        let desk = try Desk(.tradingWindow(days: [1, 2, 3, 4, 5], fromMinute: 9 * 60, toMinute: 17 * 60, utcOffsetMinutes: 0))
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "allow", "09:00 Tuesday")
        desk.account.now = t0 - 1
        #expect(desk.code(desk.order(.buy, 0.01)) == "outside_trading_window")
        desk.account.now = t0 + 8 * hour - 1
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "allow")
        desk.account.now = t0 + 8 * hour
        #expect(desk.code(desk.order(.buy, 0.01)) == "outside_trading_window", "17:00 is closed")
        desk.account.now = t0 + 4 * day + hour
        #expect(desk.code(desk.order(.buy, 0.01)) == "outside_trading_window", "Saturday")
        let istanbul = try Desk(.tradingWindow(days: [2], fromMinute: 10 * 60, toMinute: 18 * 60, utcOffsetMinutes: 180))
        istanbul.account.now = t0 - 2 * hour
        #expect(istanbul.verdict(istanbul.order(.buy, 0.01)) == "allow", "07:00 UTC is 10:00 in Istanbul")
    }

    @Test("conformance checks the rounded order: on the grid it passes, off the grid (no engine rounding) it is refused, and so are notionals under the minimum")
    func conformance() throws {
        let desk = try Desk(.instrumentConformance)
        #expect(desk.verdict(desk.order(.buy, 0.00012, limit: 42_000.01)) == "allow")
        #expect(desk.verdict(desk.order(.buy, 0.000125, limit: 42_000)) == "allow", "the quantity rounds down to the step first")
        #expect(desk.verdict(desk.order(.buy, 0.01, limit: 42_000.015)) == "allow", "the buy limit rounds down to 42000.01 first")
        #expect(desk.order(.buy, 0.01, limit: 42_000.015).order.price == Price(units: 4_200_001))
        desk.account.instruments[0].step = 10
        desk.account.instruments[0].tick = 5
        #expect(desk.code(desk.unrounded(.buy, quantityUnits: 1_234, limitUnits: 4_200_000)) == "instrument_conformance", "off the step of 10 units")
        #expect(desk.code(desk.unrounded(.buy, quantityUnits: 1_000, limitUnits: 4_200_001)) == "instrument_conformance", "off the tick of 5 units")
        desk.account.instruments[0] = btc
        #expect(desk.code(desk.order(.buy, 0.00011, limit: 42_000)) == "instrument_conformance", "4.62 < 5 minimum notional")
    }

    @Test("the cash check counts what resting buys already reserve, plus the credit line")
    func cash() throws {
        let desk = try Desk(rules: [Rule(id: "cash", kind: .cashCheck(credit: 0))], cash: 10_000)
        #expect(desk.verdict(desk.order(.buy, 0.2, limit: 50_000)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.20001, limit: 50_000)) == "insufficient_cash")
        desk.rest(desk.order(.buy, 0.1, limit: 50_000))
        #expect(desk.code(desk.order(.buy, 0.10001, limit: 50_000)) == "insufficient_cash")
        #expect(desk.verdict(desk.order(.sell, 5)) == "allow", "sells need no cash")
        let credit = try Desk(rules: [Rule(id: "cash", kind: .cashCheck(credit: 5_000))], cash: 10_000)
        #expect(credit.verdict(credit.order(.buy, 0.3, limit: 50_000)) == "allow")
    }

    @Test("self-trade prevention refuses crossing the strategy's own resting order")
    func selfTrade() throws {
        let desk = try Desk(.selfTrade)
        desk.rest(desk.order(.sell, 0.1, limit: 42_100))
        #expect(desk.verdict(desk.order(.buy, 0.1, limit: 42_099.99)) == "allow")
        #expect(desk.code(desk.order(.buy, 0.1, limit: 42_100)) == "self_trade")
        #expect(desk.code(desk.order(.buy, 0.1)) == "self_trade", "a market buy would hit the resting sell")
    }

    @Test("a rule scoped to symbols or strategies leaves the others alone")
    func scoping() throws {
        let desk = try Desk(rules: [Rule(id: "eth-only", kind: .maxOrderQuantity(limit: 0.1), symbols: ["ETHUSDT"])])
        #expect(desk.verdict(desk.order(.buy, 1)) == "allow")
        #expect(desk.verdict(desk.order(.buy, 1, symbol: 1)) == "eth-only")
        let other = try Desk(rules: [Rule(id: "theirs", kind: .maxOrderQuantity(limit: 0.1), strategies: ["breakout"])], strategy: "sma_cross")
        #expect(other.verdict(other.order(.buy, 1)) == "allow")
    }

    @Test("the first rejecting rule in policy order is the one cited, and coverage counts each rule")
    func orderAndCoverage() throws {
        let desk = try Desk(rules: [
            Rule(id: "qty", kind: .maxOrderQuantity(limit: 1)), Rule(id: "notional", kind: .maxOrderNotional(limit: 1_000)),
        ])
        #expect(desk.verdict(desk.order(.buy, 2)) == "qty")
        #expect(desk.verdict(desk.order(.buy, 0.5)) == "notional")
        #expect(desk.guardrails.rejectCounts == [1, 1])
        #expect(desk.guardrails.allowCounts == [1, 0])
    }
}
