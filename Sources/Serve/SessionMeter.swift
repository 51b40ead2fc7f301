import Telemetry

/// Turns one session's telemetry lines into the executor's metrics: gauges set, cumulative counts
/// turned into increments, durations recorded. A count that went down means the session's process
/// restarted: the new count is then the increment.
struct SessionMeter {
    private var last = TelemetryLine.Counts()
    private var lastVenue: TelemetryLine.VenueState?
    private var paramsHash: String?
    private var labels: [String: String]?

    mutating func apply(_ line: TelemetryLine, to metrics: ServiceMetrics) {
        let labels = ["mode": line.mode, "strategy": line.strategy, "symbol": line.symbol]
        func with(_ key: String, _ value: String) -> [String: String] { labels.merging([key: value]) { $1 } }
        if let time = line.lastDecisionTime { metrics.gauge(.lastDecision, labels).set(to: time) }
        metrics.gauge(.expectedInterval, labels).set(to: line.intervalSeconds)
        metrics.gauge(.position, labels).set(to: line.position)
        metrics.gauge(.equity, labels).set(to: line.equity)
        metrics.gauge(.pnl, labels).set(to: line.equity - line.startingCash)
        let notional = abs(line.position) * (line.price ?? 0)
        metrics.gauge(.exposure, labels).set(to: line.equity > 0 ? notional / line.equity : 0)
        metrics.gauge(.breakerTripped, labels).set(to: line.breakersTripped.isEmpty ? 0 : 1)
        metrics.gauge(.unknownOldest, labels).set(to: line.unknownOldestAgeSeconds)
        for state in Set(line.openOrders.keys).union(["new", "unknown"]) {
            metrics.gauge(.ordersOpen, with("state", state)).set(to: Double(line.openOrders[state] ?? 0))
        }
        if let hash = line.paramsHash, hash != paramsHash {
            if let old = paramsHash { metrics.gauge(.paramsInfo, with("sha256", old)).set(to: 0) }
            metrics.gauge(.paramsInfo, with("sha256", hash)).set(to: 1)
            paramsHash = hash
        }
        if self.labels == nil { zeroSeries(labels, metrics) }
        self.labels = labels
        let counts = line.counts
        let restarted = counts.decisions < last.decisions
        let before = restarted ? TelemetryLine.Counts() : last
        func add(_ family: MetricFamily, _ labels: [String: String], _ now: Int, _ then: Int) {
            let counter = metrics.counter(family, labels)
            if now > then { counter.increment(by: Int64(now - then)) }
        }
        add(.ordersSubmitted, labels, counts.ordersSubmitted, before.ordersSubmitted)
        add(.fills, labels, counts.fills, before.fills)
        add(.duplicateFills, labels, counts.duplicateFills, before.duplicateFills)
        add(.luaErrors, labels, counts.luaErrors, before.luaErrors)
        add(.journalErrors, labels, counts.journalWriteErrors, before.journalWriteErrors)
        add(.guardrailDecisions, with("outcome", "allow").merging(["rule": ""]) { $1 }, counts.allowed, before.allowed)
        for (rule, count) in counts.rejected {
            add(.guardrailDecisions, with("outcome", "reject").merging(["rule": rule]) { $1 }, count, before.rejected[rule] ?? 0)
        }
        for (kind, count) in counts.limitHits { add(.limitHits, with("kind", kind), count, before.limitHits[kind] ?? 0) }
        for (breaker, count) in counts.breakerTrips { add(.breakerTrips, with("breaker", breaker), count, before.breakerTrips[breaker] ?? 0) }
        for (outcome, count) in counts.outcomes { add(.orderOutcomes, with("outcome", outcome), count, before.outcomes[outcome] ?? 0) }
        for sample in line.samples["decision"] ?? [] { metrics.histogram(.decisionDuration, labels).record(sample) }
        for sample in line.samples["ack"] ?? [] { metrics.histogram(.ackLatency, labels).record(sample) }
        for sample in line.samples["fsync"] ?? [] { metrics.histogram(.fsyncDuration, labels).record(sample) }
        if let venue = line.venue { applyVenue(venue, restarted: restarted, to: metrics) }
        last = counts
    }

    /// The session's counters and histograms at zero, for every label value the catalog fixes, so a
    /// dashboard or an alert finds each family from the session's first report on.
    private func zeroSeries(_ labels: [String: String], _ metrics: ServiceMetrics) {
        func with(_ key: String, _ value: String) -> [String: String] { labels.merging([key: value]) { $1 } }
        for kind in ["time", "instructions", "memory"] { _ = metrics.counter(.limitHits, with("kind", kind)) }
        for outcome in ["filled", "canceled", "rejected", "expired", "not_placed"] { _ = metrics.counter(.orderOutcomes, with("outcome", outcome)) }
        for family in [MetricFamily.decisionDuration, .ackLatency, .fsyncDuration] { _ = metrics.histogram(family, labels) }
        _ = metrics.counter(.sessionRestarts, labels)
    }

    /// Drops the gauges an ended session leaves behind, so the stalled-strategy and unresolved-order
    /// alerts never fire for a session that is no longer running.
    mutating func remove(from metrics: ServiceMetrics) {
        guard let labels else { return }
        for family in [MetricFamily.lastDecision, .expectedInterval, .unknownOldest, .breakerTripped] {
            metrics.registry.unregisterGauge(metrics.gauge(family, labels))
        }
        self.labels = nil
    }

    private mutating func applyVenue(_ venue: TelemetryLine.VenueState, restarted: Bool, to metrics: ServiceMetrics) {
        let labels = ["venue": venue.venue]
        let before = restarted ? nil : lastVenue
        metrics.gauge(.userStream, labels).set(to: venue.userStreamConnected ? 1 : 0)
        metrics.gauge(.clockOffset, labels).set(to: venue.clockOffsetSeconds)
        metrics.gauge(.banUntil, labels).set(to: venue.banUntil ?? 0)
        for (kind, used) in venue.rateLimitUsed { metrics.gauge(.rateUsed, ["venue": venue.venue, "kind": kind]).set(to: used) }
        for (kind, limit) in venue.rateLimitMax { metrics.gauge(.rateMax, ["venue": venue.venue, "kind": kind]).set(to: limit) }
        func add(_ family: MetricFamily, _ labels: [String: String], _ now: Int, _ then: Int?) {
            let counter = metrics.counter(family, labels)
            if now > (then ?? 0) { counter.increment(by: Int64(now - (then ?? 0))) }
        }
        add(.reconciliations, labels, venue.reconciliations, before?.reconciliations)
        add(.discrepancies, labels, venue.discrepancies, before?.discrepancies)
        for (code, count) in venue.httpCodes { add(.venueHTTP, ["venue": venue.venue, "code": code], count, before?.httpCodes[code]) }
        for (code, count) in venue.errorCodes { add(.venueErrors, ["venue": venue.venue, "code": code], count, before?.errorCodes[code]) }
        lastVenue = venue
    }
}
