import Charts
import Foundation
import Testing

@Suite("Line chart")
struct LineChartTests {
    @Test("several series over shared times render at the requested size")
    func renders() throws {
        let times = EquityChartTests.times(3_000, stepMs: 3_600_000)
        let chart = LineChart(
            times: times,
            series: [
                LineSeries(name: "In-sample", values: EquityChartTests.curve(3_000)),
                LineSeries(name: "Out-of-sample", values: EquityChartTests.curve(3_000).map { $0 - 2_000 }),
            ],
            title: "Walk-forward", yLabel: "Equity", size: ChartSize(width: 640, height: 320)
        )
        let header = try #require(PNGHeader(try chart.png()))
        #expect(header.width == 640 && header.height == 320)
    }

    @Test("no series, a series of the wrong length, or an infinite value is refused")
    func refused() {
        let times = EquityChartTests.times(10)
        let none = #expect(throws: ChartError.self) { try LineChart(times: times, series: [], title: "x", yLabel: "y").png() }
        #expect(none?.code == .empty)
        let short = #expect(throws: ChartError.self) {
            try LineChart(times: times, series: [LineSeries(name: "a", values: [1, 2])], title: "x", yLabel: "y").png()
        }
        #expect(short?.code == .mismatchedLengths)
        #expect(short?.message.contains("\"a\"") == true)
        var values = EquityChartTests.curve(10)
        values[3] = .infinity
        let infinite = #expect(throws: ChartError.self) {
            try LineChart(times: times, series: [LineSeries(name: "a", values: values)], title: "x", yLabel: "y").png()
        }
        #expect(infinite?.code == .nonFinite)
    }
}
