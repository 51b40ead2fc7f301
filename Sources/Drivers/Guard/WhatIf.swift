import Foundation

/// `spark policy whatif`: the same run under the policy in force and a proposed one, and what changes.
public enum WhatIf {
    public struct Change: Sendable {
        public var order: OrderVerdict
        /// The verdict under the other policy (nil: allowed).
        public var before: String?
        public var after: String?
    }

    public struct Outcome: Sendable {
        public var base: BacktestReport
        public var proposed: BacktestReport
        /// Orders both runs asked for whose verdict changed.
        public var newlyRejected: [Change]
        public var newlyAllowed: [Change]
        /// Orders only one run asked for (the strategy reacted to an earlier verdict differently).
        public var onlyInBase: Int
        public var onlyInProposed: Int
    }

    /// Runs `request` under `basePolicy` and `proposedPolicy` and compares their order verdicts.
    public static func run(_ request: BacktestRequest, basePolicy: String, proposedPolicy: String, warn: @escaping (String) -> Void) throws -> Outcome {
        var base = request
        base.policyPath = basePolicy
        base.outDirectory = nil
        // The comparison needs every verdict of both runs, not the report's bounded selection.
        base.keptVerdicts = nil
        var proposed = base
        proposed.policyPath = proposedPolicy
        let baseReport = try Backtest.run(base, warn: warn)
        let proposedReport = try Backtest.run(proposed, warn: { _ in })
        var remaining: [String: [OrderVerdict]] = [:]
        for verdict in baseReport.orderVerdicts { remaining[verdict.key, default: []].append(verdict) }
        var newlyRejected: [Change] = []
        var newlyAllowed: [Change] = []
        var onlyInProposed = 0
        for verdict in proposedReport.orderVerdicts {
            guard var matches = remaining[verdict.key], !matches.isEmpty else {
                onlyInProposed += 1
                continue
            }
            let earlier = matches.removeFirst()
            remaining[verdict.key] = matches
            if earlier.rule == nil, verdict.rule != nil {
                newlyRejected.append(Change(order: verdict, before: nil, after: "\(verdict.rule!): \(verdict.reason ?? "")"))
            } else if earlier.rule != nil, verdict.rule == nil {
                newlyAllowed.append(Change(order: verdict, before: "\(earlier.rule!): \(earlier.reason ?? "")", after: nil))
            }
        }
        return Outcome(
            base: baseReport, proposed: proposedReport, newlyRejected: newlyRejected, newlyAllowed: newlyAllowed,
            onlyInBase: remaining.values.reduce(0) { $0 + $1.count }, onlyInProposed: onlyInProposed
        )
    }

    /// Turns a paper journal back into a backtest request: its recorded strategy source, params and bars.
    public static func request(fromJournal path: String, scratch: String) throws -> BacktestRequest {
        let journal = try JournalContents.read(path: path, warn: { _ in })
        let header = journal.header
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let strategyPath = scratch + "/strategy.lua"
        try header.strategySource.write(toFile: strategyPath, atomically: true, encoding: .utf8)
        let barsPath = scratch + "/bars.csv"
        var csv = "time,open,high,low,close,volume\n"
        for entry in journal.bars {
            let bar = entry.bar
            csv += "\(bar.time),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)\n"
        }
        try csv.write(toFile: barsPath, atomically: true, encoding: .utf8)
        var request = BacktestRequest(strategyPath: strategyPath, data: .csv(path: barsPath), symbol: header.symbol)
        request.interval = header.interval
        request.overrides = header.params
        request.cash = header.cash
        request.fillModel = header.fillModel
        request.seed = header.seed
        return request
    }
}
