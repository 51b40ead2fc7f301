import Foundation
import Drivers

extension RunRecord {
    /// A backtest evidence directory: report.json for settings and metrics, decisions.jsonl for
    /// orders, fills.csv for fills, equity.csv for the per-bar record, run.json (when present) for
    /// the kind and the instruments' hash.
    static func evidence(_ directory: String) throws(ConfigError) -> RunRecord {
        let reportPath = "\(directory)/report.json"
        if let kind = try recordedKind(directory), kind != "backtest" {
            throw ConfigError(
                .refused, "this is \(kind) evidence, not a backtest: spark diff compares single runs", file: "\(directory)/run.json",
                hint: "compare two backtest evidence directories, two paper journals, or one of each; for a sweep, diff the backtests of two of its scenarios"
            )
        }
        guard FileManager.default.fileExists(atPath: reportPath) else {
            throw ConfigError(
                .unreadable, "not an evidence directory: report.json is missing", file: directory,
                hint: "give a directory written by `spark backtest --out DIR`, or a paper journal file"
            )
        }
        let report = try jsonObject(reportPath)
        var run = RunRecord(kind: .backtest, path: directory)
        run.settings = settings(report)
        run.settings["instruments_sha256"] = try instrumentsHash(directory)
        run.orders = try lines("\(directory)/decisions.jsonl").enumerated().map { index, line throws(ConfigError) in
            do {
                return order(try DecisionRecord.decode(line))
            } catch {
                throw ConfigError(.syntax, "a decision does not read as JSON", file: "\(directory)/decisions.jsonl", line: index + 1, hint: "decisions.jsonl is written by spark backtest; do not edit it")
            }
        }
        run.fills = try fillsCSV("\(directory)/fills.csv")
        run.rowKind = "equity"
        run.rows = try equityCSV("\(directory)/equity.csv")
        run.metrics = metrics(report, fills: run.fills.count)
        return run
    }

    /// A paper journal, read by the drivers' journal reader.
    static func journal(_ path: String) throws(ConfigError) -> RunRecord {
        let journal: JournalRun
        do {
            journal = try JournalRun.read(journal: path)
        } catch {
            var refused = error
            refused.hint = (error.hint.map { $0 + "; " } ?? "") + "spark diff reads paper journals (out/paper/*.jsonl) and backtest evidence directories"
            throw refused
        }
        let header = journal.header
        var run = RunRecord(kind: .paper, path: path)
        let encoder = JSONEncoder()
        if let data = try? encoder.encode(header.fillModel), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            run.settings = fillModel(object)
        }
        run.settings.merge(params(RunSetup.canonical(header.params))) { $1 }
        run.settings["strategy.sha256"] = header.strategySHA256
        run.settings["policy.sha256"] = header.policySHA256 ?? "none"
        run.settings["data_sha256"] = journal.dataSHA256
        run.settings["symbol"] = header.symbol
        run.settings["interval"] = header.interval
        run.settings["initial_cash"] = JSON.number(header.cash)
        run.settings["instrument"] = "\(header.instrument)"
        run.orders = journal.decisions.filter(\.isOrderDecision).map(order)
        run.fills = journal.decisions.filter { $0.kind == "fill" }.map(fill)
        run.rowKind = "bar"
        run.rows = journal.bars.map { bar in
            Row(time: bar.time, value: [bar.open, bar.high, bar.low, bar.close, bar.volume].map(JSON.number).joined(separator: " "))
        }
        let fees = journal.decisions.compactMap { $0.kind == "fill" ? $0.fee.flatMap(Double.init) : nil }.reduce(0, +)
        run.metrics = [
            ("fees", fees), ("fills", Double(run.fills.count)),
            ("orders_submitted", Double(run.orders.filter { $0.fields["kind"] == "submitted" }.count)),
            ("orders_rejected", Double(run.orders.filter { $0.fields["kind"] == "rejected" }.count)),
        ]
        return run
    }

    /// report.json's settings: the strategy's hash and params, the policy's hash, the data's hash,
    /// symbol, interval, cash and the fill model.
    static func settings(_ report: [String: Any]) -> [String: String] {
        var settings = fillModel(report["fill_model"] as? [String: Any] ?? [:])
        let strategy = report["strategy"] as? [String: Any] ?? [:]
        settings.merge(params(strategy["params"] as? String ?? "")) { $1 }
        settings["strategy.sha256"] = text(strategy["sha256"])
        settings["policy.sha256"] = text((report["guardrails"] as? [String: Any])?["policy_sha256"])
        settings["data_sha256"] = text(report["data_sha256"])
        settings["symbol"] = text(report["symbol"])
        settings["interval"] = text(report["interval"])
        settings["initial_cash"] = text(report["initial_cash"])
        return settings
    }

    /// report.json's metrics (sorted by name), then the order and fill counts.
    static func metrics(_ report: [String: Any], fills: Int) -> [(name: String, value: Double?)] {
        let metrics = report["metrics"] as? [String: Any] ?? [:]
        var rows: [(name: String, value: Double?)] = metrics.keys.sorted().map { key in (key, (metrics[key] as? NSNumber)?.doubleValue) }
        let orders = report["orders"] as? [String: Any] ?? [:]
        rows.append(("fills", Double(fills)))
        rows.append(("orders_submitted", (orders["submitted"] as? NSNumber)?.doubleValue))
        rows.append(("orders_rejected", (orders["rejected"] as? NSNumber)?.doubleValue))
        return rows
    }

    static func recordedKind(_ directory: String) throws(ConfigError) -> String? {
        let path = "\(directory)/run.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try jsonObject(path)["kind"] as? String
    }

    static func instrumentsHash(_ directory: String) throws(ConfigError) -> String? {
        let path = "\(directory)/run.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let inputs = try jsonObject(path)["inputs"] as? [[String: Any]] ?? []
        return inputs.first { $0["role"] as? String == "instruments" }?["sha256"] as? String
    }

    static func jsonObject(_ path: String) throws(ConfigError) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.unreadable, "cannot read the file", file: path, hint: "check its permissions")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigError(.syntax, "not a JSON object", file: path, hint: "it is written by spark backtest --out; re-run the backtest rather than edit it")
        }
        return object
    }

    /// The file's non-empty lines; a missing file is refused with what wrote it.
    static func lines(_ path: String) throws(ConfigError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                .unreadable, "the evidence lacks \((path as NSString).lastPathComponent)", file: path,
                hint: "re-run the backtest with this build's `spark backtest --out DIR`; evidence written before fills.csv existed cannot be compared fill by fill"
            )
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func fillsCSV(_ path: String) throws(ConfigError) -> [Event] {
        let rows = try lines(path)
        guard rows.first == "order,time,symbol,side,qty,price,fee,maker" else {
            throw ConfigError(.syntax, "fills.csv does not start with its header order,time,symbol,side,qty,price,fee,maker", file: path, line: 1, hint: "re-run the backtest with --out")
        }
        return try rows.dropFirst().enumerated().map { index, line throws(ConfigError) in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 8, let time = ISOTime.parse(cells[1]) else {
                throw ConfigError(.syntax, "a fill row needs 8 fields and a time", file: path, line: index + 2, hint: "fills.csv is written by spark backtest; do not edit it")
            }
            var record = DecisionRecord(kind: "fill")
            (record.order, record.time, record.symbol, record.side) = (Int64(cells[0]), time, cells[2], cells[3])
            (record.qty, record.price, record.fee, record.maker) = (cells[4], cells[5], cells[6], cells[7] == "1")
            return fill(record)
        }
    }

    static func equityCSV(_ path: String) throws(ConfigError) -> [Row] {
        try lines(path).dropFirst().enumerated().map { index, line throws(ConfigError) in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count >= 3, let time = ISOTime.parse(String(cells[0])) else {
                throw ConfigError(.syntax, "an equity row needs a time, equity and position", file: path, line: index + 2, hint: "equity.csv is written by spark backtest; do not edit it")
            }
            return Row(time: time, value: "equity \(cells[1]) position \(cells[2])")
        }
    }
}
