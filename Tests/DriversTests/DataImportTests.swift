import Drivers
import Foundation
import MarketData
import Store
import Testing
import DataOps

@Suite("Data import")
struct DataImportTests {
    static let rows = (0..<120).map { minute -> String in
        let time = 1_704_067_200_000 + Int64(minute) * 60_000
        let price = 42_000 + Double(minute % 7)
        return "\(time),\(price),\(price + 5),\(price - 5),\(price + 1),\(1 + minute % 3),\(time + 59_999),0,1,0,0,0"
    }

    /// Everything in the store, for before/after comparisons.
    static func snapshot(_ path: String) throws -> [String] {
        let database = try AppDatabase.open(path: path)
        var lines: [String] = []
        for series in try database.series() {
            try database.forEachBar(symbol: series.symbol, interval: series.interval) { bar in
                lines.append("\(bar.symbol) \(bar.interval) \(bar.time) \(bar.open) \(bar.high) \(bar.low) \(bar.close) \(bar.volume)")
            }
        }
        return lines
    }

    /// A store holding one good month-file import, and its directory.
    static func seeded() throws -> (database: String, directory: String) {
        let directory = Paths.scratch("import")
        let good = "\(directory)/BTCUSDT-1m-2024-01.csv"
        try Data(rows.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: good))
        let database = "\(directory)/spark.db"
        _ = try DataImport.run(ImportRequest(files: [good], databasePath: database))
        return (database, directory)
    }

    static func write(_ text: String, _ name: String, in directory: String) throws -> String {
        let path = "\(directory)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Imports `path`, expecting a failure whose description names the file (and line when given);
    /// asserts the store is unchanged.
    static func refuses(_ path: String, line: Int? = nil, containing text: String, store: (database: String, directory: String), request: ImportRequest? = nil) throws {
        let before = try snapshot(store.database)
        #expect(before.count == 120)
        do {
            _ = try DataImport.run(request ?? ImportRequest(files: [path], databasePath: store.database))
            Issue.record("expected \(path) to be refused")
        } catch {
            let description = "\(error)"
            #expect(description.contains(line.map { "\(path):\($0)" } ?? path), "\(description)")
            #expect(description.contains(text), "\(description)")
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("a dump imports its rows; importing it again changes nothing")
    func goodImport() throws {
        let store = try Self.seeded()
        let path = "\(store.directory)/BTCUSDT-1m-2024-01.csv"
        let again = try DataImport.run(ImportRequest(files: [path], databasePath: store.database))
        #expect(again[0].rows == 120)
        #expect(again[0].timeUnit == "ms")
        #expect(!again[0].checksumVerified)
        #expect(try Self.snapshot(store.database).count == 120)
        let listing = try SeriesListing.all(databasePath: store.database)
        #expect(listing.count == 1)
        #expect(listing[0].missing == 0)
        #expect(listing[0].quality == "unchecked")
    }

    @Test("a zip dump with a matching .CHECKSUM is verified and imported")
    func zipWithChecksum() throws {
        let store = try Self.seeded()
        let zip = "\(store.directory)/ETHUSDT-1m-2024-01.zip"
        try ZipWriter.write([(name: "ETHUSDT-1m-2024-01.csv", bytes: Array(Self.rows.joined(separator: "\n").utf8))], to: zip)
        let digest = try shellSHA256(zip)
        try Data("\(digest)  ETHUSDT-1m-2024-01.zip\n".utf8).write(to: URL(fileURLWithPath: zip + ".CHECKSUM"))
        let result = try DataImport.run(ImportRequest(files: [zip], databasePath: store.database))
        #expect(result[0].checksumVerified)
        #expect(result[0].symbol == "ETHUSDT")
        #expect(try Self.snapshot(store.database).count == 240)
    }

    @Test("a checksum mismatch refuses the file and leaves the store unchanged")
    func checksumMismatch() throws {
        let store = try Self.seeded()
        let zip = "\(store.directory)/BTCUSDT-1m-2024-02.zip"
        try ZipWriter.write([(name: "x.csv", bytes: Array(Self.rows.joined(separator: "\n").utf8))], to: zip)
        try Data("\(String(repeating: "ab", count: 32))  BTCUSDT-1m-2024-02.zip\n".utf8).write(to: URL(fileURLWithPath: zip + ".CHECKSUM"))
        try Self.refuses(zip, containing: "SHA-256 mismatch", store: store)
    }

    @Test("a truncated zip, a corrupt zip, and zips with zero or two entries are refused; the store is unchanged")
    func badZips() throws {
        let store = try Self.seeded()
        let bytes = Array(String(repeating: Self.rows.joined(separator: "\n") + "\n", count: 3).utf8)
        let truncated = "\(store.directory)/BTCUSDT-1m-2024-03.zip"
        try ZipWriter.write([(name: "a.csv", bytes: bytes)], to: truncated)
        let data = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        try Self.refuses(truncated, containing: "truncated", store: store)

        let corrupt = "\(store.directory)/BTCUSDT-1m-2024-04.zip"
        try ZipWriter.write([(name: "a.csv", bytes: bytes)], to: corrupt)
        var damaged = try Data(contentsOf: URL(fileURLWithPath: corrupt))
        for offset in 200..<260 { damaged[offset] ^= 0xA5 }
        try damaged.write(to: URL(fileURLWithPath: corrupt))
        try Self.refuses(corrupt, containing: "error", store: store)

        let empty = "\(store.directory)/BTCUSDT-1m-2024-05.zip"
        try ZipWriter.write([], to: empty)
        try Self.refuses(empty, containing: "no file", store: store)
        let two = "\(store.directory)/BTCUSDT-1m-2024-06.zip"
        try ZipWriter.write([(name: "a.csv", bytes: bytes), (name: "b.csv", bytes: bytes)], to: two)
        try Self.refuses(two, containing: "2 files", store: store)
    }

    @Test("bad rows late in a file (columns, numbers, header, mixed units) name file and line and write nothing")
    func badRows() throws {
        let store = try Self.seeded()
        // Each file overlaps the stored rows and adds new ones, so a partial write would show.
        var good = Self.rows.map { $0.replacingOccurrences(of: ",0,1,0,0,0", with: ",0,2,0,0,0") }
        good += (120..<200).map { minute in
            let time = 1_704_067_200_000 + Int64(minute) * 60_000
            return "\(time),1,2,0.5,1.5,1,\(time + 59_999),0,1,0,0,0"
        }
        func file(_ name: String, replacing index: Int, with row: String) throws -> String {
            var lines = good
            lines[index] = row
            return try Self.write(lines.joined(separator: "\n"), name, in: store.directory)
        }
        let columns = try file("BTCUSDT-1m-2024-07.csv", replacing: 150, with: "1704076200000,1,2,0.5,1.5,1")
        try Self.refuses(columns, line: 151, containing: "expected 12 columns", store: store)
        let number = try file("BTCUSDT-1m-2024-08.csv", replacing: 160, with: "1704076800000,1,two,0.5,1.5,1,1704076859999,0,1,0,0,0")
        try Self.refuses(number, line: 161, containing: "'two' is not a number", store: store)
        let header = try Self.write(
            "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n" + good.joined(separator: "\n"),
            "BTCUSDT-1m-2024-09.csv", in: store.directory
        )
        try Self.refuses(header, line: 1, containing: "header row", store: store)
        let mixed = try file("BTCUSDT-1m-2024-10.csv", replacing: 170, with: "1704077400000000,1,2,0.5,1.5,1,1704077459999999,0,1,0,0,0")
        try Self.refuses(mixed, line: 171, containing: "mixed units", store: store)
    }

    @Test("a generic CSV with a bad row is refused whole, naming file and line")
    func genericCSV() throws {
        let store = try Self.seeded()
        let path = try Self.write("time,open,high,low,close,volume\n2024-02-01T00:00:00Z,1,2,0.5,1.5,3\n2024-02-01T00:01:00Z,1,2,0.5,abc,3\n", "bars.csv", in: store.directory)
        var request = ImportRequest(files: [path], databasePath: store.database)
        (request.symbol, request.interval) = ("BTCUSDT", "1m")
        try Self.refuses(path, line: 3, containing: "not a number", store: store, request: request)
    }

    @Test("an unknown interval, a malformed symbol, or a name without either is refused; the store is unchanged")
    func unknownSeries() throws {
        let store = try Self.seeded()
        let path = "\(store.directory)/BTCUSDT-1m-2024-01.csv"
        var request = ImportRequest(files: [path], databasePath: store.database)
        request.interval = "7m"
        try Self.refuses(path, containing: "unknown interval '7m'", store: store, request: request)
        request.interval = nil
        request.symbol = "btc/usdt"
        try Self.refuses(path, containing: "not a valid symbol", store: store, request: request)
        let anonymous = try Self.write(Self.rows.joined(separator: "\n"), "bars.csv", in: store.directory)
        try Self.refuses(anonymous, containing: "cannot tell the symbol", store: store)
    }

    func shellSHA256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
