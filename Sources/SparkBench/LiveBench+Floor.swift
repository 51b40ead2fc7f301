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

    /// The floor under the journal's fsyncs: append a journal-sized line (400 bytes) to a file in
    /// the same directory and fsync it, with nothing of Spark in between.
    static func fsyncFloor(directory: String, count: Int) throws -> Latencies {
        let sink = try TimingJournalSink(path: directory + "/floor.jsonl")
        let line = [UInt8](repeating: 0x61, count: 399) + [0x0A]
        var floor = Latencies()
        for _ in 0..<count {
            try sink.write(line)
            try sink.synchronize()
        }
        for sync in sink.take() { floor.record(from: sync.start, to: sync.end) }
        return floor
    }
}
