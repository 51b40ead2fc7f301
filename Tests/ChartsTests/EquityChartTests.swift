import Charts
import Foundation
import Testing

@Suite("Equity chart")
struct EquityChartTests {
    static let start: Int64 = 1_704_067_200_000

    static func times(_ n: Int, stepMs: Int64 = 60_000) -> [Int64] {
        (0..<n).map { start + Int64($0) * stepMs }
    }

    static func curve(_ n: Int) -> [Double] {
        (0..<n).map { 10_000 + 800 * sin(Double($0) / 37) + Double($0) }
    }

    @Test("an equity chart is a PNG of the requested size")
    func pngOfRequestedSize() throws {
        let chart = EquityChart(times: Self.times(500), equity: Self.curve(500), benchmark: Self.curve(500).map { $0 * 0.9 }, title: "Test", size: ChartSize(width: 812, height: 433))
        let header = try #require(PNGHeader(try chart.png()))
        #expect(header.width == 812)
        #expect(header.height == 433)
    }

    @Test("the default size is 1000 by 560")
    func defaultSize() throws {
        let header = try #require(PNGHeader(try EquityChart(times: Self.times(10), equity: Self.curve(10), title: "T").png()))
        #expect(header.width == 1000 && header.height == 560)
    }

    @Test("a series of a million points with a benchmark renders")
    func millionPoints() throws {
        let n = 1_000_000
        let equity = Self.curve(n)
        let chart = EquityChart(times: Self.times(n), equity: equity, benchmark: equity.reversed(), title: "1M")
        #expect(PNGHeader(try chart.png()) != nil)
    }

    @Test("a single point and a flat line still render")
    func degenerateSeries() throws {
        #expect(PNGHeader(try EquityChart(times: [Self.start], equity: [100], title: "one").png()) != nil)
        #expect(PNGHeader(try EquityChart(times: Self.times(50), equity: Array(repeating: 100, count: 50), title: "flat").png()) != nil)
    }

    @Test("an empty series is refused")
    func emptyRefused() {
        #expect(throws: ChartError.self) { try EquityChart(times: [], equity: [], title: "x").png() }
        do {
            _ = try EquityChart(times: [], equity: [], title: "x").png()
        } catch {
            #expect(error.code == .empty)
            #expect(error.message.contains("times"))
        }
    }

    @Test("equity or benchmark of another length than times is refused")
    func mismatchedRefused() {
        #expect(throws: ChartError(.mismatchedLengths, "equity has 9 values but times has 10", hint: "give equity one value per entry of times")) {
            try EquityChart(times: Self.times(10), equity: Self.curve(9), title: "x").png()
        }
        let error = #expect(throws: ChartError.self) {
            try EquityChart(times: Self.times(10), equity: Self.curve(10), benchmark: Self.curve(11), title: "x").png()
        }
        #expect(error?.code == .mismatchedLengths)
        #expect(error?.message.contains("benchmark") == true)
    }

    @Test("NaN or infinite values are refused with the index of the first one")
    func nonFiniteRefused() {
        var equity = Self.curve(20)
        equity[7] = .nan
        let error = #expect(throws: ChartError.self) { try EquityChart(times: Self.times(20), equity: equity, title: "x").png() }
        #expect(error?.code == .nonFinite)
        #expect(error?.message.contains("equity[7]") == true)

        var benchmark = Self.curve(20)
        benchmark[19] = -.infinity
        let second = #expect(throws: ChartError.self) {
            try EquityChart(times: Self.times(20), equity: Self.curve(20), benchmark: benchmark, title: "x").png()
        }
        #expect(second?.message.contains("benchmark[19]") == true)
    }

    @Test("times that go backwards are refused")
    func unorderedRefused() {
        var times = Self.times(5)
        times.swapAt(2, 3)
        let error = #expect(throws: ChartError.self) { try EquityChart(times: times, equity: Self.curve(5), title: "x").png() }
        #expect(error?.code == .unordered)
    }

    @Test("a size too small for the axes, or absurdly large, is refused")
    func sizeRefused() {
        let small = #expect(throws: ChartError.self) {
            try EquityChart(times: Self.times(5), equity: Self.curve(5), title: "x", size: ChartSize(width: 200, height: 100)).png()
        }
        #expect(small?.code == .sizeTooSmall)
        #expect(small?.hint.contains("400×300") == true)
        let large = #expect(throws: ChartError.self) {
            try EquityChart(times: Self.times(5), equity: Self.curve(5), title: "x", size: ChartSize(width: 20_000, height: 600)).png()
        }
        #expect(large?.code == .sizeTooLarge)
    }
}
