import MarketData
import SparkCore
import Testing

@Suite("Quality checks")
struct QualityCheckerTests {
    static let start: Int64 = 1_704_067_200_000
    static let minute = BarInterval("1m")!

    /// A clean random-looking series: closes wiggle by a few ticks, every bar has volume.
    static func clean(_ count: Int = 300) -> [Bar] {
        (0..<count).map { index in
            let close = 100 + Double((index * 7) % 11) * 0.01
            return Bar(symbol: SymbolID(0), time: start + Int64(index) * 60_000, open: close, high: close + 0.05, low: close - 0.05, close: close, volume: 1 + Double(index % 5))
        }
    }

    func check(_ bars: [Bar], k: Double = 8) -> QualityResult {
        var checker = QualityChecker(symbol: "BTCUSDT", interval: Self.minute, outlierK: k)
        bars.forEach { checker.add($0) }
        return checker.finish()
    }

    func failing(_ result: QualityResult) -> [QualityCheck] {
        result.checks.filter { !$0.passed }.map(\.check)
    }

    @Test("a clean series passes every check")
    func cleanSeries() {
        let result = check(Self.clean())
        #expect(failing(result) == [])
        #expect(result.passed)
        #expect(result.rows == 300)
    }

    @Test("a gap is reported with the span of the missing bars and their count")
    func gaps() throws {
        var bars = Self.clean()
        bars.removeSubrange(100..<105)
        let result = check(bars)
        #expect(failing(result) == [.gaps])
        let finding = try #require(result.outcome(.gaps).examples.first)
        #expect(finding.start == Self.start + 100 * 60_000)
        #expect(finding.end == Self.start + 104 * 60_000)
        #expect(finding.bars == 5)
        #expect(result.passed, "gaps are not fatal by default")
    }

    @Test("duplicates and out-of-order rows fail their checks, and both are fatal by default")
    func duplicatesAndOrder() {
        var bars = Self.clean()
        bars.insert(bars[50], at: 51)
        #expect(failing(check(bars)) == [.duplicates])
        var swapped = Self.clean()
        swapped.swapAt(80, 81)
        let result = check(swapped)
        #expect(failing(result).contains(.outOfOrder))
        #expect(!result.passed)
    }

    @Test("open or close outside [low, high], and low above high, fail the OHLC check")
    func ohlc() {
        var bars = Self.clean()
        bars[10].close = bars[10].high + 1
        bars[20].low = bars[20].high + 1
        bars[20].open = bars[20].low
        bars[20].close = bars[20].low
        let outcome = check(bars).outcome(.ohlc)
        #expect(outcome.findings == 2)
        #expect(outcome.fatal)
    }

    @Test("a zero price and a negative volume fail the prices check")
    func prices() {
        var bars = Self.clean()
        bars[5].low = 0
        bars[6].volume = -1
        #expect(check(bars).outcome(.prices).findings == 2)
    }

    @Test("a run of five zero-volume bars is reported once; shorter runs are not")
    func zeroVolume() throws {
        var bars = Self.clean()
        for index in 40..<45 { bars[index].volume = 0 }
        for index in 60..<62 { bars[index].volume = 0 }
        let outcome = check(bars).outcome(.zeroVolume)
        #expect(outcome.findings == 1)
        let finding = try #require(outcome.examples.first)
        #expect(finding.bars == 5)
        #expect(finding.start == Self.start + 40 * 60_000)
        #expect(finding.end == Self.start + 44 * 60_000)
    }

    @Test("three identical candles in a row are stale")
    func stale() {
        var bars = Self.clean()
        for index in 121...122 {
            let time = bars[index].time
            bars[index] = bars[120]
            bars[index].time = time
        }
        let outcome = check(bars).outcome(.stale)
        #expect(outcome.findings == 1)
        #expect(outcome.bars == 3)
    }

    @Test("a spike far beyond k standard deviations is an outlier; a lower k flags more")
    func outliers() {
        var bars = Self.clean()
        bars[150].close = 130
        bars[150].high = 130
        let result = check(bars)
        #expect(result.outcome(.outliers).findings == 2, "the jump up and the jump back down")
        #expect(result.outcome(.outliers).examples.first?.start == bars[150].time)
        #expect(check(Self.clean(), k: 1).outcome(.outliers).findings > 0)
    }

    @Test("an open time off the one-minute grid fails the off-grid check")
    func offGrid() {
        var bars = Self.clean()
        bars[30].time += 1_500
        #expect(failing(check(bars)) == [.offGrid])
    }

    @Test("fatal check lists parse names, all and none, and refuse unknown names")
    func fatalList() throws {
        #expect(try QualityCheck.parseList("gaps,ohlc").get() == [.gaps, .ohlc])
        #expect(try QualityCheck.parseList("out-of-order").get() == [.outOfOrder])
        #expect(try QualityCheck.parseList("all").get().count == QualityCheck.allCases.count)
        #expect(try QualityCheck.parseList("none").get().isEmpty)
        #expect(throws: CSVError.self) { try QualityCheck.parseList("gapz").get() }
    }
}
