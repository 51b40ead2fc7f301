import Foundation
public import Drivers
import Live

/// One run as `spark diff` compares it: what it recorded about how it ran (settings), the orders it
/// sent, the fills it got, its per-bar record and its metrics, read from a backtest evidence directory
/// or a paper journal into the same shape.
public struct RunRecord: Sendable {
    /// What kind of run the path held.
    public enum Kind: String, Sendable {
        /// An evidence directory written by `spark backtest --out DIR` (or the demo's backtest).
        case backtest
        /// A paper journal (`out/paper/*.jsonl`).
        case paper
        /// A live journal (`out/live/*.jsonl`), with the journals it continues.
        case live
    }

    /// One order decision or one fill: its time and its fields as text, compared field by field.
    public struct Event: Sendable, Equatable {
        /// Milliseconds since the epoch (the decision's or fill's time).
        public var time: Int64?
        /// Field name → value as the run recorded it (``RunRecord/orderFields``, ``RunRecord/fillFields``).
        public var fields: [String: String]

        /// An event with `fields` at `time`.

        public init(time: Int64?, fields: [String: String]) {
            self.time = time
            self.fields = fields
        }
    }

    /// One per-bar row: a bar's prices (journals) or the equity recorded at it (evidence).
    public struct Row: Sendable, Equatable {
        /// The bar's open time, milliseconds since the epoch.
        public var time: Int64
        /// The row as text: `open high low close volume` or `equity E position P`.
        public var value: String
    }

    /// Backtest evidence or a paper journal.
    public var kind: Kind
    /// The path as given on the command line.
    public var path: String
    /// Every setting the run recorded that can change its result, by name: `fill_model.taker_fee_bps`,
    /// `params.fast`, `strategy.sha256`, `policy.sha256`, `data_sha256`, `symbol`, `interval`,
    /// `initial_cash`, `instrument` (journals), `instruments_sha256` (evidence with run.json).
    public var settings: [String: String] = [:]
    /// Order decisions (submitted and rejected), in order.
    public var orders: [Event] = []
    /// Fills, in order.
    public var fills: [Event] = []
    /// What the per-bar rows hold (`bar` for a journal's bars, `equity` for equity.csv) and the rows.
    public var rowKind = ""
    public var rows: [Row] = []
    /// Metrics by name, in the order they are shown; nil where the run's value is undefined (JSON null).
    public var metrics: [(name: String, value: Double?)] = []

    /// The fields compared for an order decision and for a fill, in the order a divergence names them.
    static let orderFields = ["order", "kind", "side", "order_type", "qty", "price", "trigger", "tif", "tag", "origin", "rule", "time"]
    static let fillFields = ["time", "order", "side", "qty", "price", "fee", "liquidity"]

    init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// Reads `path`: a directory is backtest evidence, a file is a paper or live journal.
    ///
    /// - Throws: ``ConfigError`` naming the file and what to do when the path is missing, is not
    ///   evidence of a backtest, or is not a readable journal.
    public static func load(_ path: String) throws(ConfigError) -> RunRecord {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(
                .unreadable, "no such file or directory", file: path,
                hint: "give an evidence directory written by `spark backtest --out DIR` or a paper journal (out/paper/*.jsonl)"
            )
        }
        if isDirectory.boolValue { return try evidence(path) }
        return LiveReplay.isLiveJournal(path) ? try live(path) : try journal(path)
    }

    /// An order decision in the compared shape.
    static func order(_ record: DecisionRecord) -> Event {
        var fields: [String: String] = ["kind": record.kind]
        fields["order"] = record.order.map(String.init)
        fields["side"] = record.side
        fields["order_type"] = record.orderType
        fields["qty"] = record.qty
        fields["price"] = record.price
        fields["trigger"] = record.trigger
        fields["tif"] = record.tif
        fields["tag"] = record.tag
        fields["origin"] = record.origin
        fields["rule"] = record.rule
        fields["time"] = record.time.map(ISOTime.string)
        return Event(time: record.time, fields: fields)
    }

    /// A fill in the compared shape (a journal's fill record, or a fills.csv row read into one).
    static func fill(_ record: DecisionRecord) -> Event {
        var fields: [String: String] = ["time": record.time.map(ISOTime.string) ?? ""]
        fields["order"] = record.order.map(String.init)
        fields["side"] = record.side
        fields["qty"] = record.qty
        fields["price"] = record.price
        fields["fee"] = record.fee
        fields["liquidity"] = record.maker.map { $0 ? "maker" : "taker" }
        return Event(time: record.time, fields: fields)
    }

    /// `fast=10 size=0.05 slow=30` as `params.fast`, `params.size`, `params.slow`.
    static func params(_ canonical: String) -> [String: String] {
        var params: [String: String] = [:]
        for pair in canonical.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            params["params.\(parts[0])"] = parts.count > 1 ? String(parts[1]) : ""
        }
        return params
    }

    /// A fill model as `fill_model.<key>` settings, with report.json's keys and number forms.
    static func fillModel(_ object: [String: Any]) -> [String: String] {
        var settings: [String: String] = [:]
        for (key, value) in object {
            settings["fill_model.\(key)"] = text(value)
        }
        return settings
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let number as NSNumber: return JSON.number(number.doubleValue)
        case let string as String: return string
        case nil, is NSNull: return "none"
        default: return "\(value!)"
        }
    }
}
