import Foundation
import Binance
public import Engine
import SparkCore

extension LiveVenue {
    /// Takes the engine's commands: each order is checked, journaled (fsynced) and queued as a
    /// request; what is refused comes back as a rejection at the next ``drainEvents()``.
    public func send(_ commands: [VenueCommand], phase: RoutingPhase, time: Int64) {
        var index = 0
        while index < commands.count {
            switch commands[index] {
            case .cancel(let id, let reason):
                requestCancel(id, reason: reason)
                index += 1
            case .submit(let order):
                var group = [order]
                index += 1
                while index < commands.count, case .submit(let other) = commands[index],
                      other.parent == order.id || group.contains(where: { $0.id == other.sibling }) {
                    group.append(other)
                    index += 1
                }
                submit(group)
            }
        }
    }

    private func submit(_ group: [Order]) {
        let entry = group[0]
        if let reason = openingBlocked, !(entry.origin == .risk && journal.failure == nil && blocks.isEmpty) {
            return group.forEach { deny($0, reason) }
        }
        // An order held until a Retry-After or ban window ends would leave with its journaled
        // timestamp, stale by then (-1021): it is denied now, never sent.
        if now < quietUntil {
            return group.forEach { deny($0, "rate limited until \(quietUntil): new orders are not sent before then") }
        }
        if group.count == 1 { return place(entry) }
        if group[1].parent == nil {
            guard rules.ocoAllowed else { return group.forEach { deny($0, "\(rules.symbol) does not allow OCO lists") } }
            return placeList(.oco, legs: group)
        }
        // Binance's OTO and OTOCO take only a LIMIT or LIMIT_MAKER working order; anything else is emulated.
        if nativeWorking(entry) {
            if group.count == 3, rules.otocoAllowed { return placeList(.otoco, legs: group) }
            if group.count == 2, rules.otoAllowed == true { return placeList(.oto, legs: group) }
        }
        // Emulated OTO: the exits wait here until the entry has filled completely.
        held[entry.id] = Array(group.dropFirst())
        place(entry)
        if orders[byEngine[entry.id] ?? ""] == nil {
            held[entry.id]?.forEach { deny($0, "its entry was refused") }
            held[entry.id] = nil
        }
    }

    /// Whether `entry` goes out as LIMIT or LIMIT_MAKER, the working orders Binance's OTO and OTOCO take.
    private func nativeWorking(_ entry: Order) -> Bool {
        guard case .success(let request) = OrderMapper.newOrder(entry, instrument: instrument, clientID: "probe", recvWindow: config.recvWindow, timestamp: now)
        else { return false }
        return request.type == .limit || request.type == .limitMaker
    }

    func deny(_ order: Order, _ reason: String) {
        events.append(.rejected(order.id, reason: "DENIED: \(reason)", time: now))
        notes.append("order \(order.id) DENIED: \(reason)")
    }

    func clientID(_ id: OrderID, kind: ClientOrderID.Kind = .order) -> String? {
        ClientOrderID(account: config.account, slot: config.slot, sequence: id.rawValue, kind: kind)?.description
    }

    /// The request for `order`, filters checked (`pending`: legs of the same list before it); nil after denying it.
    private func request(for order: Order, pending: [NewOrder] = []) -> NewOrder? {
        guard let id = clientID(order.id) else {
            deny(order, "no client id for account '\(config.account)' slot \(config.slot)")
            return nil
        }
        var order = order
        if order.reduceOnly, order.parent == nil {
            let available = order.side == .sell ? max(0, position) : max(0, -position)
            order.quantity = Quantity(units: min(order.quantity.units, available))
            guard order.quantity.units > 0 else {
                events.append(.expired(order.id, reason: "reduce-only with no position to reduce", time: now))
                return nil
            }
        }
        switch OrderMapper.newOrder(order, instrument: instrument, clientID: id, recvWindow: config.recvWindow, timestamp: now) {
        case .failure(let reason):
            deny(order, reason.message)
            return nil
        case .success(let request):
            // Spark's own orders: a foreign open order stops the session at reconciliation (by default).
            let open = openOrders.map(\.request) + pending
            if let problem = FilterCheck.problem(request, rules: rules, reference: lastClose, open: (open.count, open.filter(\.type.isAlgo).count)) {
                deny(order, problem)
                return nil
            }
            return request
        }
    }

    private func intent(_ action: IntentRecord.Action, id: String, decision: OrderID, origin: OrderOrigin) -> IntentRecord {
        let policy = policyHash()
        let verdict = origin == .risk ? "risk order" : (policy.isEmpty ? "unguarded" : "passed")
        return IntentRecord(action: action, clientID: id, decision: decision.rawValue, paramsHash: paramsHash, policyHash: policy, verdict: verdict)
    }

    func place(_ order: Order) {
        guard let request = request(for: order) else { return }
        var record = intent(.place, id: request.clientOrderID, decision: order.id, origin: order.origin)
        record.order = request
        guard journal.intent(record, time: now) else { return deny(order, openingBlocked ?? "the journal cannot be written") }
        track(order, request: request)
        requests.append(.place(request))
    }

    private func placeList(_ kind: NewOrderList.Kind, legs: [Order]) {
        var requests: [NewOrder] = []
        for leg in legs {
            guard let request = request(for: leg, pending: requests) else { return legs.filter { $0.id != leg.id }.forEach { deny($0, "another leg of its list was refused") } }
            requests.append(request)
        }
        // OCO legs go above then below; an OTO's are the working order then the pending one.
        let working = kind == .oco ? [] : [requests[0]]
        let exits = kind == .oco ? requests : Array(requests.dropFirst())
        let above = exits.sorted { (DecimalText.value($0.price ?? $0.stopPrice ?? "0") ?? 0) > (DecimalText.value($1.price ?? $1.stopPrice ?? "0") ?? 0) }
        let list = NewOrderList(kind: kind, listClientOrderID: clientID(legs[0].id, kind: .list) ?? "", orders: working + above)
        var record = intent(.placeList, id: list.listClientOrderID, decision: legs[0].id, origin: legs[0].origin)
        record.list = list
        guard journal.intent(record, time: now) else { return legs.forEach { deny($0, openingBlocked ?? "the journal cannot be written") } }
        for (leg, request) in zip(legs, requests) { track(leg, request: request) }
        self.requests.append(.placeList(list))
    }

    private func track(_ order: Order, request: NewOrder) {
        var live = LiveOrder(
            clientID: request.clientOrderID, engineID: order.id, request: request, side: order.side,
            quantity: DecimalText.units(request.quantity, decimals: instrument.quantityDecimals) ?? order.quantity.units, state: .pendingNew
        )
        if case .gtd(let time) = order.timeInForce { live.expireAt = time }
        orders[request.clientOrderID] = live
        active.append(request.clientOrderID)
        byEngine[order.id] = request.clientOrderID
    }

    /// Asks the exchange to cancel `id` (journaled first); a held exit is simply dropped.
    func requestCancel(_ id: OrderID, reason: String) {
        for (entry, exits) in held where exits.contains(where: { $0.id == id }) {
            held[entry] = exits.filter { $0.id != id }
            events.append(.cancelled(id, reason: reason, time: now))
            return
        }
        guard let clientID = byEngine[id], var order = orders[clientID], !order.state.isTerminal,
              order.state != .pendingCancel, order.state != .cancelUnknown else { return }
        var record = intent(.cancel, id: clientID, decision: id, origin: .strategy)
        record.verdict = reason
        if !journal.intent(record, time: now) { notes.append("cancel of \(clientID) sent without a durable intent: the journal cannot be written") }
        order.beforeCancel = order.state
        order.state = .pendingCancel
        orders[clientID] = order
        requests.append(.cancel(symbol: rules.symbol, clientID: clientID))
    }

    /// Sends the exits an emulated bracket held, once its entry has filled completely.
    func releaseHeld(_ entry: OrderID) {
        guard let exits = held.removeValue(forKey: entry) else { return }
        if let reason = openingBlocked {
            return exits.forEach { deny($0, "bracket exit not sent: \(reason)") }
        }
        if exits.count == 2, rules.ocoAllowed { return placeList(.oco, legs: exits) }
        exits.forEach(place)
    }
}
