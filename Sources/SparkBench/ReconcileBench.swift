// live.reconcile_s.100_orders: a restart that finds `openOrders` Spark orders resting and `fills`
// fills of another Spark order that happened while it was down.
//
// The previous session (its own journal) places `openOrders` limit buys at 20,000 (far below the
// price: they rest) and one limit buy at 29,000 of `fills` × 0.001; it ends. While Spark is down,
// the fake moves its price to 29,000 `fills` times with 0.001 of liquidity per step, filling that
// order in `fills` trades. The figure is the wall time of `LiveSession.start(previous:)`: clock
// sync, exchange info, replaying the previous journal, the user-stream logon, open orders,
// account, one order query per order Spark believes open, the trades since, journaling the
// snapshot (fsync) and applying it. Its floor: the same REST calls, one after another, from a bare
// URLSession client (no WebSocket logon).
import Foundation
import FakeBinance
import Live

enum ReconcileBench {
    static func strategy(openOrders: Int, fills: Int) -> String {
        """
        strategy = { name = "bench_resting", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n <= \(openOrders) then ctx:buy{ qty = 0.001, limit = 20000 }
          elseif n == \(openOrders + 1) then ctx:buy{ qty = \(Double(fills) / 1000), limit = 29000 } end
        end
        """
    }

    static func run(openOrders: Int, fills: Int) async throws {
        let fake = try await LiveBench.fake(liquidityPerStep: Decimal(string: "0.001")!)
        let directory = try LiveBench.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = LiveBench.setup(strategy(openOrders: openOrders, fills: fills))
        let first = try await LiveSession.start(
            setup, gateway: LiveBench.gateway(port: fake.port), journalPath: directory + "/first.jsonl", log: { note("reconcile bench: \($0)") }
        )
        for bar in LiveBench.bars(openOrders + 1) { await first.bar(bar) }
        await first.finish(reason: "down for the benchmark")
        for _ in 0..<fills { await fake.setPrice(29_000) }
        let state = await fake.state()
        let resting = state.orders.filter(\.isOpen)
        note("reconcile bench: \(resting.count) open orders, \(state.trades.count) trades on the fake")
        let clock = ContinuousClock()
        let started = clock.now
        let second = try await LiveSession.start(
            setup, gateway: LiveBench.gateway(port: fake.port), journalPath: directory + "/second.jsonl", previous: directory + "/first.jsonl",
            log: { note("reconcile bench: \($0)") }
        )
        let elapsed = clock.now - started
        let status = await second.status
        await second.finish(reason: "benchmark done")
        let open = status.orders.values.filter { !$0.isTerminal }.count
        note("reconcile bench: after the restart \(status.bookedTrades.count) trades booked, \(open) orders open, kill \(status.killLevel) \(status.killReason ?? "")")
        let floor = try await restFloor(port: fake.port, clientIDs: state.orders.map(\.clientOrderId))
        await fake.stop()
        emit("live.reconcile_s.100_orders", seconds(elapsed), "s")
        emit("live.floor.reconcile_s.100_orders", floor, "s")
    }

    /// The REST calls of the reconciliation, bare: time, exchangeInfo, openOrders, account, one
    /// query per order, myTrades (limit 1000).
    static func restFloor(port: Int, clientIDs: [String]) async throws -> Double {
        let rest = BareREST(port: port, apiKey: LiveBench.apiKey, secret: LiveBench.secret)
        let clock = ContinuousClock()
        let started = clock.now
        try await rest.call("GET", "/api/v3/time", [], signed: false)
        try await rest.call("GET", "/api/v3/exchangeInfo", [("symbol", "BTCUSDT")], signed: false)
        try await rest.call("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")], signed: true)
        try await rest.call("GET", "/api/v3/account", [("omitZeroBalances", "true")], signed: true)
        for id in clientIDs { try await rest.call("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", id)], signed: true) }
        try await rest.call("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT"), ("limit", "1000")], signed: true)
        return seconds(clock.now - started)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
