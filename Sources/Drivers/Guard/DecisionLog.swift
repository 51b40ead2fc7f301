public import Engine
import SparkCore
public import Store

/// Renders order decisions for the decision log: one JSON object per allowed or rejected order,
/// stamped with the policy and param-set hashes it was decided under.
///
/// The log answers a risk officer's question "why did this order go out (or not)?" without the
/// journal's other events; it goes to `decisions.jsonl` and, for `--db` runs, to the SQLite store.
public struct DecisionLog: Sendable {
    public var runID: String
    public var mode: String
    public var strategy: String
    public var policyName: String?
    public var policyHash: String?
    public var paramsHash: String

    public init(runID: String, mode: String, strategy: String, policyName: String?, policyHash: String?, paramsHash: String) {
        self.runID = runID
        self.mode = mode
        self.strategy = strategy
        self.policyName = policyName
        self.policyHash = policyHash
        self.paramsHash = paramsHash
    }

    /// One line for an order decision; nil for decisions that are not about admitting an order.
    public func line(_ decision: Decision, engine: Engine) -> String? {
        entry(decision, engine: engine)?.recordJSON
    }

    /// The decision as the store keeps it (its JSON line plus the searchable fields).
    public func entry(_ decision: Decision, engine: Engine) -> StoredDecision? {
        let order: Order
        var verdict = "allow"
        var rule = "null", code = "null", reason = "null"
        var ruleID: String?, codeText: String?
        switch decision {
        case .submitted(let submitted):
            order = submitted
        case .rejected(let rejected):
            order = rejected
            verdict = "reject"
            (ruleID, codeText) = ("engine", "validation")
            rule = JSON.string("engine")
            code = JSON.string("validation")
            reason = rejected.reason.map(JSON.string) ?? "null"
        case .guardRejected(let rejected, let rejection):
            order = rejected
            verdict = "reject"
            (ruleID, codeText) = (rejection.rule, rejection.code)
            rule = JSON.string(rejection.rule)
            code = JSON.string(rejection.code)
            reason = JSON.string(rejection.message)
        default:
            return nil
        }
        let instrument = engine.instruments[Int(order.symbol.rawValue)]
        let symbol = engine.symbols.name(of: order.symbol)
        let json = JSON.object([
            ("time", String(order.createdAt)), ("run", JSON.string(runID)), ("mode", JSON.string(mode)), ("strategy", JSON.string(strategy)),
            ("verdict", JSON.string(verdict)), ("rule", rule), ("code", code), ("reason", reason),
            ("order", order.id.rawValue == 0 ? "null" : String(order.id.rawValue)),
            ("symbol", JSON.string(engine.symbols.name(of: order.symbol))), ("side", JSON.string(order.side.rawValue)),
            ("order_type", JSON.string(order.kind.rawValue)), ("qty", JSON.string(instrument.format(order.quantity))),
            ("price", order.price.map { JSON.string(instrument.format($0)) } ?? "null"),
            ("policy", policyName.map(JSON.string) ?? "null"), ("policy_sha256", policyHash.map(JSON.string) ?? "null"),
            ("params_sha256", JSON.string(paramsHash)),
        ])
        return StoredDecision(
            time: order.createdAt, mode: mode, strategy: strategy, verdict: verdict, rule: ruleID, code: codeText, symbol: symbol,
            policySHA256: policyHash, paramsSHA256: paramsHash, recordJSON: json
        )
    }
}
