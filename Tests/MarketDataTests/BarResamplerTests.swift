import MarketData
import SparkCore
import Testing

@Suite("Resampling")
struct BarResamplerTests {
    @Test("1m bars become 5m bars: first open, max high, min low, last close, summed volume")
    func fiveMinutes() throws {
        var resampler = try BarResampler(from: BarInterval("1m")!, to: BarInterval("5m")!)
        let start = QualityCheckerTests.start + 2 * 60_000
        var out: [Bar] = []
        for index in 0..<8 {
            let bar = Bar(symbol: SymbolID(0), time: start + Int64(index) * 60_000, open: Double(index), high: Double(index) + 10, low: Double(index) - 1 + 0.5, close: Double(index) + 0.5, volume: 1)
            if let done = resampler.add(bar) { out.append(done) }
        }
        if let last = resampler.finish() { out.append(last) }
        #expect(out.count == 2)
        #expect(out[0] == Bar(symbol: SymbolID(0), time: QualityCheckerTests.start, open: 0, high: 12, low: -0.5, close: 2.5, volume: 3))
        #expect(out[1] == Bar(symbol: SymbolID(0), time: QualityCheckerTests.start + 300_000, open: 3, high: 17, low: 2.5, close: 7.5, volume: 5))
    }

    @Test("resampling to a shorter or non-multiple interval is refused")
    func refused() {
        #expect(throws: CSVError.self) { try BarResampler(from: BarInterval("5m")!, to: BarInterval("1m")!) }
        #expect(throws: CSVError.self) { try BarResampler(from: BarInterval("1m")!, to: BarInterval("1mo")!) }
        #expect(throws: CSVError.self) { try BarResampler(from: BarInterval("1h")!, to: BarInterval("1w")!) }
    }
}
