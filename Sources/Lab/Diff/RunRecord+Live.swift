import Foundation
import Drivers
import Live

extension RunRecord {
    /// A live journal (`spark live`), with the journals it continues: orders and fills from its
    /// decisions, bars from its inputs, settings from the first header. A live run has no fill model:
    /// the exchange filled it, and the diff says so where a backtest's fill settings stand.
    static func live(_ path: String) throws(ConfigError) -> RunRecord {
        var records: [LiveRecord] = []
        var next: String? = path
        var seen: Set<String> = []
        while let file = next, seen.insert(file).inserted {
            let chunk: [LiveRecord]
            do {
                chunk = try LiveJournal.read(path: file)
            } catch {
                throw ConfigError(.journal, "the live journal cannot be read: \(error.message)", file: file, hint: "spark diff reads live journals written by spark live")
            }
            records = chunk + records
            next = chunk.first?.header?.previous
        }
        guard let header = records.first?.header else {
            throw ConfigError(.journal, "the live journal has no header", file: path, hint: "the journal was cut before its first line; it cannot be compared")
        }
        var run = RunRecord(kind: .live, path: path)
        run.settings = [
            "fills": "the exchange", "strategy.sha256": header.strategySHA256, "policy.sha256": header.policySHA256 ?? "none", "symbol": header.config.symbol,
            "initial_cash": JSON.number(header.cash), "instrument": "\(header.instrument.instrument)",
        ]
        run.settings.merge(header.params.mapValues { $0 }) { $1 }
        let decisions = try records.compactMap(\.decision).enumerated().map { index, line throws(ConfigError) in
            do {
                return try DecisionRecord.decode(line)
            } catch {
                throw ConfigError(.syntax, "decision \(index + 1) does not read as a decision record", file: path, hint: "the journal was edited")
            }
        }
        run.orders = decisions.filter(\.isOrderDecision).map(order)
        run.fills = decisions.filter { $0.kind == "fill" }.map(fill)
        run.rowKind = "bar"
        run.rows = records.compactMap { record -> Row? in
            guard case .bar(let bar) = record.input else { return nil }
            return Row(time: bar.time, value: [bar.open, bar.high, bar.low, bar.close, bar.volume].map(JSON.number).joined(separator: " "))
        }
        let fees = decisions.compactMap { $0.kind == "fill" ? $0.fee.flatMap(Double.init) : nil }.reduce(0, +)
        run.metrics = [
            ("fees", fees), ("fills", Double(run.fills.count)),
            ("orders_submitted", Double(run.orders.filter { $0.fields["kind"] == "submitted" }.count)),
            ("orders_rejected", Double(run.orders.filter { $0.fields["kind"] == "rejected" }.count)),
        ]
        return run
    }
}
