import Drivers
import Foundation
import Store
import Testing
import DataOps

/// docs/architecture.md, "Performance": an import reads on a thread of its own, beside the inserts,
/// and still writes every row in file order, or nothing when a row is bad, however far in it is.
@Suite("Import read-ahead")
struct ImportPrefetchTests {
    /// Binance rows for `count` minutes: more than the reader's batches in flight.
    static func rows(_ count: Int) -> [String] {
        (0..<count).map { minute in
            let time = 1_704_067_200_000 + Int64(minute) * 60_000
            let price = 42_000 + Double(minute % 97)
            return "\(time),\(price),\(price + 5),\(price - 5),\(price + 1),\(1 + minute % 3),\(time + 59_999),0,1,0,0,0"
        }
    }

    @Test("a 50,000-row dump imports every row in order, with the reader's counts")
    func largeFileInOrder() throws {
        let directory = Paths.scratch("prefetch-large")
        var lines = Self.rows(50_000)
        lines.insert(lines[30_000], at: 30_001)
        let file = try DataImportTests.write(lines.joined(separator: "\n"), "BTCUSDT-1m-2024-03.csv", in: directory)
        let result = try DataImport.run(ImportRequest(files: [file], databasePath: "\(directory)/spark.db"))
        #expect(result[0].rows == 50_001)
        #expect(result[0].duplicates == 1)
        #expect(result[0].timeUnit == "ms")
        let stored = try DataImportTests.snapshot("\(directory)/spark.db")
        #expect(stored.count == 50_000)
        #expect(stored.first?.contains(" 1704067200000 ") == true)
        #expect(stored.last?.contains(" \(1_704_067_200_000 + 49_999 * 60_000) ") == true)
    }

    @Test("a bad row after ten batches names its line and leaves the store as it was, in a dump and in a generic CSV")
    func lateBadRowWritesNothing() throws {
        let store = try DataImportTests.seeded()
        var lines = Self.rows(60_000)
        lines[45_000] = "1706767200000,1,two,0.5,1.5,1,1706767259999,0,1,0,0,0"
        let bad = try DataImportTests.write(lines.joined(separator: "\n"), "BTCUSDT-1m-2024-04.csv", in: store.directory)
        try DataImportTests.refuses(bad, line: 45_001, containing: "'two' is not a number", store: store)
        // The generic CSV reader takes the same path: a row whose high is below its low, far in.
        var csv = ["time,open,high,low,close,volume"] + (0..<60_000).map { minute in "\(1_706_745_600_000 + Int64(minute) * 60_000),10,12,9,11,1" }
        csv[52_001] = "\(1_706_745_600_000 + Int64(52_000) * 60_000),10,5,20,10,1"
        let generic = try DataImportTests.write(csv.joined(separator: "\n"), "bars.csv", in: store.directory)
        var request = ImportRequest(files: [generic], databasePath: store.database)
        (request.symbol, request.interval) = ("BTCUSDT", "1m")
        try DataImportTests.refuses(generic, line: 52_002, containing: "below low", store: store, request: request)
    }
}
