import Testing
import LuaRuntime

@Suite("Host indicators")
struct IndicatorTests {
    @Test("SMA is NaN until the window fills, then the mean of the last n values")
    func sma() {
        let sma = StreamingIndicator(.sma, period: 3)
        #expect(sma.update(1).isNaN)
        #expect(sma.update(2).isNaN)
        #expect(sma.update(3) == 2)
        #expect(sma.update(10) == 5)
        #expect(sma.previous == 2)
    }

    @Test("EMA seeds with the SMA and then smooths with 2/(n+1)")
    func ema() {
        let ema = StreamingIndicator(.ema, period: 3)
        _ = ema.update(1); _ = ema.update(2)
        #expect(ema.update(3) == 2)
        #expect(ema.update(6) == 4)  // 2 + 0.5 × (6 − 2)
    }

    @Test("RSI follows Wilder's smoothing on a hand-computed series")
    func rsi() {
        let rsi = StreamingIndicator(.rsi, period: 2)
        _ = rsi.update(10)
        _ = rsi.update(11)   // +1
        let first = rsi.update(10.5)  // −0.5: gain 0.5, loss 0.25 → 66.67
        #expect(abs(first - 200.0 / 3.0) < 1e-9)
        let second = rsi.update(11.5)  // +1: gain 0.75, loss 0.125 → RS 6 → 85.71
        #expect(abs(second - (100 - 100 / 7.0)) < 1e-9)
    }

    @Test("ATR uses the true range across the previous close")
    func atr() {
        let atr = StreamingIndicator(.atr, period: 2)
        #expect(atr.update(high: 11, low: 9, close: 10).isNaN)
        #expect(atr.update(high: 12, low: 10.5, close: 11) == 2)  // TR = max(12,10) − min(10.5,10) = 2 → mean(2,2)
        #expect(atr.update(high: 11, low: 7, close: 8) == 3)  // TR 4 → (2 + 4) / 2
    }

    @Test("Bollinger bands are the SMA plus and minus k population deviations")
    func bollinger() {
        let bands = StreamingIndicator(.bollinger(k: 2), period: 4)
        for x in [2.0, 4, 4, 6] { _ = bands.update(x) }
        #expect(bands.value == 4)
        #expect(abs(bands.upper - (4 + 2 * 2.0.squareRoot())) < 1e-12)
        #expect(abs(bands.lower - (4 - 2 * 2.0.squareRoot())) < 1e-12)
    }

    @Test("highest and lowest track the window's extremes as values leave it")
    func extremes() {
        let high = StreamingIndicator(.highest, period: 3), low = StreamingIndicator(.lowest, period: 3)
        var highs: [Double] = [], lows: [Double] = []
        for x in [5.0, 1, 4, 2, 3, 0, 6] {
            highs.append(high.update(x))
            lows.append(low.update(x))
        }
        #expect(Array(highs.dropFirst(2)) == [5, 4, 4, 3, 6])
        #expect(Array(lows.dropFirst(2)) == [1, 1, 2, 0, 0])
    }

    @Test("crossover is strict and needs both previous values")
    func crossover() {
        let a = StreamingIndicator(.sma, period: 1), b = StreamingIndicator(.sma, period: 1)
        _ = a.update(1); _ = b.update(2)
        #expect(!StreamingIndicator.crossover(a, b))
        _ = a.update(3); _ = b.update(2)
        #expect(StreamingIndicator.crossover(a, b))
        _ = a.update(2); _ = b.update(2)  // touching is not crossing
        #expect(!StreamingIndicator.crossover(b, a))
        let fresh = StreamingIndicator(.sma, period: 1), other = StreamingIndicator(.sma, period: 1)
        _ = fresh.update(5); _ = other.update(1)
        #expect(!StreamingIndicator.crossover(fresh, other))  // no previous value yet
    }
}
