import Foundation
import Binance
import Engine
import SparkCore

extension LiveVenue {
    /// Assets other than base and quote that Binance can take a fee in (its fee discount asset).
    static let feeAssets = ["BNB"]

    /// The first start: the balances of every asset the session can book become its starting point:
    /// base and quote, and each fee asset the account holds (a fee asset it does not hold is adopted
    /// at the first reconciliation after Spark paid a fee in it: see ``adoptFeeAssets(_:)``).
    func adopt(_ account: AccountSnapshot) {
        for asset in [rules.baseAsset, rules.quoteAsset] + Self.feeAssets {
            let total = Self.total(account.balance(asset))
            guard asset == rules.baseAsset || asset == rules.quoteAsset || total > 0 else { continue }
            baseline[asset] = total
        }
        notes.append("adopted the account: " + baseline.keys.sorted().map { "\($0) \(DecimalText.text(baseline[$0]!))" }.joined(separator: ", "))
    }

    /// Free plus locked.
    static func total(_ balance: AssetBalance) -> Decimal {
        (DecimalText.value(balance.free) ?? 0) + (DecimalText.value(balance.locked) ?? 0)
    }

    /// Adopts the fee assets Spark paid fees in but did not hold at the first start. Binance takes a
    /// fee in BNB only when the account holds enough, so that BNB came from outside the session (a
    /// deposit, a transfer) at a time Spark cannot know: its starting point is what the account holds
    /// now plus the fees Spark booked in it, and it reconciles like any other asset from then on.
    func adoptFeeAssets(_ account: AccountSnapshot) {
        for asset in ledger.keys.sorted() where baseline[asset] == nil {
            let actual = Self.total(account.balance(asset))
            baseline[asset] = actual - ledger[asset]!
            notes.append(
                "adopted \(asset) at its first fee: the account holds \(DecimalText.text(actual)), Spark's fees in it came to \(DecimalText.text(-ledger[asset]!)); reconciled from here on"
            )
        }
    }

    /// Applies a reconciliation snapshot; anything incomplete or wrong keeps new orders blocked.
    func reconcile(_ snapshot: ReconcileSnapshot) {
        if let failure = snapshot.failure {
            blocks["reconcile"] = "reconciliation incomplete (\(failure)); no new orders"
            notes.append("reconciliation incomplete: \(failure); retried on the next tick")
            return
        }
        let booked = seenTrades.count
        for id in active where orders[id]?.state == .pendingNew {
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
            adoptFeeAssets(account)
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

    /// What each adopted asset's balance should be: the adopted balance plus what Spark's own fills moved.
    var expectedBalances: [String: Decimal] {
        baseline.reduce(into: [:]) { $0[$1.key] = $1.value + (ledger[$1.key] ?? 0) }
    }

    /// Assets whose balance differs from the adopted one plus Spark's own fills by more than the tolerance.
    func balanceMismatches(_ account: AccountSnapshot) -> [String] {
        let tolerance = DecimalText.value(config.balanceTolerance) ?? 0
        var found: [String] = []
        for asset in expectedBalances.keys.sorted() {
            let actual = Self.total(account.balance(asset))
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
