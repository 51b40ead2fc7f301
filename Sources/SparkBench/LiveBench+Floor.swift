import Foundation

extension LiveBench {
    /// The floor under decision_to_request: a bare URLSession POST of a market order with the same
    /// parameters (same length) to the fake, handed to URLSession → answer back, on the same schedule.
    static func httpPostFloor(port: Int, count: Int, intervalMs: Int) async throws -> Latencies {
        let rest = BareREST(port: port, apiKey: apiKey, secret: secret)
        var floor = Latencies()
        var refused = 0
        let interval = UInt64(intervalMs) * 1_000
        let start = monotonicNanos()
        for index in 0..<count {
            await sleep(until: start + UInt64(index) * interval * 1_000)
            let id = "floor" + String(repeating: "0", count: 12) + String(format: "%07d", index)
            let parameters = [
                ("symbol", "BTCUSDT"), ("side", index % 2 == 0 ? "BUY" : "SELL"), ("type", "MARKET"), ("quantity", "0.00100"),
                ("newClientOrderId", id), ("newOrderRespType", "FULL"),
            ]
            let sent = monotonicNanos()
            let status = try await rest.call("POST", "/api/v3/order", parameters, signed: true)
            floor.record(from: sent, to: monotonicNanos(), expectedInterval: interval)
            if status != 200 { refused += 1 }
        }
        if refused > 0 { note("live floor: \(refused) of \(count) floor orders were refused") }
        return floor
    }
}
