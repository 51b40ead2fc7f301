import Foundation

extension FakeExchange {
    /// Queues an executionReport for the order's account (sent by `flushUserEvents`).
    func emitReport(_ index: Int, execType: String, trade: FakeTrade?, cancelClientId: String = "") {
        let order = orders[index]
        let body = FakeJSON.executionReport(order, execType: execType, trade: trade, cancelClientId: cancelClientId, eventTime: nowMs())
        pendingUserEvents[order.apiKey, default: []].append(FakeJSON.string(["subscriptionId": 0, "event": body]))
    }

    /// Queues an outboundAccountPosition with the given assets' balances.
    func emitAccountPosition(_ apiKey: String, assets: [String]) {
        let now = nowMs()
        let unique = Array(Set(assets)).sorted()
        let list = unique.map { asset -> [String: Any] in
            let balance = balances[apiKey]?[asset]
            return ["a": asset, "f": FakeJSON.dec(balance?.free ?? 0), "l": FakeJSON.dec(balance?.locked ?? 0)]
        }
        let body: [String: Any] = ["e": "outboundAccountPosition", "E": now, "u": now, "B": list]
        pendingUserEvents[apiKey, default: []].append(FakeJSON.string(["subscriptionId": 0, "event": body]))
    }

    /// Sends the queued user events to subscribed connections (reversed under `reorder_events`).
    func flushUserEvents() {
        let pending = pendingUserEvents
        pendingUserEvents = [:]
        for (apiKey, events) in pending {
            let reports = events.filter { $0.contains("\"executionReport\"") }
            let ordered = reports.count >= 2 && takeFault(.reorderEvents) != nil ? Array(events.reversed()) : events
            for id in connections.keys where connections[id]?.subscribedKey == apiKey {
                for event in ordered { send(id, .text(event)) }
            }
        }
    }

    /// Closes the account's user-stream connections (events after this are lost).
    func dropUserStreams(apiKey: String) {
        for (id, connection) in connections where connection.subscribedKey == apiKey { closeConnection(id) }
    }

    /// Closes every WebSocket API connection that carries a user stream.
    func dropAllUserStreams() {
        for (id, connection) in connections where connection.subscribedKey != nil { closeConnection(id) }
    }

    /// Sends a frame unless the connection has gone silent.
    func send(_ id: Int, _ frame: FakeOutbound) {
        guard let connection = connections[id], !connection.silent else { return }
        connection.continuation.yield(frame)
    }

    /// Sends a market-stream payload to every connection subscribed to `stream` (compared case-insensitively).
    func publish(stream: String, data: [String: Any]) {
        let wanted = stream.lowercased()
        for (id, connection) in connections {
            guard case .market(let names) = connection.kind, names.contains(wanted) else { continue }
            send(id, .text(FakeJSON.string(["stream": connection.streamName(wanted), "data": data])))
        }
    }

    /// A public trade frame.
    func publishTrade(symbol: String, id: Int64, price: Decimal, qty: Decimal, buyerIsMaker: Bool, time: Int64) {
        let data: [String: Any] = [
            "e": "trade", "E": time, "s": symbol, "t": id, "p": FakeJSON.dec(price), "q": FakeJSON.dec(qty), "T": time,
            "m": buyerIsMaker, "M": true,
        ]
        publish(stream: "\(symbol.lowercased())@trade", data: data)
    }

    /// A bookTicker frame one tick either side of the last price.
    func publishBookTicker(symbol: String) {
        guard let price = prices[symbol], let rules = symbols[symbol] else { return }
        bookUpdateId += 1
        let data: [String: Any] = [
            "u": bookUpdateId, "s": symbol, "b": FakeJSON.dec(price - rules.tickSize), "B": "1.00000000",
            "a": FakeJSON.dec(price + rules.tickSize), "A": "1.00000000",
        ]
        publish(stream: "\(symbol.lowercased())@bookticker", data: data)
    }
}
