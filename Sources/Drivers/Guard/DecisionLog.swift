public import Engine
public import SparkCore
public import Store

/// Renders order decisions for the decision log: one JSON object per order the engine or a guard
/// admitted or refused (strategy, risk and close-out orders alike), stamped with the policy and
/// param-set hashes it was decided under.
///
/// The log answers a risk officer's question "why did this order go out (or not)?" without the
/// journal's other events; it goes to `decisions.jsonl` and, for `--db` runs, to the SQLite store.
public struct DecisionLog: Sendable {
    /// The format of each line; readers refuse other versions (README, "Formats and versions").
    public static let formatVersion = 2

    public var runID: String
    public var mode: SessionMode
    public var strategy: String
    public var policyName: String?
    public var policyHash: String?
    public var paramsHash: String

    public init(runID: String, mode: SessionMode, strategy: String, policyName: String?, policyHash: String?, paramsHash: String) {
        self.runID = runID
        self.mode = mode
        self.strategy = strategy
        self.policyName = policyName
        self.policyHash = policyHash
        self.paramsHash = paramsHash
    }

    /// One line for an order decision; nil for decisions that are not about admitting an order.
    public func line(_ record: DecisionRecord) -> String? {
        entry(record)?.recordJSON
    }

    /// The decision as the store keeps it (its JSON line plus the searchable fields).
    public func entry(_ record: DecisionRecord) -> StoredDecision? {
        guard record.isOrderDecision else { return nil }
        // A close-out is accounting at the last close, not an order a guard is asked about: allowed,
        // and its origin says why.
        let verdict = record.kind == "rejected" ? "reject" : "allow"
        let meta = JSON.object([
            ("format_version", String(Self.formatVersion)), ("run", JSON.string(runID)), ("mode", JSON.string(mode.rawValue)),
            ("strategy", JSON.string(strategy)), ("verdict", JSON.string(verdict)), ("policy", policyName.map(JSON.string) ?? "null"),
            ("policy_sha256", policyHash.map(JSON.string) ?? "null"), ("params_sha256", JSON.string(paramsHash)),
        ])
        // The metadata first, then the record's own fields, as one flat object.
        let json = String(meta.dropLast()) + "," + String(record.json.dropFirst())
        return StoredDecision(
            time: record.time ?? 0, mode: mode.rawValue, strategy: strategy, verdict: verdict, rule: record.rule, code: record.code,
            symbol: record.symbol ?? "", policySHA256: policyHash, paramsSHA256: paramsHash, recordJSON: json
        )
    }
}
