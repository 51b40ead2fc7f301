public import Drivers
public import Engine
import LuaRuntime
public import Strategies
import SparkCore

/// A ``BacktestRequest`` as run.json records it, minus the output directory.
public struct BacktestRecipe: Codable, Sendable, Equatable {
    public var strategyPath: String
    public var csv: String?
    public var database: String?
    public var symbol: String
    public var interval: String
    public var resampleFrom: String?
    public var from: Int64?
    public var to: Int64?
    /// The resolved params as `kind:value` text (see ``encode(_:)``).
    public var params: [String: String]
    public var cash: Double
    public var fillModel: FillModel
    public var seed: UInt64
    public var timeBudgetMs: Int64
    public var instructionBudget: Int?
    public var memoryLimit: Int
    public var instrumentsPath: String?
    public var strictData: Bool
    /// Nil in recipes written before `--skip-bad-rows` existed: false.
    public var skipBadRows: Bool?
    public var policyPath: String?

    enum CodingKeys: String, CodingKey {
        case strategyPath = "strategy_path", csv, database, symbol, interval, resampleFrom = "resample_from", from, to, params, cash
        case fillModel = "fill_model", seed, timeBudgetMs = "time_budget_ms", instructionBudget = "instruction_budget"
        case memoryLimit = "memory_limit", instrumentsPath = "instruments_path", strictData = "strict_data", skipBadRows = "skip_bad_rows", policyPath = "policy_path"
    }

    /// `interval` is the one the run was labelled with: a recipe never leaves it to be inferred again.
    init(_ request: BacktestRequest, interval: String, params: [String: ParamValue]) {
        strategyPath = request.strategyPath
        switch request.data {
        case .csv(let path): csv = path
        case .database(let path): database = path
        }
        symbol = request.symbol
        self.interval = interval
        resampleFrom = request.resampleFrom
        from = request.from
        to = request.to
        self.params = Self.encode(params)
        cash = request.cash
        fillModel = request.fillModel
        seed = request.seed
        let budget = request.limits.timeBudget.components
        timeBudgetMs = budget.seconds * 1000 + budget.attoseconds / 1_000_000_000_000_000
        instructionBudget = request.limits.instructionBudget
        memoryLimit = request.limits.memoryLimit
        instrumentsPath = request.instrumentsPath
        strictData = request.strictData
        skipBadRows = request.skipBadRows ? true : nil
        policyPath = request.policyPath
    }

    /// The request this recipe records, with the strategy's text from the evidence copy.
    func request(strategySource: String) throws -> BacktestRequest {
        let data: BacktestRequest.DataSource = if let csv { .csv(path: csv) } else { .database(path: database ?? "") }
        var request = BacktestRequest(strategyPath: strategyPath, data: data, symbol: symbol)
        request.strategySource = strategySource
        request.interval = interval
        request.resampleFrom = resampleFrom
        (request.from, request.to) = (from, to)
        request.overrides = try Self.decode(params)
        request.cash = cash
        request.fillModel = fillModel
        request.seed = seed
        request.limits.timeBudget = .milliseconds(timeBudgetMs)
        request.limits.instructionBudget = instructionBudget
        request.limits.memoryLimit = memoryLimit
        request.instrumentsPath = instrumentsPath
        request.strictData = strictData
        request.skipBadRows = skipBadRows ?? false
        request.policyPath = policyPath
        return request
    }

    /// `kind:value` per param, so integers stay integers and numbers keep every bit.
    static func encode(_ params: [String: ParamValue]) -> [String: String] {
        params.mapValues { value in
            switch value {
            case .int(let integer): "int:\(integer)"
            case .number(let number): "number:\(number)"
            case .bool(let flag): "bool:\(flag)"
            case .string(let text): "string:\(text)"
            }
        }
    }

    static func decode(_ params: [String: String]) throws(EvidenceError) -> [String: ParamValue] {
        var values: [String: ParamValue] = [:]
        for (key, tagged) in params {
            guard let colon = tagged.firstIndex(of: ":") else {
                throw EvidenceError(.unreadable, "param \(key) is recorded as '\(tagged)', not kind:value", file: "run.json")
            }
            let text = String(tagged[tagged.index(after: colon)...])
            let value: ParamValue? = switch tagged[..<colon] {
            case "int": Int64(text).map(ParamValue.int)
            case "number": Double(text).map(ParamValue.number)
            case "bool": text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
            case "string": .string(text)
            default: nil
            }
            guard let value else { throw EvidenceError(.unreadable, "param \(key) is recorded as '\(tagged)', which does not read back", file: "run.json") }
            values[key] = value
        }
        return values
    }
}
