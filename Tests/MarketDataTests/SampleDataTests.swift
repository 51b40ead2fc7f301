import Foundation
import MarketData
import SparkCore
import Testing

/// Guards data/sample/BTCUSDT-1m-synthetic.csv: it must be exactly what the generator makes.
///
/// Regenerate with `SPARK_REGENERATE_SAMPLE=1 swift test --filter SampleDataTests` (see data/sample/README.md).
@Suite("Bundled sample data")
struct SampleDataTests {
    static let path = TempFiles.repository("data/sample/BTCUSDT-1m-synthetic.csv")
    static let generator = SyntheticBars(seed: 20_240_101, count: 8_640, start: 1_704_067_200_000, intervalMs: 60_000, startPrice: 42_000)

    @Test("the sample is the seed-20240101 generator's 8,640 bars, a clean file under 1 MB")
    func sampleMatchesGenerator() throws {
        if ProcessInfo.processInfo.environment["SPARK_REGENERATE_SAMPLE"] == "1" {
            try BarCSVWriter.write(Self.generator, to: Self.path)
        }
        var reader = try CSVBarReader(path: Self.path, symbol: SymbolID(0), policy: .fail)
        let bars = try reader.readAll()
        let expected = Array(Self.generator)
        #expect(bars.count == 8_640)
        #expect(bars.first?.time == 1_704_067_200_000)
        // Within a cent, not bit-equal: another platform's libm may round an exp() differently.
        for (bar, want) in zip(bars, expected) where bar != want {
            #expect(bar.time == want.time)
            #expect(abs(bar.close - want.close) < 0.02 && abs(bar.high - want.high) < 0.02 && abs(bar.low - want.low) < 0.02)
            #expect(abs(bar.volume - want.volume) < 0.002)
        }
        let size = try FileManager.default.attributesOfItem(atPath: Self.path)[.size] as? Int ?? .max
        #expect(size < 1_000_000)
        let header = try String(contentsOfFile: Self.path, encoding: .utf8).prefix(while: { $0 != "\n" })
        #expect(header == "time,open,high,low,close,volume")
    }
}
