import Foundation
import Engine
import SparkCore
import Telemetry

/// What a paper session tells its supervisor: counts from its decisions, durations per bar, and a
/// line of telemetry after each bar.
///
/// Owned by one ``PaperSession``; nothing here reaches the journal or the decisions, so a run with
/// telemetry decides exactly what the same run without it decides.
final class PaperTelemetry {
    let writer: TelemetryWriter
    var line: TelemetryLine
    private var decisionSamples: [Double] = []
    private var openOrders: Set<OrderID> = []
    static let recentLimit = 20

    init(writer: TelemetryWriter, strategy: String, symbol: String, intervalSeconds: Double, startingCash: Double, paramsHash: String, now: Double) {
        self.writer = writer
        line = TelemetryLine(time: now, mode: "paper", strategy: strategy, symbol: symbol, intervalSeconds: intervalSeconds)
        line.startingCash = startingCash
        line.equity = startingCash
        line.paramsHash = paramsHash
        // A strategy that never decides must still look stalled to the alert, from its start.
        line.lastDecisionTime = now
    }

    /// Counts one decision and keeps its text among the recent ones.
    func observe(_ decision: Decision) {
        line.counts.decisions += 1
        switch decision.event {
        case .submitted(let order):
            line.counts.ordersSubmitted += 1
            line.counts.allowed += 1
            openOrders.insert(order.id)
            remember("submitted \(order.side.rawValue) \(Self.text(order.quantity, decision)) \(order.kind.rawValue)")
        case .rejected(let order):
            line.counts.outcomes["rejected", default: 0] += 1
            remember("order \(order.id) rejected by the venue")
        case .guardRejected(_, let rejection):
            line.counts.rejected[rejection.rule, default: 0] += 1
            remember("rejected by \(rejection.rule): \(rejection.message)")
        case .filled(let fill):
            line.counts.fills += 1
            remember("filled \(fill.side.rawValue) \(Self.text(fill.quantity, decision)) at \(decision.subject?.format(fill.price) ?? String(fill.price.units))")
        case .ended(let update):
            openOrders.remove(update.orderID)
            line.counts.outcomes[update.status == .cancelled ? "canceled" : update.status.rawValue, default: 0] += 1
        case .strategyFailed(let failure, _):
            switch failure.code {
            case .timeBudget: line.counts.limitHits["time", default: 0] += 1
            case .instructionBudget: line.counts.limitHits["instructions", default: 0] += 1
            case .memory: line.counts.limitHits["memory", default: 0] += 1
            default: line.counts.luaErrors += 1
            }
            line.failure = failure.headline
            remember("strategy halted: \(failure.headline)")
        case .breaker(let transition):
            if transition.isTrip { line.counts.breakerTrips[transition.breaker, default: 0] += 1 }
            remember("breaker \(transition.breaker) \(transition.from.rawValue) → \(transition.to.rawValue): \(transition.reason)")
        case .cancelRequested, .unknown:
            break
        }
    }

    /// Records how long the strategy and the guardrails took on one bar.
    func decided(in seconds: Double, at wallTime: Double) {
        decisionSamples.append(seconds)
        line.lastDecisionTime = wallTime
    }

    /// Writes the line for the state after a bar; a failed write is logged once per failure, not fatal.
    func report(engine: Engine, symbol: SymbolID?, bars: Int, killLevel: Int, state: String, now: Double, log: (String) -> Void) {
        line.time = now
        line.state = state
        line.bars = bars
        line.equity = engine.markedEquity()
        if let symbol {
            line.position = engine.position(symbol)
            let price = engine.lastPrice[Int(symbol.rawValue)]
            line.price = price.isFinite && price > 0 ? price : nil
        }
        line.openOrders = engine.openOrders.isEmpty ? [:] : ["new": engine.openOrders.count]
        line.killLevel = killLevel
        line.breakersTripped = Self.tripped(engine.transitions)
        line.samples = decisionSamples.isEmpty ? [:] : ["decision": decisionSamples]
        do {
            try writer.write(line)
            decisionSamples.removeAll(keepingCapacity: true)
        } catch {
            log("telemetry: \(error)")
        }
    }

    private func remember(_ text: String) {
        line.recent.append(text)
        if line.recent.count > Self.recentLimit { line.recent.removeFirst(line.recent.count - Self.recentLimit) }
    }

    /// Breakers whose last transition left them off `active`.
    static func tripped(_ transitions: [BreakerTransition]) -> [String] {
        var last: [String: TradingMode] = [:]
        for transition in transitions { last[transition.breaker] = transition.to }
        return last.filter { $0.value != .active }.keys.sorted()
    }

    private static func text(_ quantity: Quantity, _ decision: Decision) -> String {
        decision.subject?.format(quantity) ?? String(quantity.units)
    }
}
