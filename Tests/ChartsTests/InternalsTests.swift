@testable import Charts
import Testing

@Suite("Chart internals")
struct InternalsTests {
    @Test("downsampling keeps every column's first, lowest, highest and last point and at most four per column")
    func downsampling() {
        let n = 100_000
        let times = (0..<Int64(n)).map { $0 * 1000 }
        var values = (0..<n).map { Double($0 % 97) }
        values[50_001] = -500
        values[77_777] = 900
        let kept = ColumnDownsampler.indices(times: times, values: values, start: 0, end: times[n - 1], columns: 400)
        #expect(kept.count <= 4 * 400)
        #expect(kept.first == 0 && kept.last == n - 1)
        #expect(kept.contains(50_001) && kept.contains(77_777))
        #expect(kept == kept.sorted())
    }

    @Test("ticks are round numbers covering the data")
    func niceTicks() {
        let scale = NiceScale(9_412, 31_870, maxTicks: 5)
        #expect(scale.step == 5_000)
        #expect(scale.ticks == [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000])
        #expect(scale.label(25_000) == "25,000")
        #expect(NiceScale(-0.3, 0.7, maxTicks: 4).label(-0.25) == "\u{2212}0.25")
    }

    @Test("time ticks show hours within a day and months over a year, in UTC")
    func timeTicks() {
        let day: Int64 = 1_704_067_200_000 // 2024-01-01 00:00 UTC
        let intraday = TimeAxis(start: day, end: day + 86_400_000, pixels: 800) { Double($0.count) * 7 }
        #expect(intraday.ticks.first?.label == "00:00")
        #expect(intraday.ticks.first?.context == "2024-01-01")
        #expect(intraday.ticks.last?.context == "2024-01-02")
        let year = TimeAxis(start: day, end: day + 366 * 86_400_000, pixels: 800) { Double($0.count) * 7 }
        #expect(year.ticks.map(\.label).prefix(3) == ["Jan", "Feb", "Mar"])
        #expect(year.ticks.last?.label == "Jan" && year.ticks.last?.context == "2025")
    }

    @Test("values of both signs get a diverging scale centred on zero, one sign a sequential one")
    func colorScales() {
        let diverging = ColorScale(values: [-1, 3])
        #expect(diverging.diverging && diverging.low == -3 && diverging.high == 3)
        #expect(diverging.color(0) == Color(hex: 0xF7F7F7))
        let sequential = ColorScale(values: [2, 5])
        #expect(!sequential.diverging && sequential.low == 2)
    }

    @Test("the legend goes to the corner with the least data under it, top-left when all are clear")
    func legendCorner() throws {
        let canvas = try Canvas(size: ChartSize(width: 800, height: 500))
        let rect = PlotRect(x: 60, y: 60, width: 700, height: 300)
        let entries = [Canvas.LegendEntry(name: "Strategy", swatch: .box(Color.series(0)))]
        // A falling line: it starts in the top-left corner and ends in the bottom-right one.
        let falling: [(x: Double, y: Double)] = (0...700).map { step in
            let t = Double(step)
            return (x: 60 + t, y: 60 + t * 3 / 7)
        }
        let corner = canvas.quietCorner(for: entries, in: rect, avoiding: falling)
        #expect(corner.x > rect.x + rect.width / 2 && corner.y < rect.y + rect.height / 2)
        let clear = canvas.quietCorner(for: entries, in: rect, avoiding: [])
        #expect(clear.x == rect.x + 8 && clear.y == rect.y + 8)
    }
}
