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
    /// Units per whole quantity (10^quantityDecimals): ``double(_:)-(Quantity)`` divides by it.
    public var quantityScale: Double { Double(FixedFormat.power(quantityDecimals)) }

    /// The largest count of units a quantity or a price may hold: 2^53, up to which a Double (a Lua
    /// number) holds every whole count exactly, so what is booked reads back unchanged.
    public static let maxUnits: Int64 = 1 << 53

    /// How far below a step boundary a quantity may fall and still count as that boundary, as a
    /// fraction of one step. Absolute (the same at 10 steps as at 10^12), so it absorbs the noise of
    /// arithmetic such as 0.7 - 0.4 without ever adding a step to a large order.
    public static let stepTolerance = 1e-6

    /// The largest quantity this instrument can book: the whole steps within ``maxUnits``.
    public var maxQuantity: Quantity { Quantity(units: Self.maxUnits / step * step) }

    /// The largest price this instrument can book: the whole ticks within ``maxUnits``.
    public var maxPrice: Price { Price(units: Self.maxUnits / tick * tick) }

    /// Rounds a price to the nearest tick; nil when ``roundedPrice(_:)`` refuses it.
    public func price(_ value: Double) -> Price? { try? roundedPrice(value) }

    /// Rounds a quantity down to the step; nil when ``roundedQuantity(_:)`` refuses it.
    public func quantity(_ value: Double) -> Quantity? { try? roundedQuantity(value) }

    /// Rounds a price to the nearest tick.
    ///
    /// - Throws: ``FixedPointError`` for NaN or infinities, zero or negatives, a price that rounds to
    ///   zero ticks, or one above ``maxPrice``.
    public func roundedPrice(_ value: Double) throws(FixedPointError) -> Price {
        guard value.isFinite else { throw .notFinite }
        guard value > 0 else { throw .notPositive }
        let ticks = value * priceScale / Double(tick)
        // Checked before converting, so the conversion cannot trap.
        guard ticks <= Double(Self.maxUnits) else { throw .tooLarge }
        let whole = Int64(ticks.rounded())
        guard whole > 0 else { throw .belowIncrement }
        guard whole * tick <= Self.maxUnits else { throw .tooLarge }
        return Price(units: whole * tick)
    }

    /// Which way a price goes onto the tick grid.
    public enum PriceRounding: Sendable {
        case nearest, down, up
    }

    /// Rounds a price onto the tick grid in the direction `rule` gives; a value within a millionth of
    /// a tick of a grid price counts as on it (so `100.1` is 100.10, not 100.09 rounded down).
    ///
    /// - Throws: as ``roundedPrice(_:)``.
    public func roundedPrice(_ value: Double, _ rule: PriceRounding) throws(FixedPointError) -> Price {
        guard rule != .nearest else { return try roundedPrice(value) }
        guard value.isFinite else { throw .notFinite }
        guard value > 0 else { throw .notPositive }
        let ticks = value * priceScale / Double(tick)
        guard ticks <= Double(Self.maxUnits) else { throw .tooLarge }
        let nearest = ticks.rounded()
        let onGrid = abs(ticks - nearest) <= 1e-6
        let whole = Int64(onGrid ? nearest : rule == .down ? ticks.rounded(.down) : ticks.rounded(.up))
        guard whole > 0 else { throw .belowIncrement }
        guard whole * tick <= Self.maxUnits else { throw .tooLarge }
        return Price(units: whole * tick)
    }

    /// Rounds a quantity down to the step, so an order never books more than was asked.
    ///
    /// A value counts as the step boundary just above it when it is within ``stepTolerance`` of a step
    /// below it, or when it is the Double nearest to that boundary (the number a decimal literal such
    /// as `10000000.00001` gives): either way the booked quantity, read back as a Double, never exceeds
    /// the request by more than the tolerance. The distance to the boundary is computed exactly (a
    /// fused multiply-add recovers the rounding error of `value × 10^decimals`), so the rule holds
    /// across the whole range.
    ///
    /// - Throws: ``FixedPointError`` for NaN or infinities, zero or negatives, less than one step, or
    ///   more than ``maxQuantity``.
    public func roundedQuantity(_ value: Double) throws(FixedPointError) -> Quantity {
        guard value.isFinite else { throw .notFinite }
        guard value > 0 else { throw .notPositive }
        let scale = quantityScale
        let units = value * scale
        // Checked before converting, so the conversions and products below cannot overflow.
        guard units < 2 * Double(Self.maxUnits) else { throw .tooLarge }
        // value × scale == units + error exactly (scale is a power of ten, exact as a Double).
        let error = (-units).addingProduct(value, scale)
        let stepSize = Double(step)
        var steps = Int64((units / stepSize).rounded(.down))
        // value × scale − steps × step: `units` and the booked units are within two steps of each
        // other, so their difference is exact; adding `error` rounds once.
        var remainder = (units - Double(steps * step)) + error
        if remainder < 0 {
            steps -= 1
            remainder += stepSize
        } else if remainder >= stepSize {
            steps += 1
            remainder -= stepSize
        }
        let next = (steps + 1) * step
        // `next` is exact as a Double within the range, so the division gives the Double nearest to it.
        if stepSize - remainder <= Self.stepTolerance * stepSize || (next <= Self.maxUnits && Double(next) / scale == value) {
            steps += 1
        }
        guard steps > 0 else { throw .belowIncrement }
        guard steps * step <= Self.maxUnits else { throw .tooLarge }
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

/// Why a number cannot be booked as a quantity or a price of an ``Instrument``.
public enum FixedPointError: Error, Sendable, Equatable {
    /// NaN or an infinity.
    case notFinite
    /// Zero or negative.
    case notPositive
    /// Positive, but less than one step (a quantity) or half a tick (a price): it rounds to zero.
    case belowIncrement
    /// More than ``Instrument/maxUnits`` units: outside the fixed-point range.
    case tooLarge
}
