import Foundation
@testable import Live
import Testing

@Suite struct DecimalTextTests {
    static let corpus = [
        "0", "-0", "0.0", "1", "-1", "5.", ".5", "-.5", "0.00100000", "1.50", "000123.4500", "42000.01000000", "-0.00000001",
        "123456789012345678", "1234567890123456789", "0.123456789012345678", "99999999999999999.9", "0.000000000000000000001",
        "1e-5", "1E3", "+1", "", ".", "-", "--1", "1.2.3", "1,5", " 1", "1 ", "abc", "NaN", "١٢", "12345678901234567890123456789",
    ]

    @Test(arguments: corpus)
    func exchangeTextReadsAsFoundationReadsIt(_ text: String) {
        let fast = DecimalText.value(text)
        let foundation = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        #expect(fast == foundation, "\(text): \(String(describing: fast)) against \(String(describing: foundation))")
        #expect(fast?.description == foundation?.description, "\(text)")
        #expect(fast?.isNaN == foundation?.isNaN, "\(text)")
    }
}
