/// What the engine needs to know about a tradable symbol: its grid, its limits and how it trades.
///
/// Prices are kept in units of 10^-`priceDecimals`, quantities in units of 10^-`quantityDecimals`.
/// `tick` and `step` are the smallest increments in those units.
public struct Instrument: Sendable, Equatable {
    public var symbol: String
    public var quote: String
    public var priceDecimals: Int
    public var tick: Int64
    public var quantityDecimals: Int
    public var step: Int64
    public var minQuantity: Int64
    public var minNotional: Money
    /// Whether a sell may take the position below zero. Spot instruments are long-only.
    public var allowShort: Bool
    /// Whether the market keeps a session calendar (√252 annualisation) rather than trading 24/7 (√365).
    public var sessionCalendar: Bool

    public init(
        symbol: String, quote: String = "USDT", priceDecimals: Int = 2, tick: Int64 = 1,
        quantityDecimals: Int = 5, step: Int64 = 1, minQuantity: Int64 = 1, minNotional: Money = .zero,
        allowShort: Bool = false, sessionCalendar: Bool = false
    ) {
        self.symbol = symbol
        self.quote = quote
        self.priceDecimals = priceDecimals
        self.tick = tick
        self.quantityDecimals = quantityDecimals
        self.step = step
        self.minQuantity = minQuantity
        self.minNotional = minNotional
        self.allowShort = allowShort
        self.sessionCalendar = sessionCalendar
    }

    /// The instrument used for a symbol the instruments file does not list: tick 0.01, step 0.00001, spot, 24/7.
    public static func fallback(symbol: String) -> Instrument {
        Instrument(symbol: symbol)
    }

    var priceScale: Double { Double(FixedFormat.power(priceDecimals)) }
    var quantityScale: Double { Double(FixedFormat.power(quantityDecimals)) }

    /// Rounds a price to the nearest tick; nil for NaN, infinities, zero, negatives or values beyond range.
    public func price(_ value: Double) -> Price? {
        guard value.isFinite, value > 0 else { return nil }
        let scaled = value * priceScale / Double(tick)
        guard scaled < 4.0e15 else { return nil }
        let ticks = Int64(scaled.rounded())
        guard ticks > 0 else { return nil }
        return Price(units: ticks * tick)
    }

    /// Rounds a quantity down to the step, so an order never exceeds what was asked; nil when not finite,
    /// not positive, too large, or zero after rounding.
    public func quantity(_ value: Double) -> Quantity? {
        guard value.isFinite, value > 0 else { return nil }
        let scaled = value * quantityScale / Double(step)
        guard scaled < 4.0e15 else { return nil }
        // A tolerance keeps 0.29999999999999998 (the double nearest 0.3) from rounding down a whole step.
        let steps = Int64((scaled + 1e-9 * max(1, scaled)).rounded(.down))
        guard steps > 0 else { return nil }
        return Quantity(units: steps * step)
    }

    public func double(_ price: Price) -> Double { Double(price.units) / priceScale }
    public func double(_ quantity: Quantity) -> Double { Double(quantity.units) / quantityScale }

    /// price × quantity in quote currency, exact before a final rounding to 10^-8; nil on overflow.
    public func notional(_ price: Price, _ quantity: Quantity) -> Money? {
        let product = Int128(price.units) * Int128(quantity.units)
        let decimals = priceDecimals + quantityDecimals
        let units: Int128
        if decimals >= Money.decimals {
            units = FixedFormat.divideRounded(product, by: Int128(FixedFormat.power(decimals - Money.decimals)))
        } else {
            let (scaled, overflow) = product.multipliedReportingOverflow(by: Int128(FixedFormat.power(Money.decimals - decimals)))
            guard !overflow else { return nil }
            units = scaled
        }
        guard let exact = Int64(exactly: units) else { return nil }
        return Money(units: exact)
    }

    /// `bps` basis points of `amount`, rounded to the nearest unit.
    public static func fee(_ amount: Money, bps: Double) -> Money {
        Money(units: Int64((Double(amount.units) * bps / 10_000).rounded()))
    }

    public func format(_ price: Price) -> String { FixedFormat.string(price.units, decimals: priceDecimals) }
    public func format(_ quantity: Quantity) -> String { FixedFormat.string(quantity.units, decimals: quantityDecimals) }
}
