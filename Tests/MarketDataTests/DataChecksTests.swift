import Foundation
import MarketData
import SparkCore
import Testing

/// The reader's loud checks: what a file is, and why its first bad rows are bad (docs/data-formats.md).
@Suite("Data checks in the reader")
struct DataChecksTests {
    func bar(_ time: Int64, _ price: Double) -> Bar {
        Bar(symbol: SymbolID(0), time: time, open: price, high: price, low: price, close: price, volume: 1)
    }

    func openError(_ bytes: [UInt8], named name: String = "bars.csv") -> CSVError? {
        let path = TempFiles.directory() + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            _ = try CSVBarReader(path: path, symbol: SymbolID(0))
            return nil
        } catch {
            return error
        }
    }

    @Test("the grid is the fewest decimals that write every price, and the spacing the smallest gap between bars")
    func gridAndSpacing() {
        var grid = BarGrid()
        grid.add(bar(0, 1.08))
        grid.add(bar(3_600_000, 1.08234))
        // A missing bar (two hours apart) does not widen the spacing.
        grid.add(bar(3 * 3_600_000, 42015.88))
        #expect(grid.priceDecimals == 5)
        #expect(grid.tick == "0.00001")
        #expect(grid.spacing == 3_600_000)
        var whole = BarGrid()
        whole.add(bar(0, 42000))
        #expect(whole.priceDecimals == 0 && whole.tick == "1" && whole.spacing == nil)
    }

    @Test("a gzip file is named as such, without printing its bytes")
    func gzip() throws {
        let error = try #require(openError([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0x0A, 0x41]))
        #expect(error.code == .notText)
        #expect(error.message == "this is a gzip-compressed file, not a CSV text file (nothing of it is printed)")
        #expect(error.hint == "decompress it first (gunzip -k FILE) and pass the CSV it holds")
        #expect(!error.description.contains("\u{1F}"))
    }

    @Test("a zip archive is named as such and pointed at data import")
    func zip() throws {
        let path = TempFiles.directory() + "/bars.zip"
        try ZipWriter.write([(name: "bars.csv", bytes: Array("time,open,high,low,close,volume\n".utf8))], to: path)
        #expect(throws: CSVError(
            .notText, "this is a zip archive, not a CSV text file (nothing of it is printed)", file: path,
            hint: "a Binance dump zip imports with `spark data import FILE` (then backtest with --db); otherwise unzip it and pass the CSV it holds"
        )) {
            _ = try CSVBarReader(path: path, symbol: SymbolID(0))
        }
    }

    @Test("other binary input names the first byte that is not text")
    func binary() throws {
        let error = try #require(openError([0x53, 0x51, 0x4C, 0x00, 0x01, 0x02, 0x0A, 0x00]))
        #expect(error.message == "this is binary data (byte 0x00 at offset 3 is not text), not a CSV text file (nothing of it is printed)")
    }

    @Test("a headerless Binance dump given as a bar CSV says which import path to use")
    func binanceDumpAsCSV() throws {
        let row = "1704067200000,42000.0,42010.0,41990.0,42005.0,1.5,1704067259999,63007.5,10,0.7,29403.5,0\n"
        let path = TempFiles.write(row + row, named: "BTCUSDT-1m-2024-01.csv")
        #expect(throws: CSVError(
            .header, "this looks like a Binance kline dump (no header, 12 numeric columns), not a bar CSV", file: path, line: 1,
            hint: "import it into the store with `spark data import \(path)`, then backtest with --db; or add the header time,open,high,low,close,volume"
        )) {
            _ = try CSVBarReader(path: path, symbol: SymbolID(0))
        }
    }

    @Test("a semicolon file with decimal commas says so for its first bad row")
    func decimalComma() throws {
        let path = TempFiles.write("time;open;high;low;close;volume\n2024-01-01;42000,5;42010;41990;42005;1\n")
        var reader = try CSVBarReader(path: path, symbol: SymbolID(0))
        #expect(try reader.next() == nil)
        #expect(reader.issues.first?.description == "\(path):2:12: open '42000,5' is semicolon-separated with decimal commas: write it with a decimal point (42000.5)")
    }
}
