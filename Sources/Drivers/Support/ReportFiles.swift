import Foundation
import Engine

/// The files `--out DIR` writes: equity.csv (per bar), trades.csv, fills.csv, report.json, decisions.jsonl and run.log.
///
/// equity.csv is the metrics' equity record, row for row: one row per bar with the equity and
/// exposure the metrics saw, then one close-out row (see ``closeOut(time:equity:)``), so every
/// metric in report.json recomputes from equity.csv and trades.csv (docs/metrics.md).
///
/// Each is a deterministic function of the run's inputs (no wall time), so an evidence re-run can
/// compare them byte for byte; the Lab's evidence layer adds the manifest, charts and index.
///
/// Each file is written under a temporary name and renamed when complete, so a directory never
/// holds a half-written report that looks whole. equity.csv, trades.csv and fills.csv are written
/// as the run goes (``equity(time:equity:position:exposed:)``, ``trade(_:)``, ``fill(_:)``), and
/// decisions.jsonl from the run's ``DecisionSpool``, so the run keeps none of them in memory.
final class ReportFiles {
    let directory: String
    private let equity: LineWriter
    /// The run's log: the strategy's lines and the engine's warnings, under the engine's caps.
    private let runLog: LineWriter
    private let trades: LineWriter
    private let fills: LineWriter
    /// The SHA-256 (hex) of each file by name, hashed as it was written: set by ``finish(report:decisions:)``.
    private(set) var sha256: [String: String] = [:]

    init(directory: String) throws(ConfigError) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(.unreadable, "cannot create the output directory", file: directory, hint: "check permissions or pick another --out")
        }
        equity = try LineWriter(path: "\(directory)/.equity.csv.partial", hashing: true)
        equity.write("time,equity,position,exposed")
        runLog = try LineWriter(path: "\(directory)/.run.log.partial", hashing: true)
        trades = try LineWriter(path: "\(directory)/.trades.csv.partial", hashing: true)
        trades.write("symbol,side,quantity,entry_time,entry_price,exit_time,exit_price,fees,pnl,return")
        fills = try LineWriter(path: "\(directory)/.fills.csv.partial", hashing: true)
        fills.write(Self.fillsHeader)
    }

    /// Where a backtest spools its order decisions until ``finish(report:decisions:)`` writes decisions.jsonl.
    var spoolPath: String { "\(directory)/.decisions.spool.partial" }

    func log(_ line: String) { runLog.write(line) }

    /// One bar: `value` and `exposed` as the equity record took them, `position` as the bar left it.
    func equity(time: Int64, equity value: Double, position: Double, exposed: Bool) {
        equity.writeLine { line in
            ISOTime.append(time, to: &line)
            line.append(UInt8(ascii: ","))
            line.append(contentsOf: JSON.number(value).utf8)
            line.append(UInt8(ascii: ","))
            line.append(contentsOf: JSON.number(position).utf8)
            line.append(contentsOf: exposed ? ",1".utf8 : ",0".utf8)
        }
    }

    /// The last row: equity after the end-of-run close-out, at the last bar's time, flat. It is not
    /// a bar, so its `exposed` is empty and exposure leaves it out.
    func closeOut(time: Int64, equity value: Double) {
        equity.write("\(ISOTime.string(time)),\(JSON.number(value)),0,")
    }

    /// fills.csv: every fill as the venue booked it, in order, with the fields and decimals of a paper
    /// journal's fill records, so `spark diff` compares a backtest with a paper session fill by fill.
    static let fillsHeader = "order,time,symbol,side,qty,price,fee,maker"

    /// One closed trade, as it closes.
    func trade(_ trade: ClosedTrade) {
        trades.write([
            trade.symbol, trade.side.rawValue, JSON.number(trade.quantity), ISOTime.string(trade.entryTime),
            JSON.number(trade.entryPrice), ISOTime.string(trade.exitTime), JSON.number(trade.exitPrice),
            JSON.number(trade.fees), JSON.number(trade.pnl), JSON.number(trade.returnPct),
        ].joined(separator: ","))
    }

    /// One fill, as the venue booked it.
    func fill(_ fill: DecisionRecord) {
        let time = fill.time.map(ISOTime.string) ?? ""
        let maker = fill.maker.map { $0 ? "1" : "0" } ?? ""
        fills.write([fill.order.map(String.init) ?? "", time, fill.symbol ?? "", fill.side ?? "", fill.qty ?? "", fill.price ?? "", fill.fee ?? "", maker].joined(separator: ","))
    }

    /// Completes every file: `decisions` (closed) is read back under the report's run id.
    func finish(report: BacktestReport, decisions: DecisionSpool) throws(ConfigError) {
        try complete(equity, as: "equity.csv")
        try complete(trades, as: "trades.csv")
        try complete(fills, as: "fills.csv")

        let json = try LineWriter(path: "\(directory)/.report.json.partial", hashing: true)
        json.write(ReportFormatter.json(report, timing: false))
        try complete(json, as: "report.json")

        let log = try LineWriter(path: "\(directory)/.decisions.jsonl.partial", hashing: true)
        for entry in try decisions.entries(runID: report.runID) { log.write(entry.recordJSON) }
        try complete(log, as: "decisions.jsonl")
        try complete(runLog, as: "run.log")
    }

    /// Closes `writer` (of `.NAME.partial`), renames its file to `name` and keeps its hash.
    private func complete(_ writer: LineWriter, as name: String) throws(ConfigError) {
        try writer.close()
        try place(".\(name).partial", as: name)
        sha256[name] = writer.sha256
    }

    private func place(_ temporary: String, as name: String) throws(ConfigError) {
        let target = "\(directory)/\(name)"
        _ = try? FileManager.default.removeItem(atPath: target)
        do {
            try FileManager.default.moveItem(atPath: "\(directory)/\(temporary)", toPath: target)
        } catch {
            throw ConfigError(.unreadable, "cannot write \(name)", file: target)
        }
    }
}
