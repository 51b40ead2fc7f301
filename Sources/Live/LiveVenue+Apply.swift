import Foundation
import Binance
import Engine
import SparkCore

extension LiveVenue {
    /// Applies one journaled input that concerns the venue; the engine hears of it at the next pump.
    public func apply(_ input: LiveInput) {
        switch input {
        case .placed(let clientID, let outcome):
            placed(clientID, outcome)
        case .cancelled(let clientID, let outcome):
            cancelled(clientID, outcome)
        case .queried(let clientID, let outcome):
            queried(clientID, outcome)
        case .trades(let trades, let failure):
            trades.forEach { book($0) }
            if let failure { notes.append("myTrades failed: \(failure.message); fills it would have brought come with the next reconciliation") }
        case .stream(let record):
            stream(record)
        case .timer(let time):
            tick(time)
        case .adopt(let account):
            adopt(account)
        case .reconcile(let snapshot):
            reconcile(snapshot)
        case .verified(let open, let failure):
            verified(open, failure: failure)
        case .serverTime(let server, let local):
            synced(server: server, local: local)
        case .bar, .control:
            break
        }
    }

    private func stream(_ record: StreamRecord) {
        switch record {
        case .subscribed, .balances:
            break
        case .execution(let report, _):
            applyReport(report)
        case .disconnected(let reason):
            blocks["stream"] = "the user stream dropped (\(reason)); no new orders until reconciliation completes"
            requests.append(.reconcile)
        }
    }

    /// Applies what the exchange says about an order: its trades first, then its status.
    func applyReport(_ report: OrderReport) {
        guard var order = orders[report.clientOrderID] else {
            if isOurs(report.clientOrderID) { notes.append("a report for \(report.clientOrderID), which this session never journaled") }
            return
        }
        order.exchangeID = report.orderID
        byExchange[report.orderID] = report.clientOrderID
        if let executed = DecimalText.units(report.executedQty, decimals: instrument.quantityDecimals) {
            order.executed = max(order.executed, executed)
        }
        orders[report.clientOrderID] = order
        for trade in report.fills {
            var trade = trade
            trade.clientOrderID = report.clientOrderID
            trade.orderID = report.orderID
            book(trade)
        }
        transition(report.clientOrderID, to: report.status, reason: "\(report.status.rawValue) at the exchange")
        if let order = orders[report.clientOrderID], order.executed > order.booked {
            // The report says more filled than its trades carried: fetch the trades, never guess them.
            requests.append(.trades(symbol: rules.symbol, fromID: lastTradeID.map { $0 + 1 }))
        }
    }

    /// Moves `clientID` to the exchange's `status`; terminal states reach the engine once.
    func transition(_ clientID: String, to status: Binance.OrderStatus, reason: String) {
        guard var order = orders[clientID] else { return }
        if order.state == .notPlaced {
            notes.append("late event for \(clientID), which was NOT_PLACED: now \(status.rawValue); applied")
        } else if order.state.isTerminal {
            return
        }
        if !order.acceptedSent, status != .rejected {
            order.acceptedSent = true
            events.append(.accepted(order.engineID, time: now))
        }
        // A cancel of unknown outcome stays unresolved until the order ends: an open report does not
        // say whether the cancel will still land.
        if order.state != .cancelUnknown || status.isTerminal { order.unknownSince = nil }
        switch status {
        case .new, .pendingNew:
            if order.state == .pendingNew || order.state == .unknown || order.state == .notPlaced { order.state = .new }
        case .partiallyFilled:
            if order.state != .pendingCancel, order.state != .cancelUnknown { order.state = .partiallyFilled }
        case .pendingCancel:
            order.state = .pendingCancel
        case .filled:
            order.state = .filled
        case .canceled, .expired, .expiredInMatch, .rejected:
            order.state = status == .canceled ? (order.expiring ? .expired : .canceled) : (status == .rejected ? .rejected : .expired)
            if !order.engineEnded {
                order.engineEnded = true
                let end: VenueEvent = switch order.state {
                case .canceled: .cancelled(order.engineID, reason: reason, time: now)
                case .rejected: .rejected(order.engineID, reason: reason, time: now)
                default: .expired(order.engineID, reason: order.expiring ? "GTD expiry (emulated)" : reason, time: now)
                }
                events.append(end)
            }
            for exit in held.removeValue(forKey: order.engineID) ?? [] { events.append(.cancelled(exit.id, reason: "its entry ended unfilled", time: now)) }
        }
        orders[clientID] = order
    }

    /// Books one trade once, by (symbol, trade id), whichever way it arrived.
    func book(_ trade: TradeReport) {
        guard let clientID = trade.clientOrderID.flatMap({ orders[$0] != nil ? $0 : nil }) ?? byExchange[trade.orderID],
              var order = orders[clientID] else { return }
        let key = "\(trade.symbol)#\(trade.tradeID)"
        guard seenTrades.insert(key).inserted else {
            duplicateTrades += 1
            return
        }
        lastTradeID = max(lastTradeID ?? trade.tradeID, trade.tradeID)
        guard let fill = FeeBooking.fill(trade, order: order, instrument: instrument, rules: rules) else {
            notes.append("trade \(key) does not fit the instrument's grid (price \(trade.price), qty \(trade.qty)); not booked — reconcile by hand")
            return
        }
        FeeBooking.move(&ledger, &otherFees, trade: trade, buy: order.side == .buy, rules: rules)
        position += fill.fill.quantity.units * fill.fill.side.sign
        if order.state == .notPlaced { notes.append("late fill \(key) for \(clientID), which was NOT_PLACED: booked") }
        if !order.acceptedSent {
            order.acceptedSent = true
            events.append(.accepted(order.engineID, time: now))
        }
        order.booked += fill.gross
        order.executed = max(order.executed, order.booked)
        let completes = order.booked >= order.quantity
        if completes {
            order.state = .filled
        } else if !order.state.isTerminal, order.state != .pendingCancel, order.state != .cancelUnknown {
            order.state = .partiallyFilled
        }
        events.append(completes && !order.engineEnded ? .filled(fill.fill) : .partiallyFilled(fill.fill))
        order.engineEnded = order.engineEnded || completes
        if completes || order.state != .cancelUnknown { order.unknownSince = nil }
        orders[clientID] = order
        if completes { releaseHeld(order.engineID) }
    }
}
