import Testing
import SparkCore

/// Quantities round down to the step with an absolute tolerance, prices to the nearest tick, and
/// both stay inside the fixed-point range: hostile values at the edges of each rule.
@Suite("Fixed-point rounding at the edges")
struct RoundingTests {
    static let btc = Instrument(symbol: "BTCUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1)
    /// Whole units, step 1: one step is 1.0, so step boundaries are easy to aim at.
    static let shares = Instrument(symbol: "SHARES", priceDecimals: 2, tick: 5, quantityDecimals: 0, step: 1)
    /// A coarse step of 10 units of 10^-8.
    static let coarse = Instrument(symbol: "COARSE", priceDecimals: 8, tick: 1, quantityDecimals: 8, step: 10)
    static let instruments = [btc, shares, coarse]

    static func unitScale(_ instrument: Instrument) -> Double {
        var scale = 1.0
        for _ in 0..<instrument.quantityDecimals { scale *= 10 }
        return scale
    }

    @Test("a quantity at 1e9 to 1e12 steps books exactly what was asked: 10000 BTC is 10000, not 10000.00001")
    func exactAtLargeSizes() throws {
        #expect(try Self.btc.roundedQuantity(10_000) == Quantity(units: 1_000_000_000))
        #expect(try Self.btc.roundedQuantity(10_000.00001) == Quantity(units: 1_000_000_001))
        #expect(try Self.btc.roundedQuantity(10_000_000.00001) == Quantity(units: 1_000_000_000_001))
        for instrument in Self.instruments {
            let scale = Self.unitScale(instrument)
            for steps: Int64 in [1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000] {
                for offset: Int64 in [0, 1, 3, 7, 12_345, 99_999, 999_999] {
                    let units = (steps + offset) * instrument.step
                    // The Double nearest the decimal quantity: what a literal or a printed value gives.
                    let request = Double(units) / scale
                    #expect(try instrument.roundedQuantity(request) == Quantity(units: units), "\(instrument.symbol) \(request)")
                }
            }
        }
    }

    @Test("from 1e9 to 1e12 steps a quantity never books more than asked and never a step less")
    func neverMore() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for instrument in Self.instruments {
            let scale = Self.unitScale(instrument)
            let stepSize = Double(instrument.step) / scale
            for _ in 0..<20_000 {
                // A deterministic spread of arbitrary doubles between 1e9 and 1e12 steps.
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let fraction = Double(state >> 11) / Double(1 << 53)
                let request = stepSize * 1e9 * (1 + fraction * 999)
                let booked = instrument.double(try instrument.roundedQuantity(request))
                // Reading back as a Double may add half an ulp of the request; nothing else may be added.
                #expect(booked <= request || booked - request <= Instrument.stepTolerance * stepSize + request.ulp,
                        "\(instrument.symbol): \(request) booked as \(booked)")
                #expect(request - booked < stepSize + request.ulp, "\(instrument.symbol): \(request) booked as \(booked)")
            }
        }
    }

    @Test("a quantity within the tolerance below a step boundary rounds to it; just below rounds down; the same at 1 step as at 1e9")
    func absoluteTolerance() throws {
        #expect(Instrument.stepTolerance == 1e-6)
        for boundary in [2.0, 10, 1e6, 1e9] {
            // Within 1e-6 of a step below the boundary: the boundary.
            #expect(try Self.shares.roundedQuantity(boundary - 0.4e-6) == Quantity(units: Int64(boundary)), "\(boundary)")
            // Clearly more than the tolerance below: one step less.
            #expect(try Self.shares.roundedQuantity(boundary - 3e-6) == Quantity(units: Int64(boundary) - 1), "\(boundary)")
            // Above the boundary by anything less than a step: the boundary.
            #expect(try Self.shares.roundedQuantity(boundary + 0.999) == Quantity(units: Int64(boundary)), "\(boundary)")
        }
        // The old relative tolerance (1e-9 of the size) added a whole step here.
        #expect(try Self.shares.roundedQuantity(1e9 - 0.5) == Quantity(units: 999_999_999))
        #expect(try Self.shares.roundedQuantity(1e12 - 0.001) == Quantity(units: 999_999_999_999))
        // Arithmetic noise below a step boundary is absorbed; a real shortfall is not.
        #expect(try Self.btc.roundedQuantity(0.7 - 0.4) == Quantity(units: 30_000))
        #expect(try Self.btc.roundedQuantity(0.3 - 0.4e-11) == Quantity(units: 30_000))
        #expect(try Self.btc.roundedQuantity(0.3 - 3e-11) == Quantity(units: 29_999))
        #expect(try Self.coarse.roundedQuantity(0.000_000_299) == Quantity(units: 20))
        #expect(try Self.coarse.roundedQuantity(0.000_000_299_999_999) == Quantity(units: 30))
    }

    @Test("a quantity or price past the fixed-point range has its own error; the largest in range is booked")
    func range() throws {
        #expect(Instrument.maxUnits == 1 << 53)
        #expect(Self.btc.maxQuantity == Quantity(units: 1 << 53))
        #expect(Self.coarse.maxQuantity == Quantity(units: (1 << 53) / 10 * 10))
        #expect(Self.shares.maxPrice == Price(units: (1 << 53) / 5 * 5))
        #expect(try Self.shares.roundedQuantity(Double(1 << 53)) == Quantity(units: 1 << 53))
        #expect(try Self.shares.roundedQuantity(Double(1 << 53).nextDown) == Quantity(units: (1 << 53) - 1))
        for instrument in Self.instruments {
            let max = instrument.double(instrument.maxQuantity)
            #expect(try instrument.roundedQuantity(max) <= instrument.maxQuantity)
            for value in [max * 1.000_001, max * 2, 1e19, 1e30, .greatestFiniteMagnitude] {
                #expect(throws: FixedPointError.tooLarge, "\(instrument.symbol) \(value)") { try instrument.roundedQuantity(value) }
                #expect(throws: FixedPointError.tooLarge, "\(instrument.symbol) \(value)") {
                    try instrument.roundedPrice(instrument.double(instrument.maxPrice) * 1.000_001 + value)
                }
            }
            #expect(try instrument.roundedPrice(instrument.double(instrument.maxPrice) * 0.999_999) < instrument.maxPrice)
        }
    }

    @Test("each refusal says why: not finite, not positive, below one step or tick")
    func reasons() {
        for instrument in Self.instruments {
            for value in [Double.nan, .infinity, -.infinity, -Double.nan] {
                #expect(throws: FixedPointError.notFinite) { try instrument.roundedQuantity(value) }
                #expect(throws: FixedPointError.notFinite) { try instrument.roundedPrice(value) }
            }
            for value: Double in [0.0, -0.0, -1, -.leastNonzeroMagnitude] {
                #expect(throws: FixedPointError.notPositive) { try instrument.roundedQuantity(value) }
                #expect(throws: FixedPointError.notPositive) { try instrument.roundedPrice(value) }
            }
            #expect(throws: FixedPointError.belowIncrement) { try instrument.roundedQuantity(.leastNonzeroMagnitude) }
            #expect(throws: FixedPointError.belowIncrement) { try instrument.roundedPrice(.leastNonzeroMagnitude) }
        }
        #expect(throws: FixedPointError.belowIncrement) { try Self.btc.roundedQuantity(0.000_009_99) }
        #expect(throws: FixedPointError.belowIncrement) { try Self.btc.roundedPrice(0.004_9) }
        #expect(Self.btc.price(0.005) == Price(units: 1))
    }

    @Test("prices still round to the nearest tick at any size")
    func pricesNearest() throws {
        #expect(try Self.btc.roundedPrice(43_000.125_1) == Price(units: 4_300_013))
        #expect(try Self.btc.roundedPrice(43_000.124_9) == Price(units: 4_300_012))
        #expect(try Self.shares.roundedPrice(1.03) == Price(units: 105))
        #expect(try Self.shares.roundedPrice(1.02) == Price(units: 100))
        #expect(try Self.btc.roundedPrice(10_000_000_000.01) == Price(units: 1_000_000_000_001))
    }
}
