import Foundation
public import Drivers

/// Two runs compared fill by fill and metric by metric (`spark diff A B`): the first divergence,
/// every recorded setting that differs, the metric table, and the setting that most likely explains
/// the divergence.
public struct RunDiff: Sendable {
    /// One field of a divergence (or one setting) with both runs' values; nil: the run has none.
    public struct Change: Sendable, Equatable {
        /// The field (`fee`, `time`, `exists`, …) or setting (`fill_model.taker_fee_bps`, `params.fast`, …).
        public var name: String
        /// Run A's value.
        public var a: String?
        /// Run B's value.
        public var b: String?
    }

    /// Where the runs first part: which stream (`order`, `fill`, `bar`, `equity`), its 1-based
    /// position in that stream, its time, its order id and every field that differs.
    public struct Divergence: Sendable {
        /// `order`, `fill`, `bar` or `equity`.
        public var stream: String
        /// 1-based position in the stream.
        public var index: Int
        /// The earlier of the two runs' times at this position.
        public var time: Int64?
        /// The order id, for orders and fills.
        public var order: String?
        /// Every field that differs, with both values.
        public var changes: [Change]
        /// Both runs' events at this position, as one line each ("—" when a run has none).
        public var a: String
        public var b: String
    }

    /// One metric in both runs and `b − a` (nil where either is undefined).
    public struct MetricRow: Sendable {
        /// The metric's report.json key (or `fills`, `orders_submitted`, `orders_rejected`).
        public var name: String
        /// Run A's value; nil when undefined.
        public var a: Double?
        /// Run B's value; nil when undefined.
        public var b: Double?
        /// `b − a`, nil when either is undefined.
        public var difference: Double? {
            guard let a, let b else { return nil }
            return b - a
        }
    }

    /// The setting named as the likely cause and why.
    public struct Cause: Sendable {
        /// The setting, or nil when no recorded setting differs.
        public var setting: String?
        /// One sentence: the setting, what it moves, and what the first divergence shows.
        public var explanation: String
    }

    /// The first run (differences are B − A).
    public var a: RunRecord
    /// The second run.
    public var b: RunRecord
    /// Where the runs first part; nil when every order, fill and per-bar row agrees.
    public var divergence: Divergence?
    /// Every recorded setting whose values differ (both recorded), sorted by name.
    public var settings: [Change]
    /// Settings only one run records (different kinds of run record different things): not compared.
    public var unrecorded: [String]
    /// The metrics both runs record, in A's order.
    public var metrics: [MetricRow]
    /// The likely cause; nil when the runs are identical.
    public var cause: Cause?

    /// Whether the runs agree in every order, fill, per-bar row, recorded setting and metric.
    public var identical: Bool {
        divergence == nil && settings.isEmpty && metrics.allSatisfy { $0.a == $0.b }
    }

    /// Compares the runs at `a` and `b` (evidence directories or paper journals).
    ///
    /// - Throws: ``ConfigError`` when either path is not a readable run.
    public static func compare(_ a: String, _ b: String) throws(ConfigError) -> RunDiff {
        RunDiff(try RunRecord.load(a), try RunRecord.load(b))
    }

    /// Compares two runs already read.
    public init(_ a: RunRecord, _ b: RunRecord) {
        self.a = a
        self.b = b
        let names = Set(a.settings.keys).union(b.settings.keys).sorted()
        settings = names.compactMap { name in
            guard let left = a.settings[name], let right = b.settings[name], left != right else { return nil }
            return Change(name: name, a: left, b: right)
        }
        unrecorded = names.filter { (a.settings[$0] == nil) != (b.settings[$0] == nil) }
        let bMetrics = Dictionary(b.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        metrics = a.metrics.compactMap { row in
            guard let other = bMetrics[row.name] else { return nil }
            return MetricRow(name: row.name, a: row.value, b: other)
        }
        divergence = Self.firstDivergence(a, b)
        cause = Self.cause(divergence, settings: settings, a: a, b: b)
        if cause == nil, !identical {
            cause = Cause(setting: nil, explanation: "orders and fills agree; only metrics differ (a metric computed differently by the two kinds of run)")
        }
    }

    /// The earliest of the first differing order, fill and per-bar row; on equal times a bar before
    /// an order before a fill before an equity row (each explains the ones after it).
    static func firstDivergence(_ a: RunRecord, _ b: RunRecord) -> Divergence? {
        var candidates: [(rank: Int, divergence: Divergence)] = []
        if let bar = rowDivergence(a, b) { candidates.append((a.rowKind == "bar" ? 0 : 3, bar)) }
        if let order = eventDivergence("order", a.orders, b.orders, fields: RunRecord.orderFields) { candidates.append((1, order)) }
        if let fill = eventDivergence("fill", a.fills, b.fills, fields: RunRecord.fillFields) { candidates.append((2, fill)) }
        return candidates.min { left, right in
            let l = left.divergence.time ?? .max, r = right.divergence.time ?? .max
            return l != r ? l < r : left.rank < right.rank
        }?.divergence
    }

    static func eventDivergence(_ stream: String, _ a: [RunRecord.Event], _ b: [RunRecord.Event], fields: [String]) -> Divergence? {
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : nil, right = index < b.count ? b[index] : nil
            guard left != right else { continue }
            let changes = fields.compactMap { field -> Change? in
                let l = left?.fields[field], r = right?.fields[field]
                return l == r ? nil : Change(name: field, a: l, b: r)
            }
            let times = [left?.time, right?.time].compactMap { $0 }
            return Divergence(
                stream: stream, index: index + 1, time: times.min(), order: left?.fields["order"] ?? right?.fields["order"],
                changes: left == nil || right == nil ? [Change(name: "exists", a: left == nil ? "no" : "yes", b: right == nil ? "no" : "yes")] : changes,
                a: describe(left, fields: fields), b: describe(right, fields: fields)
            )
        }
        return nil
    }

    /// The first per-bar row that differs, when both runs kept the same kind of rows.
    static func rowDivergence(_ a: RunRecord, _ b: RunRecord) -> Divergence? {
        guard a.rowKind == b.rowKind else { return nil }
        for index in 0..<max(a.rows.count, b.rows.count) {
            let left = index < a.rows.count ? a.rows[index] : nil, right = index < b.rows.count ? b.rows[index] : nil
            guard left != right else { continue }
            var changes: [Change] = []
            if left?.time != right?.time { changes.append(Change(name: "time", a: left.map { ISOTime.string($0.time) }, b: right.map { ISOTime.string($0.time) })) }
            if left?.value != right?.value { changes.append(Change(name: a.rowKind, a: left?.value, b: right?.value)) }
            let time = [left?.time, right?.time].compactMap { $0 }.min()
            return Divergence(
                stream: a.rowKind, index: index + 1, time: time, order: nil, changes: changes,
                a: left.map { "\(ISOTime.string($0.time)) \($0.value)" } ?? "—", b: right.map { "\(ISOTime.string($0.time)) \($0.value)" } ?? "—"
            )
        }
        return nil
    }

    static func describe(_ event: RunRecord.Event?, fields: [String]) -> String {
        guard let event else { return "—" }
        return fields.compactMap { field in event.fields[field].map { "\(field)=\($0)" } }.joined(separator: " ")
    }
}
