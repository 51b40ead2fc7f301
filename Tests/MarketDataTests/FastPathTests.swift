import Foundation
@testable import MarketData
import SparkCore
import Testing

/// The CSV reader's fast paths (short decimals, ISO times on a cached day, the word-at-a-time
/// split) must give bit for bit what the general paths give, and defer to them on anything else.
@Suite("Fast parsing paths agree with the general ones")
struct FastPathTests {
    func short(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DecimalParser.shortDouble($0) }
    }

    func general(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DecimalParser.generalDouble($0) }
    }

    /// Random decimals of every short shape: signs, leading zeros, no fraction, a bare point.
    func randomDecimals(_ count: Int) -> [String] {
        var random = SplitMix64(seed: 18)
        var texts: [String] = []
        for _ in 0..<count {
            let digits = Int(random.next() % 18) + 1
            var text = String((0..<digits).map { _ in Character(String(random.next() % 10)) })
            if random.next() % 3 != 0 {
                let point = Int(random.next() % UInt64(digits + 1))
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            switch random.next() % 6 {
            case 0: text = "-" + text
            case 1: text = "+" + text
            case 2: text = "000" + text
            default: break
            }
            texts.append(text)
        }
        return texts
    }

    @Test("short decimals parse bit for bit as the general parser and the standard library parse them")
    func shortDecimalsMatch() {
        let edges = [
            "0", "-0", "+0", "0.0", "-0.0", "5.", ".5", "-.5", "00012.50", "000000000000001", "123456789012345",
            "1234567890123456", "12345678.9012345", "9007199254740993", "42000.13", "0.1", "0.3", "999999999999999",
            "0.000000000000001", "41960.11", "9.064",
        ]
        var fastHits = 0
        for text in edges + randomDecimals(50_000) {
            let expected = general(text)
            #expect(expected?.bitPattern == Double(text)?.bitPattern, "\(text)")
            if let fast = short(text) {
                fastHits += 1
                #expect(fast.bitPattern == expected?.bitPattern, "\(text)")
            }
            let combined = Array(text.utf8).withUnsafeBytes { DecimalParser.double($0) }
            #expect(combined?.bitPattern == expected?.bitPattern, "\(text)")
        }
        #expect(fastHits > 10_000)
    }

    @Test("anything but a short plain decimal is left to the general parser")
    func otherFormsAreDeclined() {
        let declined = [
            "", "-", "+", ".", "-.", "1e5", "1E+16", "2.5e-3", " 1", "1 ", "\t1", "1.2.3", "nan", "inf", "0x10", "1,5",
            "1234567890123456", "12345678901234567", "1.2345678901234567", "123456789012345678901234", "--1", "1-",
        ]
        for text in declined {
            #expect(short(text) == nil, "\(text)")
        }
        // 17 significant digits and exponent forms still parse, through the general path.
        for text in ["1.2345678901234567", "1E+16", "2.5e-3", " 12.5 ", "123456789012345678901234"] {
            let parsed = Array(text.utf8).withUnsafeBytes { DecimalParser.double($0) }
            #expect(parsed?.bitPattern == Double(text.trimmingCharacters(in: .whitespaces))?.bitPattern, "\(text)")
        }
    }

    func generalTime(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { Timestamp.iso8601($0, 0..<$0.count) }
    }

    @Test("ISO times on a cached day equal the general parser's, across midnights, month ends and leap days")
    func isoTimesMatch() {
        var cache = ISODayCache()
        var texts: [String] = []
        // Minute bars across 2023-02-28 → 2023-03-01, 2024-02-28 → 29 → 03-01, 2099-12-31 → 2100-01-01
        // (2100 is not a leap year) and 1999-12-31 → 2000-01-01.
        for start: Int64 in [1_677_542_400_000, 1_709_078_400_000, 4_102_358_400_000, 946_598_400_000, 4_107_456_000_000] {
            for minute in stride(from: Int64(0), to: 3 * 1440, by: 7) {
                texts.append(Timestamp.iso8601(start + minute * 60_000))
            }
        }
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let ms = Int64(random.next() % 8_000_000_000) * 1000 - 1_000_000_000_000
            let text = Timestamp.iso8601(ms)
            texts.append(text)
            texts.append(String(text.dropLast()))
            texts.append(text.replacingOccurrences(of: "T", with: " "))
            texts.append(text.lowercased())
        }
        texts += [
            "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T12:00:00Z", "2024-02-30T00:00:00Z",
            "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
            "2024-01-01T00:00:00+01", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00Z", "2024-01-01", " 2024-01-01T00:00:00",
            "2024-01-01T00:00:00 ", "2024-01-01X00:00:00Z", "2024-01-01T0a:00:00Z", "2024-01-01T00-00:00Z", "2024/01/01T00:00:00Z",
        ]
        var fastHits = 0
        for text in texts {
            let expected = generalTime(text)
            let fast = Array(text.utf8).withUnsafeBytes { cache.time($0) }
            if let fast {
                fastHits += 1
                #expect(fast == expected, "\(text)")
            }
        }
        #expect(fastHits > 50_000)
    }

    @Test("a file with quoted, spaced and uneven rows reads the same as before the fast split")
    func splitFallsBackOnQuotesAndSpaces() throws {
        let text = """
            time,open,high,low,close,volume
            2024-01-01T00:00:00Z,"42000.5",42010,41990,42001,1.5
            2024-01-01T00:01:00Z, 42001,42011,41991,42002,2.5
            2024-01-01T00:02:00Z,42002,42012,41992,42003,3.5,
            2024-01-01T00:03:00Z,42003,42013,41993,42004,4.5
            2024-01-01T00:04:00Z,42004,42014,41994,42005
            2024-01-02 00:05:00,42005,42015,41995,42006,0

            """
        let path = NSTemporaryDirectory() + "fast-split-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try CSVBarReader(path: path, symbol: .init(0), policy: .skip)
        let bars = try reader.readAll()
        #expect(bars.map(\.open) == [42000.5, 42001, 42003, 42005])
        #expect(bars.map(\.time) == [1_704_067_200_000, 1_704_067_260_000, 1_704_067_380_000, 1_704_153_900_000])
        #expect(reader.issues.map(\.line) == [4, 6])
        #expect(reader.issues.map(\.message) == ["expected 6 fields as in the header, found 7", "expected 6 fields as in the header, found 5"])
    }
}
