import Foundation
public import Telemetry

extension LiveSession {
    /// The session's state as a telemetry line for its supervisor: positions, equity, orders by
    /// state, venue health. Counts are cumulative; the caller keeps what spans lines (the starting
    /// equity, when each unknown order was first seen).
    public func telemetry(into line: inout TelemetryLine, unknownSince: inout [String: Double], now: Double) {
        let venue = machine.venue
        let engine = machine.kernel.engine
        line.time = now
        if engine.barCount > line.bars { line.lastDecisionTime = now }
        line.bars = engine.barCount
        line.equity = engine.markedEquity()
        if line.startingCash == 0 { line.startingCash = line.equity }
        if let symbol = machine.kernel.setup.symbols.id(of: line.symbol) {
            line.position = engine.position(symbol)
            let price = engine.lastPrice[Int(symbol.rawValue)]
            line.price = price.isFinite && price > 0 ? price : nil
        }
        var open: [String: Int] = [:]
        var outcomes: [String: Int] = [:]
        var unknown: Set<String> = []
        for (id, order) in venue.orders {
            let state = order.state.rawValue.lowercased()
            if order.state.isTerminal {
                outcomes[state, default: 0] += 1
            } else {
                open[state, default: 0] += 1
                if order.state == .unknown || order.state == .cancelUnknown { unknown.insert(id) }
            }
        }
        unknownSince = unknownSince.filter { unknown.contains($0.key) }
        for id in unknown where unknownSince[id] == nil { unknownSince[id] = now }
        line.openOrders = open
        line.unknownOldestAgeSeconds = unknownSince.values.min().map { now - $0 } ?? 0
        line.killLevel = venue.killLevel
        var tripped: [String: Bool] = [:]
        var trips: [String: Int] = [:]
        for breaker in machine.kernel.policy?.policy.breakers ?? [] { trips[breaker.id] = 0 }
        for transition in engine.transitions {
            tripped[transition.breaker] = transition.to != .active
            if transition.isTrip { trips[transition.breaker, default: 0] += 1 }
        }
        line.breakersTripped = tripped.filter(\.value).keys.sorted()
        line.counts.decisions = engine.decisionCount
        line.counts.ordersSubmitted = engine.ordersSubmitted
        line.counts.allowed = engine.ordersSubmitted
        line.counts.rejected = engine.rejectionsByRule
        line.counts.breakerTrips = trips
        line.counts.outcomes = outcomes
        line.counts.fills = venue.seenTrades.count
        line.counts.duplicateFills = venue.duplicateTrades
        line.counts.journalWriteErrors = machine.journal.failure == nil ? 0 : 1
        line.failure = engine.failure?.headline
        var state = line.venue ?? TelemetryLine.VenueState(venue: "binance")
        state.userStreamConnected = venue.blocks["stream"] == nil
        state.clockOffsetSeconds = Double(venue.clockOffset) / 1000
        state.reconciliations = venue.blocks["reconcile"] == nil ? max(state.reconciliations, 1) : state.reconciliations
        line.venue = state
    }
}
