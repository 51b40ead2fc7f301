import Foundation
import MarketData
import SparkCore
import Testing

@Suite("Synthetic bars")
struct SyntheticBarsTests {
    @Test("the same seed gives the same bars and another seed different ones")
    func deterministic() {
        let first = Array(SyntheticBars(seed: 11, count: 500))
        #expect(first == Array(SyntheticBars(seed: 11, count: 500)))
        #expect(first != Array(SyntheticBars(seed: 12, count: 500)))
        #expect(first.count == 500)
    }

    @Test("bars are one interval apart, OHLC-consistent, on whole ticks, with positive volume")
    func consistent() {
        var previous: Bar?
        for bar in SyntheticBars(seed: 3, count: 100_000, start: 1_704_067_200_000, intervalMs: 60_000) {
            #expect(bar.low > 0 && bar.low <= min(bar.open, bar.close) && bar.high >= max(bar.open, bar.close))
            #expect(bar.volume > 0)
            #expect((bar.close * 100).rounded() / 100 == bar.close)
            if let previous {
                #expect(bar.time == previous.time + 60_000)
                #expect(bar.open == previous.close)
            }
            previous = bar
        }
        let lastTime: Int64 = 1_704_067_200_000 + 99_999 * 60_000
        #expect(previous?.time == lastTime)
    }

    @Test("regimes make an SMA 10/30 cross trade a few times a day without drifting far away")
    func smaCrossTrades() {
        var closes: [Double] = []
        var crosses = 0
        var previousSign = 0.0
        for bar in SyntheticBars(seed: 20_240_101, count: 8_640) {
            closes.append(bar.close)
            guard closes.count >= 30 else { continue }
            let fast = closes.suffix(10).reduce(0, +) / 10
            let slow = closes.suffix(30).reduce(0, +) / 30
            let sign: Double = fast > slow ? 1 : -1
            if previousSign != 0, sign != previousSign { crosses += 1 }
            previousSign = sign
        }
        #expect(crosses > 60)
        #expect(closes.min()! > 42_000 * 0.7 && closes.max()! < 42_000 * 1.3)
    }
}
