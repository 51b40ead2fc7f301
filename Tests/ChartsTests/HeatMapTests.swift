import Charts
import Foundation
import Testing

@Suite("Heat map")
struct HeatMapTests {
    /// Values r − c over 3, with every fifth diagonal missing.
    static func grid(rows: Int, columns: Int) -> [[Double?]] {
        var cells: [[Double?]] = []
        for r in 0..<rows {
            var row: [Double?] = []
            for c in 0..<columns {
                row.append((r + c) % 5 == 0 ? nil : Double(r - c) / 3)
            }
            cells.append(row)
        }
        return cells
    }

    static func map(_ cells: [[Double?]], x: Int, y: Int, highlight: HeatMapCell? = nil) -> HeatMap {
        HeatMap(
            xLabel: "fast", yLabel: "slow", xValues: (0..<x).map { "\($0 * 5 + 5)" }, yValues: (0..<y).map { "\($0 * 10 + 20)" },
            cells: cells, metric: "Sharpe", title: "Grid", highlight: highlight, size: ChartSize(width: 700, height: 500)
        )
    }

    @Test("a heat map with missing cells and a highlighted winner renders at the requested size")
    func missingCells() throws {
        let header = try #require(PNGHeader(try Self.map(Self.grid(rows: 6, columns: 8), x: 8, y: 6, highlight: HeatMapCell(x: 1, y: 3)).png()))
        #expect(header.width == 700 && header.height == 500)
    }

    @Test("grids of one sign, one value, all missing or many cells render")
    func edgeGrids() throws {
        #expect(PNGHeader(try Self.map([[1, 2], [3, 4]], x: 2, y: 2).png()) != nil)
        #expect(PNGHeader(try Self.map([[5]], x: 1, y: 1).png()) != nil)
        #expect(PNGHeader(try Self.map([[nil, nil]], x: 2, y: 1).png()) != nil)
        #expect(PNGHeader(try Self.map(Self.grid(rows: 60, columns: 80), x: 80, y: 60).png()) != nil)
    }

    @Test("rows of the wrong count or length are refused")
    func raggedRefused() {
        let rows = #expect(throws: ChartError.self) { try Self.map(Self.grid(rows: 3, columns: 4), x: 4, y: 2).png() }
        #expect(rows?.code == .mismatchedLengths)
        var ragged = Self.grid(rows: 3, columns: 4)
        ragged[1].removeLast()
        let row = #expect(throws: ChartError.self) { try Self.map(ragged, x: 4, y: 3).png() }
        #expect(row?.message.contains("cells[1]") == true)
        let empty = #expect(throws: ChartError.self) { try Self.map([], x: 0, y: 0).png() }
        #expect(empty?.code == .empty)
    }

    @Test("a NaN cell is refused, unlike a nil one")
    func nanRefused() {
        let error = #expect(throws: ChartError.self) { try Self.map([[1, .nan], [nil, 2]], x: 2, y: 2).png() }
        #expect(error?.code == .nonFinite)
        #expect(error?.message.contains("cells[0][1]") == true)
    }

    @Test("a highlight outside the grid is refused")
    func highlightOutside() {
        let error = #expect(throws: ChartError.self) {
            try Self.map([[1, 2], [3, 4]], x: 2, y: 2, highlight: HeatMapCell(x: 2, y: 0)).png()
        }
        #expect(error?.code == .outOfRange)
    }
}
