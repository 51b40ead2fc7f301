public import Binance
public import SparkCore

/// Maps engine orders onto Binance spot requests, or says why Binance cannot take them.
///
/// Native: market, limit (LIMIT_MAKER when post-only), stop, stop-limit, take-profit(-limit),
/// IOC/FOK, trailing stops in basis points (`trailingDelta`), OCO pairs and three-leg brackets
/// (OTOCO). Emulated by Spark (see ``emulated``): everything else it accepts.
public enum OrderMapper {
    /// What Spark emulates because Binance spot has no such order; an emulated order does not
    /// protect a position while Spark is down.
    public static let emulated: [String] = [
        "time in force GTD: sent as GTC, cancelled by Spark at the expiry time and reported expired",
        "reduce-only (outside brackets): Spark cuts the quantity to its own position when it sends the order; the exchange does not know it is reduce-only",
        "two-leg bracket (an entry and one exit, OTO): the exit is sent by Spark once the entry has filled completely",
    ]

    /// The request for `order`, or why it cannot be sent.
    public static func newOrder(_ order: Order, instrument: Instrument, clientID: String, recvWindow: Int, timestamp: Int64) -> Result<NewOrder, DenyReason> {
        var request = NewOrder(
            symbol: instrument.symbol, side: order.side == .buy ? .buy : .sell, type: .market, quantity: instrument.format(order.quantity),
            clientOrderID: clientID, recvWindow: recvWindow, timestamp: timestamp
        )
        let tif: Binance.TimeInForce = switch order.timeInForce {
        case .ioc: .ioc
        case .fok: .fok
        case .gtc, .gtd: .gtc
        }
        request.price = order.price.map(instrument.format)
        request.stopPrice = order.trigger.map(instrument.format)
        switch order.kind {
        case .market:
            request.price = nil
        case .limit:
            request.type = order.postOnly ? .limitMaker : .limit
            request.timeInForce = order.postOnly ? nil : tif
        case .stop:
            request.type = .stopLoss
        case .stopLimit:
            (request.type, request.timeInForce) = (.stopLossLimit, tif)
        case .takeProfit:
            request.type = .takeProfit
        case .takeProfitLimit:
            (request.type, request.timeInForce) = (.takeProfitLimit, tif)
        case .trailingStop:
            guard case .bps(let bps)? = order.trail, (1...2_000).contains(bps) else {
                return .failure(DenyReason("Binance trails stops in basis points (trailingDelta 1–2000); give the trail in bps"))
            }
            (request.type, request.trailingDelta) = (.stopLoss, Int(bps))
        }
        if !order.kind.hasLimit { request.price = nil }
        return .success(request)
    }
}

/// Why an order was refused before it was sent (DENIED).
public struct DenyReason: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
