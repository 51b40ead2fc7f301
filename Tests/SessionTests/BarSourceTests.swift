import Foundation
import Testing
import Engine
import MarketData
import Session
import SparkCore
import Store

@Suite("Event sources")
struct BarSourceTests {
    static let minute: Int64 = 60_000
    static let start: Int64 = 1_704_067_200_000

    /// A store of `count` one-minute bars whose close is their index.
    func store(count: Int) throws -> String {
        let directory = NSTemporaryDirectory() + "spark-session-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/bars.db"
        let database = try AppDatabase.open(path: path)
        try database.importSeries(symbol: "BTCUSDT", interval: "1m") { writer in
            for index in 0..<count {
                let price = Double(100 + index)
                try writer.write(time: Self.start + Int64(index) * Self.minute, open: price, high: price, low: price, close: price, volume: 1)
            }
        }
        return path
    }

    func drain(_ source: any BarSource) throws -> [Bar] {
        var source = source
        var bars: [Bar] = []
        while case .bar(let bar) = try source.next() { bars.append(bar) }
        return bars
    }

    @Test("the store is read a page at a time, with no bar lost or repeated across page boundaries")
    func storePagesAreSeamless() throws {
        let count = 2 * StoreBarSource.pageSize + 17
        let path = try store(count: count)
        let bars = try drain(StoreBarSource(path: path, symbol: "BTCUSDT", interval: "1m", id: SymbolID(0), from: nil, to: nil))
        #expect(bars.count == count)
        #expect(bars.map(\.close) == (0..<count).map { Double(100 + $0) })
        #expect(zip(bars, bars.dropFirst()).allSatisfy { $1.time - $0.time == Self.minute })
    }

    @Test("a store range includes both of its ends, and a page that ends exactly on the last bar ends the source")
    func storeRangeIsInclusive() throws {
        let path = try store(count: StoreBarSource.pageSize)
        let from = Self.start + 10 * Self.minute, to = Self.start + 20 * Self.minute
        let ranged = try drain(StoreBarSource(path: path, symbol: "BTCUSDT", interval: "1m", id: SymbolID(0), from: from, to: to))
        #expect(ranged.first?.time == from && ranged.last?.time == to && ranged.count == 11)
        let whole = try drain(StoreBarSource(path: path, symbol: "BTCUSDT", interval: "1m", id: SymbolID(0), from: nil, to: nil))
        #expect(whole.count == StoreBarSource.pageSize)
    }

    @Test("a missing store is refused with what to do")
    func missingStore() {
        #expect(throws: ConfigError.self) {
            try StoreBarSource(path: "/nonexistent/spark.db", symbol: "BTCUSDT", interval: "1m", id: SymbolID(0), from: nil, to: nil)
        }
    }

    @Test("resampling five one-minute bars into five-minute bars keeps the first open, the extremes, the last close and the volume")
    func resampled() throws {
        let minutes = (0..<10).map { (index: Int) -> Bar in
            let price = Double(index)
            return Bar(symbol: SymbolID(0), time: Self.start + Int64(index) * Self.minute, open: price, high: price + 0.5, low: price - 0.5, close: price + 0.25, volume: 1)
        }
        let source = ResampledBarSource(ArrayBarSource(minutes), resampler: try BarResampler(from: BarInterval.parse("1m", file: "-"), to: BarInterval.parse("5m", file: "-")))
        let bars = try drain(source)
        #expect(bars.count == 2)
        #expect(bars.first.map { [$0.open, $0.high, $0.low, $0.close, $0.volume] } == [0, 4.5, -0.5, 4.25, 5])
    }
}
