import Drivers
import Strategies
public import SparkCore

/// One backtest of a sweep: a param set on one symbol, period and cost model.
public struct Scenario: Sendable {
    /// Position in the sweep's plan (grid order, or sampling order for random search).
    public var index: Int
    /// Resolved against the schema: every declared parameter, defaults filled in.
    public var params: [String: ParamValue]
    public var symbol: String
    public var period: SweepSpec.Period
    public var costs: SweepSpec.Costs
    /// SHA-256 of everything that decides the result; set once the bars are loaded.
    public var key = ""

    /// The params as canonical JSON: keys sorted, numbers in shortest form.
    public var paramsJSON: String { Self.json(params) }

    static func json(_ params: [String: ParamValue]) -> String {
        JSON.object(params.keys.sorted().map { ($0, json(params[$0]!)) })
    }

    static func json(_ value: ParamValue) -> String {
        switch value {
        case .int(let integer): String(integer)
        case .number(let number): JSON.number(number)
        case .bool(let flag): flag ? "true" : "false"
        case .string(let text): JSON.string(text)
        }
    }

    /// The cost model in one canonical line, part of the key and the leaderboard.
    var costsIdentity: String {
        let model = costs.fillModel
        return "\(costs.name):maker=\(JSON.number(model.makerFeeBps)),taker=\(JSON.number(model.takerFeeBps)),slip=\(JSON.number(model.slippageBps)),ticks=\(model.slippageTicks),fill=\(model.marketFill.rawValue)"
    }

    /// `name` or `name[from..to]`, as the leaderboard prints the period.
    var periodLabel: String { period.name }
}
