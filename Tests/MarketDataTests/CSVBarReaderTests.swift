import Foundation
import MarketData
import SparkCore
import Testing

@Suite("CSV bar reader")
struct CSVBarReaderTests {
    let symbol = SymbolID(3)

    func read(_ text: String, policy: BadRowPolicy = .skip, from: Int64? = nil, to: Int64? = nil) throws -> (bars: [Bar], issues: [CSVIssue], count: Int) {
        var reader = try CSVBarReader(path: TempFiles.write(text), symbol: symbol, policy: policy, from: from, to: to)
        let bars = try reader.readAll()
        return (bars, reader.issues, reader.issueCount)
    }

    @Test("a plain ISO-8601 file reads into bars stamped with the given symbol, times in epoch ms")
    func plainFile() throws {
        let result = try read("""
        time,open,high,low,close,volume
        2024-01-01T00:00:00Z,100,101.5,99.25,100.75,12.5
        2024-01-01T00:01:00Z,100.75,102,100,101,0

        """)
        #expect(result.issues.isEmpty)
        #expect(result.bars == [
            Bar(symbol: symbol, time: 1_704_067_200_000, open: 100, high: 101.5, low: 99.25, close: 100.75, volume: 12.5),
            Bar(symbol: symbol, time: 1_704_067_260_000, open: 100.75, high: 102, low: 100, close: 101, volume: 0),
        ])
    }

    @Test("columns may come in any order and case, with extra columns ignored")
    func columnOrder() throws {
        let result = try read("""
        Volume,CLOSE,trades,Low,High,Open,Timestamp
        7,10.5,99,9,11,10,2024-01-01T00:00:00Z
        """)
        #expect(result.bars == [Bar(symbol: symbol, time: 1_704_067_200_000, open: 10, high: 11, low: 9, close: 10.5, volume: 7)])
    }

    @Test("date, open_time and datetime also name the time column, and time wins over date")
    func timeAliases() throws {
        for name in ["date", "open_time", "datetime"] {
            let bars = try read("\(name),open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n").bars
            #expect(bars.map(\.time) == [1_704_153_600_000], "column \(name)")
        }
        let both = try read("date,time,open,high,low,close,volume\n2030-01-01,2024-01-01T00:00:00Z,1,1,1,1,1\n").bars
        #expect(both.map(\.time) == [1_704_067_200_000])
    }

    @Test("ISO-8601 forms: Z, fractions, offsets, a space separator and no zone all read as UTC")
    func isoForms() throws {
        let forms: [(String, Int64)] = [
            ("2024-01-01T00:00:00Z", 1_704_067_200_000),
            ("2024-01-01T00:00:00.250Z", 1_704_067_200_250),
            ("2024-01-01T00:00:00.123456Z", 1_704_067_200_123),
            ("2024-01-01T02:00:00+02:00", 1_704_067_200_000),
            ("2023-12-31T19:00:00-0500", 1_704_067_200_000),
            ("2024-01-01 00:00:00", 1_704_067_200_000),
            ("2024-01-01T00:00", 1_704_067_200_000),
            ("2024-02-29T12:30:15Z", 1_709_209_815_000),
            ("1969-12-31T23:59:59Z", -1000),
        ]
        for (text, expected) in forms {
            let bars = try read("time,open,high,low,close,volume\n\(text),1,1,1,1,1\n", policy: .fail).bars
            #expect(bars.first?.time == expected, "\(text)")
        }
    }

    @Test("invalid ISO dates such as February 30th or hour 24 are bad rows")
    func invalidISO() throws {
        for text in ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00Q", "2024-1-1"] {
            let result = try read("time,open,high,low,close,volume\n\(text),1,1,1,1,1\n")
            #expect(result.bars.isEmpty, "\(text)")
            #expect(result.issues.first?.message.contains("not an ISO-8601 time") == true, "\(text)")
        }
    }

    @Test("epoch seconds, milliseconds and microseconds are told apart by the first value's magnitude")
    func epochUnits() throws {
        let cases: [(String, String)] = [("1704067200", "1704067260"), ("1704067200000", "1704067260000"), ("1704067200000000", "1704067260000000")]
        for (first, second) in cases {
            let bars = try read("time,open,high,low,close,volume\n\(first),1,1,1,1,1\n\(second),1,1,1,1,1\n", policy: .fail).bars
            #expect(bars.map(\.time) == [1_704_067_200_000, 1_704_067_260_000], "\(first)")
        }
        let fractional = try read("time,open,high,low,close,volume\n1704067200.5,1,1,1,1,1\n", policy: .fail).bars
        #expect(fractional.map(\.time) == [1_704_067_200_500])
    }

    @Test("a row whose epoch magnitude disagrees with the first row's is rejected")
    func epochMagnitudeMismatch() throws {
        let result = try read("""
        time,open,high,low,close,volume
        1704067200000,1,1,1,1,1
        1704067260,1,1,1,1,1
        1704067320000,1,1,1,1,1
        2024-01-01T00:03:00Z,1,1,1,1,1
        """)
        #expect(result.bars.map(\.time) == [1_704_067_200_000, 1_704_067_320_000])
        #expect(result.issues.map(\.line) == [3, 5])
        #expect(result.issues[0].message.contains("epoch seconds"))
        #expect(result.issues[0].message.contains("epoch milliseconds"))
        #expect(result.issues[1].message.contains("epoch number"))
    }

    @Test("each kind of bad row is skipped with its line, column and reason")
    func badRows() throws {
        let result = try read("""
        time,open,high,low,close,volume
        2024-01-01T00:00:00Z,100,101,99,100,1
        2024-01-01T00:01:00Z,100,101,99,abc,1
        2024-01-01T00:02:00Z,100,101,99,100
        2024-01-01T00:03:00Z,100,101,99,nan,1
        2024-01-01T00:04:00Z,100,101,99,inf,1
        2024-01-01T00:05:00Z,0,101,99,100,1
        2024-01-01T00:06:00Z,100,101,99,100,-1
        2024-01-01T00:07:00Z,100,98,99,99,1
        2024-01-01T00:08:00Z,102,101,99,100,1
        2024-01-01T00:09:00Z,100,101,99,,1
        2024-01-01T00:10:00Z,100,101,99,100,1
        2024-01-01T00:10:00Z,100,101,99,100,1
        2024-01-01T00:09:30Z,100,101,99,100,1
        2024-01-01T00:11:00Z,100,101,99,100,1
        """)
        #expect(result.bars.count == 3)
        #expect(result.count == 11)
        let byLine = Dictionary(uniqueKeysWithValues: result.issues.map { ($0.line, $0) })
        #expect(byLine[3]?.column == 33 && byLine[3]?.message.contains("'abc' is not a number") == true)
        #expect(byLine[4]?.column == nil && byLine[4]?.message.contains("expected 6 fields") == true)
        #expect(byLine[5]?.message.contains("NaN and infinite") == true)
        #expect(byLine[6]?.message.contains("NaN and infinite") == true)
        #expect(byLine[7]?.message.contains("open must be positive") == true)
        #expect(byLine[8]?.message.contains("volume must not be negative") == true)
        #expect(byLine[9]?.message.contains("high 98.0 is below low 99.0") == true)
        #expect(byLine[10]?.message.contains("open 102.0 lies outside") == true)
        #expect(byLine[11]?.message.contains("close is missing") == true)
        #expect(byLine[13]?.message.contains("repeats the time") == true)
        #expect(byLine[13]?.column == 1)
        #expect(byLine[14]?.message.contains("is before the previous row") == true)
        #expect("\(result.issues[0])".hasPrefix(result.issues[0].file + ":3:33: "))
    }

    @Test("the fail policy throws a bad_row error at the first bad row, naming file, line and column")
    func failPolicy() throws {
        let path = TempFiles.write("time,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,1,1,1,1\n2024-01-01T00:01:00Z,1,x,1,1,1\n")
        var reader = try CSVBarReader(path: path, symbol: symbol, policy: .fail)
        #expect(try reader.next() != nil)
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .badRow)
            #expect(error.line == 3)
            #expect(error.column == 24)
            #expect(error.description.hasPrefix("\(path):3:24: error: high 'x' is not a number"))
        }
        #expect(try reader.next() == nil)
    }

    @Test("the issue list is capped while every bad row is still counted and summarised")
    func issueCap() throws {
        var text = "time,open,high,low,close,volume\n"
        for minute in 0..<50 { text += "2024-01-01T00:\(String(format: "%02d", minute)):00Z,1,1,1,bad,1\n" }
        var reader = try CSVBarReader(path: TempFiles.write(text), symbol: symbol, policy: .skip, maxIssues: 5)
        #expect(try reader.readAll().isEmpty)
        #expect(reader.issues.count == 5)
        #expect(reader.issueCount == 50)
        #expect(reader.rowsRead == 50)
        let summary = reader.issueSummary()
        #expect(summary.count == 6)
        #expect(summary.last?.contains("45 more bad rows") == true)
    }

    @Test("from and to keep only bars inside the inclusive range")
    func timeFilter() throws {
        var text = "time,open,high,low,close,volume\n"
        for second in 0..<10 { text += "\(1_704_067_200 + second * 60),1,1,1,1,1\n" }
        let bars = try read(text, from: 1_704_067_320_000, to: 1_704_067_440_000).bars
        #expect(bars.map(\.time) == [1_704_067_320_000, 1_704_067_380_000, 1_704_067_440_000])
    }

    @Test("CRLF line ends, a UTF-8 BOM, quoted fields and semicolons are accepted")
    func dialects() throws {
        let crlf = try read("\u{FEFF}time,open,high,low,close,volume\r\n\"2024-01-01T00:00:00Z\",\"1.5\",2,1,1.5,3\r\n", policy: .fail).bars
        #expect(crlf == [Bar(symbol: symbol, time: 1_704_067_200_000, open: 1.5, high: 2, low: 1, close: 1.5, volume: 3)])
        let semicolons = try read("time;open;high;low;close;volume\n2024-01-01 00:00:00;1.5;2;1;1.5;3\n", policy: .fail).bars
        #expect(semicolons == crlf)
    }

    @Test("a header without a required column, a repeated column, or an empty file is a header error")
    func headerErrors() throws {
        let cases: [(String, String)] = [
            ("time,open,high,low,close\n", "lacks volume"),
            ("when,open,high,low,close,volume\n", "lacks time"),
            ("time,open,high,low,close,volume,close\n", "'close' appears twice"),
            ("", "empty"),
            ("\n\n", "empty"),
        ]
        for (text, needle) in cases {
            #expect {
                _ = try CSVBarReader(path: TempFiles.write(text), symbol: symbol)
            } throws: { error in
                (error as? CSVError)?.code == .header && "\(error)".contains(needle)
            }
        }
    }

    @Test("a missing file is an unreadable error that names the path")
    func missingFile() {
        #expect {
            _ = try CSVBarReader(path: "/nonexistent/bars.csv", symbol: symbol)
        } throws: { error in
            (error as? CSVError)?.code == .unreadable && "\(error)".contains("/nonexistent/bars.csv")
        }
    }

    @Test("bars written by BarCSVWriter read back bit for bit across many buffer refills, in both time formats")
    func roundTrip() throws {
        let bars = Array(SyntheticBars(seed: 7, count: 40_000, priceDecimals: 6))
        for format in [BarCSVWriter.TimeFormat.iso8601, .epochMilliseconds] {
            let path = TempFiles.directory() + "/round.csv"
            #expect(try BarCSVWriter.write(bars, to: path, timeFormat: format) == bars.count)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            #expect(size > 2 << 20, "the file must exceed the reader's buffer")
            let read = try CSVBarReader.readAll(path: path, symbol: SymbolID(0))
            #expect(read == bars)
        }
    }
}
