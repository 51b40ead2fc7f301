import Drivers
import Engine
import Foundation
import Guardrails
import SparkCore

/// Times single pre-trade checks against a realistic account: p50 and p99 of many, each timed alone.
func guardrailChecks() throws {
    for (name, path) in [("guardrails.check", "policies/default.yaml"), ("guardrails.check_lua", "policies/with-lua-rule.yaml")] {
        let symbols = SymbolTable(["BTCUSDT", "ETHUSDT"])
        let guardrails = try GuardSetup.prepare(path: path, strategy: "bench", symbols: symbols, mode: .backtest).guardrails
        let btc = Instrument(symbol: "BTCUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1, minQuantity: 1, minNotional: Money(5)!)
        let eth = Instrument(symbol: "ETHUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 4, step: 1, minQuantity: 1, minNotional: Money(5)!)
        var account = AccountView(
            now: 1_704_186_000_000, cash: Money(100_000)!, equity: 100_000, positions: [10_000, 0], lastPrice: [42_000, 2_500],
            lastPriceTime: [1_704_186_000_000, 1_704_186_000_000], openOrders: [], instruments: [btc, eth], symbols: symbols
        )
        let rounds = 200_000
        var samples = [Double](repeating: 0, count: rounds)
        var allowed = 0
        let clock = ContinuousClock()
        for index in 0..<rounds {
            // Five seconds apart and a different size each time: under the throttle, never a duplicate.
            account.now += 5_000
            account.lastPriceTime[0] = account.now
            let quantity = Double(100 + index % 900) / 100_000
            let side: Side = index % 2 == 0 ? .buy : .sell
            let order = Order(id: OrderID(0), symbol: SymbolID(0), side: side, kind: .limit, quantity: btc.quantity(quantity)!, price: btc.price(42_000 + Double(index % 50)), createdAt: account.now)
            let intent = OrderIntent(order: order)
            let start = clock.now
            let verdict = guardrails.check(intent, account: account)
            let elapsed = clock.now - start
            if verdict == .allow { allowed += 1 }
            samples[index] = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
        }
        samples.sort()
        note("\(name): \(allowed) of \(rounds) allowed")
        emit("\(name).p50_ns", samples[rounds / 2], "ns")
        emit("\(name).p99_ns", samples[rounds * 99 / 100], "ns")
    }
}
