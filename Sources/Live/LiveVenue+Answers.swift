import Foundation
import Binance
import Engine
import SparkCore

extension LiveVenue {
    /// The clients ids an intent covers: the order's, or every leg of a list.
    private func covered(_ clientID: String) -> [String] {
        if orders[clientID] != nil { return [clientID] }
        return active.filter { id in
            guard let sequence = ClientOrderID(parsing: clientID)?.sequence, let leg = ClientOrderID(parsing: id) else { return false }
            return orders[id]?.state == .pendingNew && leg.sequence >= sequence
        }
    }

    func placed(_ clientID: String, _ outcome: GatewayOutcome) {
        switch outcome {
        case .reports(let reports):
            reports.forEach(applyReport)
        case .failure(let failure):
            let error = failure.error
            for id in covered(clientID) {
                guard var order = orders[id], order.state == .pendingNew else { continue }
                if error.notPlaced {
                    transition(id, to: .rejected, reason: "rejected: \(error.description)")
                } else {
                    order.state = .unknown
                    order.unknownSince = now
                    order.lastQuery = now
                    orders[id] = order
                    events.append(.unknown(order.engineID, command: .submit, time: now))
                    notes.append("\(id): outcome unknown (\(error.description)); querying, never resubmitting")
                    requests.append(.query(symbol: rules.symbol, clientID: id))
                }
            }
            gatewayTrouble(error)
        }
    }

    func cancelled(_ clientID: String, _ outcome: GatewayOutcome) {
        switch outcome {
        case .reports(let reports):
            reports.forEach(applyReport)
        case .failure(let failure):
            guard var order = orders[clientID], !order.state.isTerminal else { return }
            let error = failure.error
            if error.notPlaced {
                order.state = order.beforeCancel ?? .new
            } else {
                // Not found (-2011: filled or never placed) or unknown: only a query can say which.
                order.state = error.kind == .unknownOrder ? (order.beforeCancel ?? .new) : .cancelUnknown
                // The unresolved-order breaker watches a cancel of unknown outcome like an unknown order.
                if order.state == .cancelUnknown { order.unknownSince = order.unknownSince ?? now }
                order.lastQuery = now
                requests.append(.query(symbol: rules.symbol, clientID: clientID))
            }
            orders[clientID] = order
            gatewayTrouble(error)
        }
    }

    func queried(_ clientID: String, _ outcome: GatewayOutcome) {
        switch outcome {
        case .reports(let reports):
            reports.forEach(applyReport)
        case .failure(let failure):
            guard var order = orders[clientID], !order.state.isTerminal else { return }
            order.lastQuery = now
            if failure.error.kind == .unknownOrder, order.state == .unknown || order.state == .pendingNew {
                order.unknownAnswers += 1
                let deadline = order.request.timestamp + Int64(order.request.recvWindow) + config.notPlacedMarginMs
                orders[clientID] = order
                if now > deadline, order.unknownAnswers >= config.notPlacedAnswers {
                    markNotPlaced(clientID)
                }
                return
            }
            orders[clientID] = order
            gatewayTrouble(failure.error)
        }
    }

    private func markNotPlaced(_ clientID: String) {
        guard var order = orders[clientID] else { return }
        order.state = .notPlaced
        order.engineEnded = true
        orders[clientID] = order
        events.append(.rejected(order.engineID, reason: "NOT_PLACED: the exchange has no such order past its recvWindow (\(order.unknownAnswers) answers)", time: now))
        notes.append("\(clientID) NOT_PLACED after \(order.unknownAnswers) 'does not exist' answers past timestamp + recvWindow + margin")
        for exit in held.removeValue(forKey: order.engineID) ?? [] { events.append(.cancelled(exit.id, reason: "its entry was never placed", time: now)) }
    }

    /// Breakers that gateway failures trip.
    func gatewayTrouble(_ error: GatewayError) {
        switch error.kind {
        case .banned(let until):
            quietUntil = max(quietUntil, until)
            trip(1, "rate-limit ban (HTTP 418) until \(until)")
        case .rateLimited(let until):
            quietUntil = max(quietUntil, until)
            notes.append("rate limited (HTTP 429) until \(until); no requests before then")
        case .clockSkew:
            // The order was not placed (a definite rejection); new ones wait for a fresh offset.
            blocks["clock"] = "the exchange refused a timestamp (-1021); no new orders until the clock is re-synced"
            notes.append("clock skew: the exchange refused a timestamp (-1021); re-syncing the clock")
            askClockSync()
        default:
            break
        }
    }

    /// The clock's tick: re-queries, emulated expiries and the breakers that watch time.
    func tick(_ time: Int64) {
        compactActive()
        for id in active {
            guard var order = orders[id], !order.state.isTerminal else { continue }
            if order.state == .unknown || order.state == .cancelUnknown, time - order.lastQuery >= config.requeryMs, time >= quietUntil {
                order.lastQuery = time
                requests.append(.query(symbol: rules.symbol, clientID: id))
            }
            if let since = order.unknownSince, order.state == .unknown || order.state == .cancelUnknown, time - since > config.unresolvedLimitMs {
                trip(1, "unresolved order \(id): \(order.state == .unknown ? "UNKNOWN" : "CANCEL_UNKNOWN") for \((time - since) / 1000) s")
            }
            orders[id] = order
            if let expiry = order.expireAt, time >= expiry, !order.expiring, order.state != .pendingCancel {
                orders[id]?.expiring = true
                requestCancel(order.engineID, reason: "GTD expiry (emulated)")
            }
        }
        if position != 0, let last = lastBarTime, time - last > config.staleDataMs {
            trip(1, "stale data: no closed bar for \((time - last) / 1000) s with a position open")
        }
        if blocks["reconcile"] != nil || blocks["stream"] != nil, !requests.contains(.reconcile) { requests.append(.reconcile) }
        if blocks["clock"] != nil, time - clockSyncAsked >= config.requeryMs { askClockSync() }
    }

    func askClockSync() {
        clockSyncAsked = now
        if !requests.contains(.syncClock) { requests.append(.syncClock) }
    }

    /// A fresh offset from `GET /api/v3/time`: beyond what recvWindow tolerates it trips the kill
    /// switch and keeps new orders blocked until a later sync is within tolerance.
    func synced(server: Int64, local: Int64) {
        clockOffset = server - local
        guard abs(clockOffset) > config.maxClockSkewMs else {
            if blocks.removeValue(forKey: "clock") != nil { notes.append("clock re-synced: offset \(clockOffset) ms; new orders may go out") }
            return
        }
        blocks["clock"] = "the clock is \(clockOffset) ms from the exchange's, beyond the \(config.maxClockSkewMs) ms allowed; no new orders until a sync is within it"
        trip(1, "clock skew: the exchange's clock is \(clockOffset) ms from ours, beyond the \(config.maxClockSkewMs) ms allowed")
    }
}
