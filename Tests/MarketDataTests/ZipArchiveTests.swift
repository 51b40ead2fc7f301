import Foundation
import MarketData
import SparkCore
import Testing

@Suite("Zip archives")
struct ZipArchiveTests {
    let csv = Array((BinanceDumpTests.rowMs + "\n" + BinanceDumpTests.rowMs2 + "\n").utf8)

    func zip(_ entries: [(name: String, bytes: [UInt8])]) throws -> String {
        let path = TempFiles.directory() + "/BTCUSDT-1m-2024-01.zip"
        try ZipWriter.write(entries, to: path)
        return path
    }

    func readAll(_ path: String) throws(CSVError) -> [Bar] {
        let archive = try ZipArchive(path: path)
        var reader = BinanceKlineReader(source: try archive.open(), path: path, symbol: SymbolID(0))
        var bars: [Bar] = []
        while let bar = try reader.next() { bars.append(bar) }
        return bars
    }

    func failure(_ path: String) -> CSVError? {
        do {
            _ = try readAll(path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a zip with one CSV streams its rows, inflated and CRC-checked")
    func roundTrip() throws {
        let path = try zip([("BTCUSDT-1m-2024-01.csv", csv)])
        #expect(ZipArchive.looksLikeZip(path: path))
        #expect(try ZipArchive(path: path).entryName == "BTCUSDT-1m-2024-01.csv")
        #expect(try readAll(path).count == 2)
    }

    @Test("the bundled sample, written by Python's zipfile, reads as 1437 bars")
    func pythonZip() throws {
        let path = TempFiles.repository("data/sample/binance/BTCUSDT-1m-2024-01-07.zip")
        #expect(try readAll(path).count == 1437)
    }

    @Test("a zip with no file or with two files is refused, naming what it holds")
    func entryCount() throws {
        let empty = try #require(failure(try zip([])))
        #expect(empty.code == .archive)
        #expect(empty.message.contains("no file"))
        let two = try #require(failure(try zip([("a.csv", csv), ("b.csv", csv)])))
        #expect(two.message.contains("2 files (a.csv, b.csv)"))
    }

    @Test("a truncated zip is refused")
    func truncated() throws {
        let path = try zip([("x.csv", csv)])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: path))
        let error = try #require(failure(path))
        #expect(error.code == .archive)
        #expect(error.file == path)
        let tiny = TempFiles.write("PK", named: "tiny.zip")
        #expect(failure(tiny)?.code == .archive)
    }

    @Test("a zip whose compressed bytes are damaged is refused (inflate or CRC error), not half-read")
    func corrupt() throws {
        let big = Array(String(repeating: BinanceDumpTests.rowMs + "\n", count: 200).utf8)
        let path = try zip([("x.csv", big)])
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        for offset in 60..<80 { data[offset] ^= 0x5A }
        try data.write(to: URL(fileURLWithPath: path))
        let error = try #require(failure(path))
        #expect(error.code == .archive || error.code == .badRow)
        #expect(error.message.contains("corrupt") || error.code == .badRow)
    }
}
