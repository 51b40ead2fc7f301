import Foundation
public import Drivers
import Engine

/// `spark backtest --out DIR`: the backtest's files plus inputs, charts, report.html, index and manifest.
public enum BacktestEvidence {
    /// The files a re-run must reproduce byte for byte.
    static let reproducible = ["report.json", "trades.csv", "fills.csv", "equity.csv", "decisions.jsonl", "run.log"]

    /// Runs `request` and writes its sealed evidence directory to `directory`, which must be new, empty,
    /// or (with `force`) earlier evidence, which is moved aside; nothing is deleted.
    ///
    /// - Parameters:
    ///   - time: wall time in ms for the evidence id and created_at.
    ///   - nonce: the evidence id's random suffix.
    ///   - force: move earlier evidence at `directory` aside (`NAME.replaced-TIME`) instead of refusing.
    public static func run(_ request: BacktestRequest, directory: String, force: Bool = false, time: Int64, nonce: UInt32, warn: @escaping (String) -> Void) throws -> (report: BacktestReport, record: EvidenceRecord) {
        try Evidence.stage(directory, forceAt: force ? time : nil, log: warn) { staging in
            var request = request
            let source: String
            if let text = request.strategySource {
                source = text
            } else {
                guard let text = try? String(contentsOfFile: request.strategyPath, encoding: .utf8) else {
                    throw ConfigError(.unreadable, "cannot read the strategy file", file: request.strategyPath, hint: "check the path; strategies live under strategies/")
                }
                source = text
            }
            request.strategySource = source
            request.outDirectory = staging
            let report = try Backtest.run(request, warn: warn)
            var inputs = [try Evidence.input(role: "strategy", path: request.strategyPath, text: source, copyAs: "strategy.lua", into: staging)]
            if let params = request.paramsPath { inputs.append(try Evidence.input(role: "params", path: params, copyAs: "params.yaml", into: staging)) }
            if let policy = request.policyPath, let hash = report.policySHA256 {
                inputs.append(try Evidence.input(role: "policy", path: policy, copyAs: "policy.yaml", into: staging, sha256: hash))
            }
            if let instruments = request.instrumentsPath { inputs.append(try Evidence.input(role: "instruments", path: instruments, copyAs: "instruments.yaml", into: staging)) }
            let record = EvidenceRecord(
                kind: "backtest", evidenceID: EvidenceRecord.makeID(time: time, random: nonce), createdAt: ISOTime.string(time), inputs: inputs,
                series: [series(report, request: request)], reproducible: reproducible,
                recipe: EvidenceRecord.Recipe(backtest: BacktestRecipe(request, interval: report.interval, params: report.paramValues), spec: nil)
            )
            try Evidence.write(Timing.json([("elapsed_s", report.elapsedSeconds), ("bars_per_s", report.elapsedSeconds > 0 ? Double(report.bars) / report.elapsedSeconds : 0)]), to: "\(staging)/timing.json")
            try LabReport.backtest(report, directory: staging, evidenceID: record.evidenceID)
            try Evidence.seal(staging, record: record, title: "Backtest \(report.strategyName) on \(report.symbol) \(report.interval)", finalPath: directory, hashed: report.fileSHA256)
            return (report, record)
        }
    }

    static func series(_ report: BacktestReport, request: BacktestRequest) -> EvidenceRecord.Series {
        EvidenceRecord.Series(
            symbol: report.symbol, interval: report.interval, period: "run", source: request.data.description,
            first: report.firstTime.map(ISOTime.string), last: report.lastTime.map(ISOTime.string), bars: report.bars, sha256: report.dataSHA256 ?? ""
        )
    }

    /// Re-runs a recorded backtest into `directory` (reproducible files only) and returns the bars it read.
    static func reproduce(_ recipe: BacktestRecipe, strategySource: String, into directory: String) throws -> [EvidenceRecord.Series] {
        var request = try recipe.request(strategySource: strategySource)
        request.outDirectory = directory
        let report = try Backtest.run(request, warn: { _ in })
        return [series(report, request: request)]
    }
}

/// timing.json: the wall-clock side of a run, kept apart from the reproducible files.
enum Timing {
    static func json(_ pairs: [(String, Double)]) -> String {
        JSON.object(pairs.map { ($0.0, JSON.number($0.1)) }) + "\n"
    }
}
