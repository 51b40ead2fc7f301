import Foundation
import Testing
import SparkCore

@Suite("Fixed-point instruments")
struct InstrumentTests {
    let btc = Instrument(symbol: "BTCUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1)

    @Test("prices round to the nearest tick and quantities round down to the step")
    func rounding() {
        #expect(btc.price(43000.126) == Price(units: 4_300_013))
        #expect(btc.quantity(0.123456) == Quantity(units: 12_345))
        #expect(btc.quantity(0.3) == Quantity(units: 30_000))
        let nickel = Instrument(symbol: "X", priceDecimals: 2, tick: 5, quantityDecimals: 0, step: 10)
        #expect(nickel.price(1.03) == Price(units: 105))
        #expect(nickel.quantity(29) == Quantity(units: 20))
    }

    @Test("values that cannot be represented are refused, not guessed")
    func refusals() {
        for value in [Double.nan, .infinity, -.infinity, -1, 0, 1e30] {
            #expect(btc.price(value) == nil)
            #expect(btc.quantity(value) == nil)
        }
        #expect(btc.quantity(0.000001) == nil)
    }

    @Test("notional is exact in fixed point and fees round to the unit")
    func notional() {
        let notional = btc.notional(Price(units: 4_300_012), Quantity(units: 12_345))
        // 43000.12 × 0.12345 = 5308.364814, in 10^-8 units
        #expect(notional == Money(units: 530_836_481_400))
        #expect(Instrument.fee(Money(units: 100_000_000), bps: 10) == Money(units: 100_000))
        #expect(btc.notional(Price(units: .max / 2), Quantity(units: .max / 2)) == nil)
    }

    @Test("fixed-point values print without trailing zeros")
    func formatting() {
        #expect(FixedFormat.string(4_300_010, decimals: 2) == "43000.1")
        #expect(FixedFormat.string(-5, decimals: 3) == "-0.005")
        #expect(Money(units: 2_500_000_000).description == "25")
        #expect(FixedFormat.string(0, decimals: 8) == "0")
        #expect(FixedFormat.string(-120, decimals: 2) == "-1.2")
        #expect(FixedFormat.string(.min, decimals: 18) == "-9.223372036854775808")
        #expect(FixedFormat.string(.max, decimals: 1) == "922337203685477580.7")
    }

    @Test("fixed-point printing agrees with Decimal's rendering of the same value for every scale")
    func formattingAgreesWithDecimal() {
        var state: UInt64 = 0x5DEE_CE66
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let units = Int64(bitPattern: state) >> Int64(state % 60)
            let decimals = Int(state >> 59) % 18 + 1
            let expected = (Decimal(units) / pow(Decimal(10), decimals)).description
            #expect(FixedFormat.string(units, decimals: decimals) == expected, "\(units) at \(decimals) decimals")
        }
    }
}
