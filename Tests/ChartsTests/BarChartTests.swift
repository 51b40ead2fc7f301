import Charts
import Foundation
import Testing

@Suite("Bar chart")
struct BarChartTests {
    static let windows = (1...12).map { "W\($0) 2024-\($0)" }

    @Test("grouped bars with negative and missing values render at the requested size")
    func renders() throws {
        let chart = BarChart(
            categories: Self.windows,
            series: [
                BarChartSeries(name: "In-sample", values: Self.windows.indices.map { 1 + Double($0) / 10 }),
                BarChartSeries(name: "Out-of-sample", values: Self.windows.indices.map { $0 == 4 ? nil : Double($0) / 5 - 1 }),
            ],
            title: "Sharpe per window", yLabel: "Sharpe", size: ChartSize(width: 720, height: 400)
        )
        let header = try #require(PNGHeader(try chart.png()))
        #expect(header.width == 720 && header.height == 400)
    }

    @Test("bars that are all missing still draw an axis")
    func allMissing() throws {
        let chart = BarChart(categories: ["a", "b"], series: [BarChartSeries(name: "s", values: [nil, nil])], title: "t", yLabel: "y")
        #expect(PNGHeader(try chart.png()) != nil)
    }

    @Test("no categories, a series of the wrong length, or a NaN bar is refused")
    func refused() {
        let empty = #expect(throws: ChartError.self) {
            try BarChart(categories: [], series: [BarChartSeries(name: "s", values: [])], title: "t", yLabel: "y").png()
        }
        #expect(empty?.code == .empty)
        let short = #expect(throws: ChartError.self) {
            try BarChart(categories: ["a", "b"], series: [BarChartSeries(name: "s", values: [1])], title: "t", yLabel: "y").png()
        }
        #expect(short?.code == .mismatchedLengths)
        let nan = #expect(throws: ChartError.self) {
            try BarChart(categories: ["a", "b"], series: [BarChartSeries(name: "s", values: [1, .nan])], title: "t", yLabel: "y").png()
        }
        #expect(nan?.code == .nonFinite)
        #expect(nan?.message.contains("\"s\"[1]") == true)
    }
}
