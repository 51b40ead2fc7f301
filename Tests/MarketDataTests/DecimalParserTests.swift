import Foundation
@testable import MarketData
import Testing

@Suite("Decimal parsing from bytes")
struct DecimalParserTests {
    func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DecimalParser.double($0) }
    }

    @Test("parsed values equal the standard library's, bit for bit, on fast and slow paths")
    func matchesStandardLibrary() {
        var texts = [
            "0", "-0", "1", "+1", "42000.13", "0.1", "0.3", "1e-05", "1E+16", "123456789012345678901234", "9007199254740993",
            "0.000000000000000000000000001", "1.7976931348623157e308", "4.9e-324", "  12.5 ", "3.", ".5", "00012.50",
        ]
        var random = SplitMix64(seed: 1)
        for _ in 0..<20_000 {
            let integer = random.next() % 10_000_000
            let fraction = random.next() % 100_000_000
            let decimals = Int(random.next() % 9)
            texts.append("\(integer).\(String(String(fraction).prefix(decimals)))")
            texts.append(String(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)))
        }
        for text in texts {
            let expected = Double(text.trimmingCharacters(in: .whitespaces))
            let actual = parse(text)
            #expect(actual?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }

    @Test("non-numbers are nil: empty, words, NaN, infinity, hex, stray characters")
    func rejects() {
        for text in ["", " ", "abc", "nan", "NaN", "inf", "-infinity", "0x10", "1.2.3", "1e", "1e+", "--1", "1,5", "12a", "."] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}
