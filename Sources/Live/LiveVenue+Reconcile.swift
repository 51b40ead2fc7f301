import Foundation
import Binance
import Engine
import SparkCore

extension LiveVenue {
    /// The first start: the traded assets' balances become the session's starting point.
    func adopt(_ account: AccountSnapshot) {
        for asset in [rules.baseAsset, rules.quoteAsset] {
            let balance = account.balance(asset)
            baseline[asset] = (DecimalText.value(balance.free) ?? 0) + (DecimalText.value(balance.locked) ?? 0)
        }
        notes.append("adopted the account: " + baseline.keys.sorted().map { "\($0) \(DecimalText.text(baseline[$0]!))" }.joined(separator: ", "))
    }

    /// Applies a reconciliation snapshot; anything incomplete or wrong keeps new orders blocked.
    func reconcile(_ snapshot: ReconcileSnapshot) {
        if let failure = snapshot.failure {
            blocks["reconcile"] = "reconciliation incomplete (\(failure)); no new orders"
            notes.append("reconciliation incomplete: \(failure); retried on the next tick")
            return
        }
        let booked = seenTrades.count
        for id in creation where orders[id]?.state == .pendingNew {
            // Left in flight by a crash: the request may have reached the exchange; only a query can say.
            orders[id]?.state = .unknown
            orders[id]?.unknownSince = now
        }
        for report in snapshot.openOrders where orders[report.clientOrderID] != nil { applyReport(report) }
        for id in snapshot.queries.keys.sorted() { queried(id, snapshot.queries[id]!) }
        snapshot.trades.forEach { book($0) }
        var problems: [String] = []
        let foreign = snapshot.openOrders.filter { orders[$0.clientOrderID] == nil }.map(\.clientOrderID)
        if !foreign.isEmpty {
            problems.append("foreign open orders on \(rules.symbol): \(foreign.joined(separator: ", "))")
            if config.stopOnForeignOrders { trip(1, "reconciliation: foreign open orders on \(rules.symbol)") }
        }
        if let account = snapshot.account {
            let mismatches = balanceMismatches(account)
            if !mismatches.isEmpty {
                problems.append("balance mismatch: " + mismatches.joined(separator: "; "))
                if config.stopOnBalanceMismatch { trip(1, "reconciliation: balance mismatch beyond \(config.balanceTolerance)") }
            }
        }
        blocks["reconcile"] = nil
        blocks["stream"] = nil
        let adopted = snapshot.openOrders.filter { orders[$0.clientOrderID] != nil }.count
        notes.append(
            "reconciled: \(adopted) own open order(s) adopted, \(seenTrades.count - booked) missing fill(s) applied, \(snapshot.queries.count) order(s) queried"
                + (problems.isEmpty ? ", no discrepancy" : "; " + problems.joined(separator: "; "))
        )
    }

    /// Assets whose balance differs from the adopted one plus Spark's own fills by more than the tolerance.
    func balanceMismatches(_ account: AccountSnapshot) -> [String] {
        let tolerance = DecimalText.value(config.balanceTolerance) ?? 0
        var found: [String] = []
        for asset in Set(baseline.keys).union(ledger.keys).sorted() {
            let balance = account.balance(asset)
            let actual = (DecimalText.value(balance.free) ?? 0) + (DecimalText.value(balance.locked) ?? 0)
            let expected = (baseline[asset] ?? 0) + (ledger[asset] ?? 0)
            if abs(actual - expected) > tolerance {
                found.append("\(asset) is \(DecimalText.text(actual)), Spark's books say \(DecimalText.text(expected))")
            }
        }
        return found
    }

    /// Level 2: cancels every Spark-owned open order, then asks for the open orders to verify.
    func cancelAll() {
        for (entry, exits) in held {
            exits.forEach { events.append(.cancelled($0.id, reason: "kill switch level 2", time: now)) }
            held[entry] = nil
        }
        for order in openOrders { requestCancel(order.engineID, reason: "kill switch level 2") }
        verifyRounds = 0
        killVerified = nil
        requests.append(.verifyOpenOrders(symbol: rules.symbol))
    }

    /// The open orders after a level-2 cancel: none of Spark's may remain.
    func verified(_ open: [OrderReport], failure: RecordedError?) {
        if let failure {
            killVerified = false
            notes.append("kill level 2: could not list open orders (\(failure.message)); not verified")
            return
        }
        open.forEach { if orders[$0.clientOrderID] != nil { applyReport($0) } }
        let remaining = open.filter { isOurs($0.clientOrderID) }.map(\.clientOrderID)
        guard !remaining.isEmpty else {
            killVerified = true
            notes.append("kill level 2 verified: no Spark-owned open order remains on \(rules.symbol)")
            return
        }
        verifyRounds += 1
        killVerified = false
        notes.append("kill level 2: \(remaining.count) Spark-owned order(s) still open: \(remaining.joined(separator: ", "))")
        guard verifyRounds < 3 else { return }
        for id in remaining {
            if var order = orders[id], order.state == .pendingCancel { order.state = order.beforeCancel ?? .new; orders[id] = order }
            if let order = orders[id] { requestCancel(order.engineID, reason: "kill switch level 2 (again)") }
        }
        requests.append(.verifyOpenOrders(symbol: rules.symbol))
    }
}
