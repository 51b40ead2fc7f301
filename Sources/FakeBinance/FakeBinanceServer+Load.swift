import Foundation

extension FakeBinanceServer {
    /// Starts sending `rate` market messages per second for `duration` on `symbol`'s trade and
    /// 1m kline streams, open loop (``FakeLoadSchedule``); the first is due 20 ms from now.
    public func startLoad(rate: Int, duration: Duration, symbol: String = "BTCUSDT") -> FakeLoadRun {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let schedule = FakeLoadSchedule(
            symbol: symbol, startMicros: FakeLoadSchedule.nowMicros() + 20_000, rate: rate, count: Int((seconds * Double(rate)).rounded())
        )
        let exchange = exchange
        let sender = Task.detached { await Self.send(schedule, to: exchange) }
        return FakeLoadRun(schedule: schedule, sender: sender)
    }

    /// How many market-stream connections are subscribed to `stream` (e.g. "btcusdt@trade").
    public func marketSubscribers(_ stream: String) async -> Int { await exchange.marketSubscribers(stream.lowercased()) }

    /// Sends every message that is due, then sleeps until the next one is: a late sender catches up
    /// in a burst, and each frame still carries the time it was due.
    private static func send(_ schedule: FakeLoadSchedule, to exchange: FakeExchange) async -> Int {
        var next = 0
        while next < schedule.count, !Task.isCancelled {
            let now = FakeLoadSchedule.nowMicros()
            var due = next
            while due < schedule.count, schedule.intendedMicros(due) <= now { due += 1 }
            if due > next {
                await exchange.sendLoad((next..<due).map { (schedule.stream($0), schedule.frame($0)) })
                next = due
            } else {
                try? await Task.sleep(for: .microseconds(schedule.intendedMicros(next) - now))
            }
        }
        return next
    }
}
