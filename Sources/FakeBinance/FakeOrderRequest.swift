import Foundation

/// A new-order request after parameter parsing.
struct FakeOrderRequest: Sendable {
    var symbol: String
    var side: String
    var type: String
    var timeInForce: String
    var quantity: Decimal
    var price: Decimal
    var stopPrice: Decimal
    var trailingDelta: Int?
    var clientOrderId: String

    static let limitTypes: Set<String> = ["LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"]
    static let stopTypes: Set<String> = ["STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"]
    static let allTypes: Set<String> = limitTypes.union(stopTypes).union(["MARKET"])

    /// Parses Binance parameters; `prefix` reads OCO legs ("above" / "below").
    static func parse(_ params: [String: String], prefix: String = "", clientId: String) throws(FakeAPIError) -> FakeOrderRequest {
        func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + name.prefix(1).uppercased() + name.dropFirst() }
        guard let symbol = params["symbol"], !symbol.isEmpty else { throw .mandatory("symbol") }
        guard let side = params["side"], side == "BUY" || side == "SELL" else { throw .mandatory("side") }
        guard let type = params[key("type")], allTypes.contains(type) else { throw .mandatory(key("type")) }
        guard let quantity = FakeDecimal.parse(params["quantity"]), quantity > 0 else { throw .mandatory("quantity") }
        var request = FakeOrderRequest(
            symbol: symbol, side: side, type: type, timeInForce: params[key("timeInForce")] ?? "", quantity: quantity,
            price: 0, stopPrice: 0, trailingDelta: nil, clientOrderId: clientId
        )
        if limitTypes.contains(type) && type != "LIMIT_MAKER" {
            guard ["GTC", "IOC", "FOK"].contains(request.timeInForce) else { throw .mandatory(key("timeInForce")) }
        } else {
            request.timeInForce = "GTC"
        }
        if limitTypes.contains(type) {
            guard let price = FakeDecimal.parse(params[key("price")]), price > 0 else { throw .mandatory(key("price")) }
            request.price = price
        }
        if stopTypes.contains(type) {
            request.stopPrice = FakeDecimal.parse(params[key("stopPrice")]) ?? 0
            request.trailingDelta = params[key("trailingDelta")].flatMap { Int($0) }
            guard request.stopPrice > 0 || request.trailingDelta != nil else { throw .mandatory(key("stopPrice")) }
        }
        return request
    }
}
