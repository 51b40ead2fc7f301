public import SparkCore

/// The engine's instrument as the journal keeps it.
public struct LiveInstrument: Sendable, Equatable, Codable {
    public var symbol: String
    public var quote: String
    public var priceDecimals: Int
    public var tick: Int64
    public var quantityDecimals: Int
    public var step: Int64
    public var minQuantity: Int64
    public var minNotionalUnits: Int64

    /// The journal's form of `instrument`.
    public init(_ instrument: Instrument) {
        symbol = instrument.symbol
        quote = instrument.quote
        priceDecimals = instrument.priceDecimals
        tick = instrument.tick
        quantityDecimals = instrument.quantityDecimals
        step = instrument.step
        minQuantity = instrument.minQuantity
        minNotionalUnits = instrument.minNotional.units
    }

    /// The instrument back (spot: long-only, 24/7).
    public var instrument: Instrument {
        Instrument(
            symbol: symbol, quote: quote, priceDecimals: priceDecimals, tick: tick, quantityDecimals: quantityDecimals, step: step,
            minQuantity: minQuantity, minNotional: Money(units: minNotionalUnits)
        )
    }
}
