import Foundation
import Binance

extension ScriptedGateway {
    /// Books an order as resting (NEW).
    func accept(_ order: NewOrder) -> OrderReport {
        let report = OrderReport(
            symbol: order.symbol, orderID: takeOrderID(), clientOrderID: order.clientOrderID, side: order.side, type: order.type, status: .new,
            price: order.price ?? "0", origQty: order.quantity, executedQty: "0", cumulativeQuoteQty: "0", updateTime: time
        )
        store(report)
        return report
    }

    /// Places a foreign order (not Spark's) on the book.
    func foreignOrder() {
        store(OrderReport(
            symbol: "BTCUSDT", orderID: takeOrderID(), clientOrderID: "web_8f2a", side: .buy, type: .limit, status: .new, price: "50.00",
            origQty: "0.1", executedQty: "0", cumulativeQuoteQty: "0", updateTime: time
        ))
    }

    /// Fills `qty` of a resting order at `price`: the trade, the balances, the order; returns the
    /// execution report the stream would carry (its one trade in `fills`). A fee in an asset the
    /// account holds too little of (BNB) is taken in the asset received instead, as Binance does:
    /// no balance goes negative.
    @discardableResult
    func match(_ clientID: String, qty: String, price: String, status: OrderStatus? = nil, commission: String = "0.01", asset: String = "USDT") -> OrderReport {
        var report = orders[clientID]!
        let quantity = Decimal(string: qty)!, value = quantity * Decimal(string: price)!
        let executed = Decimal(string: report.executedQty)! + quantity
        var asset = asset
        if asset != "BTC", asset != "USDT", balances[asset, default: 0] < Decimal(string: commission)! { asset = report.side == .buy ? "BTC" : "USDT" }
        let trade = TradeReport(
            symbol: report.symbol, tradeID: takeTradeID(), orderID: report.orderID, clientOrderID: clientID, price: price, qty: qty,
            quoteQty: "\(value)", commission: commission, commissionAsset: asset, time: time, isBuyer: report.side == .buy, isMaker: false
        )
        let buy = report.side == .buy
        balances["BTC", default: 0] += buy ? quantity : -quantity
        balances["USDT", default: 0] += buy ? -value : value
        balances[asset, default: 0] -= Decimal(string: commission)!
        recordTrade(trade)
        report.executedQty = "\(executed)"
        report.status = status ?? (executed >= Decimal(string: report.origQty)! ? .filled : .partiallyFilled)
        report.fills = [trade]
        report.updateTime = time
        store(report)
        return report
    }

    /// Spark's trades at the exchange, by trade id.
    func sparkTradeIDs() -> Set<String> {
        Set(trades.filter { $0.clientOrderID?.hasPrefix("sk1-") ?? false }.map { "\($0.symbol)#\($0.tradeID)" })
    }

    /// How many times each client id was placed.
    func placeCounts() -> [String: Int] {
        placeCalls.reduce(into: [:]) { $0[$1.clientOrderID, default: 0] += 1 }
    }

    func emit(_ event: UserStreamEvent) { continuation?.yield(event) }

    func checkIntent(_ clientID: String) {
        guard let journalPath else { return }
        let text = (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? ""
        let durable = text.split(separator: "\n").contains { $0.contains("\"type\":\"intent\"") && $0.contains("\"clientID\":\"\(clientID)\"") }
        if !durable { placedWithoutIntent.append(clientID) }
    }
}
