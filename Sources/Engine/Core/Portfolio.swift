public import SparkCore

/// Cash, positions and realised results of one account, in fixed point.
///
/// Positions are kept as FIFO lots so that a closed trade is "entry lot to exit", with the entry fee
/// carried by the lot and the exit fee split across the lots an exit closes.
public struct Portfolio: Sendable {
    /// One open lot: what was bought (or sold short) at one fill.
    public struct Lot: Sendable, Equatable {
        /// Signed: positive long, negative short.
        public var quantity: Int64
        public var price: Price
        public var time: Int64
        /// The part of the entry fee not yet charged to a closed trade.
        public var fee: Money
    }

    /// A lot (or part of one) closed by an opposite fill.
    public struct ClosedLot: Sendable, Equatable {
        public var symbol: SymbolID
        /// Signed quantity of the lot that was closed: positive for a long trade.
        public var quantity: Int64
        public var entryPrice: Price
        public var entryTime: Int64
        public var exitPrice: Price
        public var exitTime: Int64
        /// Entry and exit fees charged to this trade.
        public var fees: Money
        /// Gross PnL minus fees.
        public var pnl: Money

        public init(symbol: SymbolID, quantity: Int64, entryPrice: Price, entryTime: Int64, exitPrice: Price, exitTime: Int64, fees: Money, pnl: Money) {
            self.symbol = symbol
            self.quantity = quantity
            self.entryPrice = entryPrice
            self.entryTime = entryTime
            self.exitPrice = exitPrice
            self.exitTime = exitTime
            self.fees = fees
            self.pnl = pnl
        }
    }

    public private(set) var cash: Money
    public private(set) var fees: Money = .zero
    public private(set) var realized: Money = .zero
    /// Lots per symbol, indexed by `SymbolID.rawValue`.
    public private(set) var lots: [[Lot]]
    /// Net position per symbol in quantity units, indexed by `SymbolID.rawValue`.
    public private(set) var positions: [Int64]

    public init(cash: Money, symbolCount: Int) {
        self.cash = cash
        self.lots = Array(repeating: [], count: symbolCount)
        self.positions = Array(repeating: 0, count: symbolCount)
    }

    public func position(_ symbol: SymbolID) -> Quantity { Quantity(units: positions[Int(symbol.rawValue)]) }

    /// Books a fill: moves cash, adds or closes lots, and returns the lots it closed.
    public mutating func apply(_ fill: Fill, instrument: Instrument, notional: Money) -> [ClosedLot] {
        let index = Int(fill.symbol.rawValue)
        if fill.side == .buy { cash -= notional } else { cash += notional }
        cash -= fill.fee
        fees += fill.fee

        var remaining = fill.quantity.units * fill.side.sign
        var exitFeeLeft = fill.fee
        var closed: [ClosedLot] = []
        while remaining != 0, let first = lots[index].first, (first.quantity > 0) != (remaining > 0) {
            let closeQuantity = min(abs(first.quantity), abs(remaining))
            let entryFee = Self.share(first.fee, closeQuantity, of: abs(first.quantity))
            let exitFee = closeQuantity == abs(remaining)
                ? exitFeeLeft : Self.share(exitFeeLeft, closeQuantity, of: abs(remaining))
            exitFeeLeft -= exitFee
            let direction: Int64 = first.quantity > 0 ? 1 : -1
            let move = Price(units: (fill.price.units - first.price.units) * direction)
            let gross = instrument.notional(move, Quantity(units: closeQuantity)) ?? .zero
            let pnl = gross - entryFee - exitFee
            realized += gross
            closed.append(ClosedLot(
                symbol: fill.symbol, quantity: closeQuantity * direction, entryPrice: first.price,
                entryTime: first.time, exitPrice: fill.price, exitTime: fill.time, fees: entryFee + exitFee, pnl: pnl
            ))
            if closeQuantity == abs(first.quantity) {
                lots[index].removeFirst()
            } else {
                lots[index][0].quantity -= closeQuantity * direction
                lots[index][0].fee -= entryFee
            }
            // The exit runs against the lot's direction, so closing moves it back toward zero.
            remaining += closeQuantity * direction
        }
        if remaining != 0 {
            lots[index].append(Lot(quantity: remaining, price: fill.price, time: fill.time, fee: exitFeeLeft))
        }
        positions[index] += fill.quantity.units * fill.side.sign
        return closed
    }

    /// `amount` × part / whole, rounded; exact in 128 bits.
    static func share(_ amount: Money, _ part: Int64, of whole: Int64) -> Money {
        guard whole != 0 else { return .zero }
        let value = FixedFormat.divideRounded(Int128(amount.units) * Int128(part), by: Int128(whole))
        return Money(units: Int64(value))
    }
}
