import Foundation
import MarketData
import SparkCore
import Testing

@Suite("Binance kline dumps")
struct BinanceDumpTests {
    static let rowMs = "1704067200000,42000.00,42010.50,41990.00,42005.25,12.5,1704067259999,525000.1,120,6.2,260000.0,0"
    static let rowMs2 = "1704067260000,42005.25,42020.00,42000.00,42015.00,8.25,1704067319999,346000.0,90,4.1,172000.0,0"
    static let rowUs = "1735689600000000,93000.10,93050.00,92990.00,93020.00,3.5,1735689659999999,325000.0,50,1.7,158000.0,0"
    static let rowUs2 = "1735689660000000,93020.00,93030.00,93000.00,93010.00,2.5,1735689719999999,232000.0,40,1.2,111000.0,0"

    func read(_ text: String, named name: String = "BTCUSDT-1m-2024-01.csv") throws(CSVError) -> [Bar] {
        let path = TempFiles.write(text, named: name)
        var reader = BinanceKlineReader(source: try FileByteSource(path: path), path: path, symbol: SymbolID(0))
        var bars: [Bar] = []
        while let bar = try reader.next() { bars.append(bar) }
        return bars
    }

    func error(_ text: String) -> CSVError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("millisecond rows become bars with their open time, OHLC and volume")
    func millisecondRows() throws {
        let bars = try read(Self.rowMs + "\n" + Self.rowMs2 + "\n")
        #expect(bars.count == 2)
        #expect(bars[0] == Bar(symbol: SymbolID(0), time: 1_704_067_200_000, open: 42000, high: 42010.5, low: 41990, close: 42005.25, volume: 12.5))
        #expect(bars[1].time == 1_704_067_260_000)
    }

    @Test("microsecond files (spot dumps from 2025) are detected and converted to milliseconds")
    func microsecondRows() throws {
        let bars = try read(Self.rowUs + "\r\n" + Self.rowUs2 + "\r\n")
        #expect(bars.map(\.time) == [1_735_689_600_000, 1_735_689_660_000])
    }

    @Test("a file mixing milliseconds and microseconds is refused at the first row in the other unit")
    func mixedUnits() throws {
        let failure = try #require(error(Self.rowMs + "\n" + Self.rowMs2 + "\n" + Self.rowUs + "\n"))
        #expect(failure.code == .badRow)
        #expect(failure.line == 3)
        #expect(failure.column == 1)
        #expect(failure.message.contains("mixed units"))
        #expect(failure.description.contains("BTCUSDT-1m-2024-01.csv:3:1"))
    }

    @Test("a row with the wrong number of columns names its line and the count")
    func wrongColumnCount() throws {
        let failure = try #require(error(Self.rowMs + "\n1704067260000,1,2,0.5,1.5,3\n"))
        #expect(failure.line == 2)
        #expect(failure.message.contains("expected 12 columns") && failure.message.contains("found 6"))
    }

    @Test("a non-numeric field names its line and column")
    func nonNumeric() throws {
        let bad = Self.rowMs2.replacingOccurrences(of: "42020.00", with: "42O20.00")
        let failure = try #require(error(Self.rowMs + "\n" + bad + "\n"))
        #expect(failure.line == 2)
        #expect(failure.column == 24)
        #expect(failure.message.contains("high '42O20.00' is not a number"))
    }

    @Test("a header row, which Binance dumps never have, is refused with a hint to use the generic format")
    func headerRow() throws {
        let header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"
        let failure = try #require(error(header + "\n" + Self.rowMs + "\n"))
        #expect(failure.line == 1)
        #expect(failure.message.contains("header row"))
        #expect(failure.hint?.contains("--format csv") == true)
    }

    @Test("high below low and negative volume are refused, since the store cannot hold them")
    func impossibleBars() throws {
        let highBelowLow = "1704067260000,42005,41000,42000,42001,8,1704067319999,0,0,0,0,0"
        #expect(error(Self.rowMs + "\n" + highBelowLow)?.message.contains("below low") == true)
        let negativeVolume = "1704067260000,42005,42010,42000,42001,-8,1704067319999,0,0,0,0,0"
        #expect(error(Self.rowMs + "\n" + negativeVolume)?.message.contains("negative") == true)
    }

    @Test("repeated and backward times are counted, not refused")
    func duplicatesCounted() throws {
        let path = TempFiles.write([Self.rowMs, Self.rowMs2, Self.rowMs2, Self.rowMs].joined(separator: "\n"))
        var reader = BinanceKlineReader(source: try FileByteSource(path: path), path: path, symbol: SymbolID(0))
        while try reader.next() != nil {}
        #expect(reader.rows == 4)
        #expect(reader.duplicates == 1)
        #expect(reader.outOfOrder == 1)
        #expect(reader.unit == .milliseconds)
    }

    @Test("file names give symbol and interval; other names and unknown intervals give nil")
    func fileNames() {
        #expect(BinanceFileName(path: "/x/BTCUSDT-1m-2024-01.zip") == BinanceFileName(path: "BTCUSDT-1m-2024-01.zip"))
        #expect(BinanceFileName(path: "dumps/ETHUSDT-4h-2024-01-05.csv")?.symbol == "ETHUSDT")
        #expect(BinanceFileName(path: "dumps/ETHUSDT-4h-2024-01-05.csv")?.interval.name == "4h")
        #expect(BinanceFileName(path: "BTCUSDT-7m-2024-01.zip") == nil)
        #expect(BinanceFileName(path: "bars.csv") == nil)
        #expect(BinanceFileName(path: "btcusdt-1m-2024-01.zip") == nil)
        #expect(throws: CSVError.self) { try BarInterval.parse("7m") }
    }
}
