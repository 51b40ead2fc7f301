import Foundation
import Drivers
import Engine
import LuaRuntime
import Strategies
internal import Yams
import Desk
import SparkCore

extension SweepSpec {
    static let topKeys: Set<String> = [
        "name", "strategy", "params", "fixed", "ranges", "search", "data", "symbols", "interval", "periods", "costs", "policy",
        "instruments", "cash", "seed", "objective", "constraints", "max_scenarios", "walk_forward",
    ]

    /// Reads and checks a spec file against the strategy's param schema.
    ///
    /// - Throws: ``ConfigError`` with the spec's file:line:column for every mistake: unknown keys,
    ///   unknown params, values outside the schema, empty ranges, bad periods or durations.
    public static func load(path: String, strategySource: String? = nil) throws -> SweepSpec {
        try load(file: YAMLFile(path: path), strategySource: strategySource)
    }

    /// Reads a spec from text (tests, evidence re-runs); `path` names it in errors.
    public static func load(path: String, text: String, strategySource: String? = nil) throws -> SweepSpec {
        try load(file: YAMLFile(path: path, text: text), strategySource: strategySource)
    }

    /// The spec's top-level values by key, for the readers below.
    private struct Fields {
        let file: YAMLFile
        let node: [String: Node]

        func required(_ key: String, _ hint: String) throws(ConfigError) -> Node {
            guard let value = node[key] else {
                throw ConfigError(.schema, "the spec has no '\(key)'", file: file.path, line: 1, column: 1, hint: hint)
            }
            return value
        }
    }

    private static func load(file: YAMLFile, strategySource: String?) throws -> SweepSpec {
        var node: [String: Node] = [:]
        for pair in try file.mapping(file.root, allowed: topKeys, what: "a sweep spec") {
            node[pair.key] = pair.value
        }
        let fields = Fields(file: file, node: node)
        let strategyPath = try file.scalar(fields.required("strategy", "add `strategy: strategies/<name>.lua`"), what: "strategy")
        let schema = try Self.schema(strategyPath: strategyPath, source: strategySource, at: node["strategy"]!, file: file)

        var spec = SweepSpec(
            path: file.path, name: schema.name, strategyPath: strategyPath, schema: schema, paramsPath: nil, fixed: [:], axes: [], search: .grid,
            data: .csv(path: ""), symbols: [], interval: "1m", periods: [], costs: [], policyPath: nil, instrumentsPath: nil,
            cash: 10_000, seed: 1, objective: .sharpe, constraints: Constraints(), maxScenarios: 10_000, walkForward: nil
        )
        if let name = node["name"] { spec.name = try file.scalar(name, what: "name") }
        try readValues(into: &spec, fields)
        try readData(into: &spec, fields)
        try readRun(into: &spec, fields)
        try readRanking(into: &spec, fields)
        return spec
    }

    /// `params`, `fixed`, `ranges` and `search`: what is held fixed and what is swept, checked against the schema.
    private static func readValues(into spec: inout SweepSpec, _ fields: Fields) throws {
        let file = fields.file, schema = spec.schema
        if let params = fields.node["params"] {
            let path = try file.scalar(params, what: "params")
            spec.paramsPath = path
            let set = try ParamSetFile.load(path: path)
            guard set.strategy == schema.name else {
                throw file.error(.schema, "param set \(path) is for strategy '\(set.strategy)', not '\(schema.name)'", at: params)
            }
            spec.fixed = set.values
        }
        if let fixed = fields.node["fixed"] {
            for (name, nameNode, value) in try file.mapping(fixed, what: "fixed") {
                let parameter = try Self.parameter(name, in: schema, at: nameNode, file: file)
                spec.fixed[name] = try Self.value(value, for: parameter, file: file)
            }
        }
        let ranges = try fields.required("ranges", "add `ranges:` with at least one parameter, e.g. `fast: [5, 10, 20]`")
        for (name, nameNode, value) in try file.mapping(ranges, what: "ranges") {
            let parameter = try Self.parameter(name, in: schema, at: nameNode, file: file)
            let values = try Self.axisValues(value, for: parameter, file: file)
            spec.axes.append(Axis(name: name, values: values, location: "\(file.path):\(nameNode.mark?.line ?? 0):\(nameNode.mark?.column ?? 0)"))
        }
        guard !spec.axes.isEmpty else {
            throw file.error(.schema, "ranges is empty: nothing to sweep", at: ranges, hint: "vary at least one parameter, e.g. `fast: [5, 10, 20]`")
        }
        // Fixed values and defaults must pass the schema too; check with each axis at its first value.
        do {
            var probe = spec.fixed
            for axis in spec.axes { probe[axis.name] = axis.values[0] }
            _ = try schema.resolve(probe, source: file.path)
        } catch {
            throw ConfigError(.schema, error.message, file: file.path, hint: "fix the value in `fixed:` or the param set")
        }
        if let search = fields.node["search"] { spec.search = try Self.search(search, file: file) }
    }

    /// `data`, `symbols`, `interval` and `periods`: the bars each scenario runs on.
    private static func readData(into spec: inout SweepSpec, _ fields: Fields) throws {
        let file = fields.file
        let data = try fields.required("data", "add `data: { db: out/spark.db }` or `data: { csv: FILE }`")
        let source = try file.mapping(data, allowed: ["db", "csv"], what: "data")
        guard source.count == 1, let only = source.first else {
            throw file.error(.schema, "data needs exactly one of db or csv", at: data)
        }
        let dataPath = try file.scalar(only.value, what: "data.\(only.key)")
        spec.data = only.key == "db" ? .database(path: dataPath) : .csv(path: dataPath)

        let symbols = try fields.required("symbols", "add `symbols: [BTCUSDT]`")
        guard let list = symbols.sequence, !list.isEmpty else {
            throw file.error(.schema, "symbols must be a non-empty list, e.g. [BTCUSDT]", at: symbols)
        }
        spec.symbols = try list.map { item throws(ConfigError) in try file.scalar(item, what: "a symbol") }
        if Set(spec.symbols).count != spec.symbols.count {
            throw file.error(.schema, "a symbol is listed twice", at: symbols)
        }
        if case .csv = spec.data, spec.symbols.count > 1 {
            throw file.error(.schema, "a CSV file holds one symbol; list one symbol or use data: { db: ... }", at: symbols)
        }
        if let interval = fields.node["interval"] { spec.interval = try file.scalar(interval, what: "interval") }
        if let periods = fields.node["periods"] {
            spec.periods = try Self.periods(periods, file: file)
        } else {
            spec.periods = [Period(name: "all", from: nil, to: nil)]
        }
    }

    /// `costs`, `policy`, `instruments`, `cash` and `seed`: how each scenario is simulated.
    private static func readRun(into spec: inout SweepSpec, _ fields: Fields) throws {
        let file = fields.file
        if let costs = fields.node["costs"] {
            spec.costs = try Self.costs(costs, file: file)
        } else {
            spec.costs = [Costs(name: "none", fillModel: FillModel())]
        }
        if let policy = fields.node["policy"] {
            let text = try file.scalar(policy, what: "policy")
            spec.policyPath = text == "none" ? nil : text
        } else {
            spec.policyPath = "policies/default.yaml"
        }
        if let instruments = fields.node["instruments"] {
            spec.instrumentsPath = try file.scalar(instruments, what: "instruments")
        } else if FileManager.default.fileExists(atPath: "data/instruments.yaml") {
            spec.instrumentsPath = "data/instruments.yaml"
        }
        if let cash = fields.node["cash"] {
            let value = try Self.number(cash, file: file, what: "cash")
            guard value > 0, value < 9e10 else { throw file.error(.value, "cash must be positive and below 90 billion", at: cash) }
            spec.cash = value
        }
        if let seed = fields.node["seed"] {
            guard let value = UInt64(exactly: try file.integer(seed, what: "seed")) else { throw file.error(.value, "seed must be a whole number ≥ 0", at: seed) }
            spec.seed = value
        }
    }

    /// `objective`, `constraints`, `max_scenarios` and `walk_forward`: how scenarios are ranked and split.
    private static func readRanking(into spec: inout SweepSpec, _ fields: Fields) throws {
        let file = fields.file
        if let objective = fields.node["objective"] {
            let text = try file.scalar(objective, what: "objective")
            guard let value = Objective(rawValue: text) else {
                throw file.error(.value, "unknown objective '\(text)'", at: objective, hint: "one of: \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            spec.objective = value
        }
        if let constraints = fields.node["constraints"] {
            for (key, _, value) in try file.mapping(constraints, allowed: ["min_trades", "max_drawdown"], what: "constraints") {
                if key == "min_trades" {
                    guard let count = Int(exactly: try file.integer(value, what: key)), count >= 0 else { throw file.error(.value, "min_trades must be a whole number ≥ 0", at: value) }
                    spec.constraints.minTrades = count
                } else {
                    let fraction = try Self.number(value, file: file, what: key)
                    guard fraction > 0, fraction <= 1 else { throw file.error(.value, "max_drawdown is a fraction in (0, 1], e.g. 0.2 for 20%", at: value) }
                    spec.constraints.maxDrawdown = fraction
                }
            }
        }
        if let cap = fields.node["max_scenarios"] {
            guard let value = Int(exactly: try file.integer(cap, what: "max_scenarios")), value > 0 else { throw file.error(.value, "max_scenarios must be a positive whole number", at: cap) }
            spec.maxScenarios = value
        }
        if let walkForward = fields.node["walk_forward"] {
            spec.walkForward = try Self.walkForward(walkForward, file: file)
            if spec.periods.count > 1 {
                throw file.error(.schema, "walk_forward splits one period into windows; list at most one period", at: fields.node["periods"]!)
            }
        }
    }

    private static func schema(strategyPath: String, source: String?, at node: Node, file: YAMLFile) throws -> StrategySchema {
        let text: String
        if let source {
            text = source
        } else {
            guard let read = try? String(contentsOfFile: strategyPath, encoding: .utf8) else {
                throw file.error(.unreadable, "cannot read the strategy \(strategyPath)", at: node, hint: "paths are relative to the directory you run spark in")
            }
            text = read
        }
        return try LuaStrategy(path: strategyPath, source: text, limits: LuaLimits(), seed: 1).schema
    }

    private static func parameter(_ name: String, in schema: StrategySchema, at node: Node, file: YAMLFile) throws(ConfigError) -> StrategySchema.Parameter {
        guard let parameter = schema.parameters.first(where: { $0.name == name }) else {
            throw file.error(.schema, "unknown parameter '\(name)' for strategy \(schema.name)", at: node, hint: "it declares: \(schema.parameters.map(\.name).joined(separator: ", "))")
        }
        return parameter
    }

    private static func number(_ node: Node, file: YAMLFile, what: String) throws(ConfigError) -> Double {
        try file.number(node, what: what)
    }

    /// One value, typed for `parameter` and inside its schema bounds.
    static func value(_ node: Node, for parameter: StrategySchema.Parameter, file: YAMLFile) throws(ConfigError) -> ParamValue {
        guard let scalar = node.scalar else { throw file.error(.schema, "a value of '\(parameter.name)' must be a single value", at: node) }
        let raw = scalar.style == .plain ? try ParamValue.strict(scalar.string) { () throws(ConfigError) in
            file.error(.value, "a value of '\(parameter.name)' must be written plainly, got '\(scalar.string)'", at: node, hint: YAMLNumber.hint)
        } : .string(scalar.string)
        return try checked(raw, for: parameter, at: node, file: file)
    }

    static func checked(_ raw: ParamValue, for parameter: StrategySchema.Parameter, at node: Node, file: YAMLFile) throws(ConfigError) -> ParamValue {
        let value: ParamValue
        switch (parameter.kind, raw) {
        case (.int, .int), (.number, .number), (.bool, .bool), (.string, .string): value = raw
        case (.number, .int(let integer)): value = .number(Double(integer))
        case (.string, _): value = .string(raw.description)
        default:
            throw file.error(.value, "'\(parameter.name)' is \(parameter.kind.rawValue) in the strategy's schema; \(raw) is not", at: node)
        }
        let numeric: Double? = switch value {
        case .int(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
        if let numeric {
            if let min = parameter.min, numeric < min {
                throw file.error(.value, "\(parameter.name) = \(value) is below the schema's minimum \(JSON.number(min))", at: node, hint: "the strategy declares \(parameter.name) in [\(JSON.number(min)), \(parameter.max.map(JSON.number) ?? "∞")]")
            }
            if let max = parameter.max, numeric > max {
                throw file.error(.value, "\(parameter.name) = \(value) is above the schema's maximum \(JSON.number(max))", at: node, hint: "the strategy declares \(parameter.name) in [\(parameter.min.map(JSON.number) ?? "-∞"), \(JSON.number(max))]")
            }
        }
        return value
    }

    /// A list `[a, b]`, `{ range: [from, to], step: s }` or `{ log_range: [from, to], count: n }`.
    private static func axisValues(_ node: Node, for parameter: StrategySchema.Parameter, file: YAMLFile) throws(ConfigError) -> [ParamValue] {
        var values: [ParamValue] = []
        if let list = node.sequence {
            values = try list.map { item throws(ConfigError) in try value(item, for: parameter, file: file) }
        } else if node.mapping != nil {
            let pairs = try file.mapping(node, allowed: ["range", "step", "log_range", "count"], what: "a range")
            let keys = Set(pairs.map(\.key))
            func bounds(_ key: String) throws(ConfigError) -> (Double, Double, Node) {
                let boundsNode = pairs.first { $0.key == key }!.value
                guard let pair = boundsNode.sequence, pair.count == 2 else {
                    throw file.error(.schema, "\(key) takes two numbers: [from, to]", at: boundsNode)
                }
                return (try number(pair[0], file: file, what: "\(key) start"), try number(pair[1], file: file, what: "\(key) end"), boundsNode)
            }
            guard parameter.kind == .int || parameter.kind == .number else {
                throw file.error(.schema, "'\(parameter.name)' is \(parameter.kind.rawValue); list its values instead of a range", at: node)
            }
            if keys == ["range", "step"] {
                let (from, to, at) = try bounds("range")
                let stepNode = pairs.first { $0.key == "step" }!.value
                let step = try number(stepNode, file: file, what: "step")
                guard step > 0 else { throw file.error(.value, "step must be positive", at: stepNode) }
                guard from <= to else { throw file.error(.value, "the range is empty: \(JSON.number(from)) is above \(JSON.number(to))", at: at, hint: "write [low, high]") }
                let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
                guard count <= 100_000 else { throw file.error(.value, "the range has \(count) values; a sweep axis may have at most 100000", at: at) }
                for index in 0..<count {
                    let raw = from + Double(index) * step
                    // Decimal steps (0.1) accumulate binary error; snap to the step's decimals.
                    let snapped = (raw * 1e9).rounded() / 1e9
                    values.append(try checked(parameter.kind == .int ? .int(Int64(snapped.rounded())) : .number(snapped), for: parameter, at: at, file: file))
                }
            } else if keys == ["log_range", "count"] {
                let (from, to, at) = try bounds("log_range")
                let countNode = pairs.first { $0.key == "count" }!.value
                guard let count = Int(exactly: try file.integer(countNode, what: "count")), count >= 1, count <= 100_000 else {
                    throw file.error(.value, "count must be a whole number from 1 to 100000", at: countNode)
                }
                guard from > 0, to > 0 else { throw file.error(.value, "a log range needs positive bounds", at: at) }
                guard from <= to else { throw file.error(.value, "the range is empty: \(JSON.number(from)) is above \(JSON.number(to))", at: at, hint: "write [low, high]") }
                for index in 0..<count {
                    let fraction = count == 1 ? 0 : Double(index) / Double(count - 1)
                    let raw = exp(log(from) + fraction * (log(to) - log(from)))
                    let value: ParamValue = parameter.kind == .int ? .int(Int64(raw.rounded())) : .number(Double(String(format: "%.6g", raw))!)
                    values.append(try checked(value, for: parameter, at: at, file: file))
                }
            } else {
                throw file.error(.schema, "a range is { range: [from, to], step: s } or { log_range: [from, to], count: n }", at: node)
            }
        } else {
            values = [try value(node, for: parameter, file: file)]
        }
        // Rounding (int log ranges) can repeat a value; a repeated value is the same scenario twice.
        var seen: [ParamValue] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        guard !seen.isEmpty else {
            throw file.error(.value, "'\(parameter.name)' has no values to try", at: node, hint: "list at least one value")
        }
        return seen
    }

    private static func search(_ node: Node, file: YAMLFile) throws(ConfigError) -> Search {
        if let scalar = node.scalar, scalar.string == "grid" { return .grid }
        guard node.mapping != nil else { throw file.error(.schema, "search is `grid` or `{ random: N, seed: S }`", at: node) }
        var count: Int?
        var seed: UInt64 = 1
        for (key, _, value) in try file.mapping(node, allowed: ["random", "seed"], what: "search") {
            if key == "random" {
                guard let value = Int(exactly: try file.integer(value, what: "random")), value > 0 else { throw file.error(.value, "random needs a positive sample count", at: value) }
                count = value
            } else {
                guard let value = UInt64(exactly: try file.integer(value, what: "seed")) else { throw file.error(.value, "seed must be a whole number ≥ 0", at: value) }
                seed = value
            }
        }
        guard let count else { throw file.error(.schema, "search needs `random: N`", at: node) }
        return .random(count: count, seed: seed)
    }

    private static func time(_ node: Node, file: YAMLFile, what: String) throws(ConfigError) -> Int64 {
        let text = try file.scalar(node, what: what)
        guard let value = ISOTime.parse(text) else {
            throw file.error(.value, "\(what) \(text) is not a time", at: node, hint: "write 2024-01-01, 2024-01-01T12:00:00Z or epoch milliseconds")
        }
        return value
    }

    private static func periods(_ node: Node, file: YAMLFile) throws(ConfigError) -> [Period] {
        guard let list = node.sequence, !list.isEmpty else { throw file.error(.schema, "periods must be a non-empty list of { name, from, to }", at: node) }
        var periods: [Period] = []
        for item in list {
            var period = Period(name: "", from: nil, to: nil)
            for (key, _, value) in try file.mapping(item, allowed: ["name", "from", "to"], what: "a period") {
                switch key {
                case "name": period.name = try file.scalar(value, what: "name")
                case "from": period.from = try time(value, file: file, what: "from")
                default: period.to = try time(value, file: file, what: "to")
                }
            }
            if let from = period.from, let to = period.to, from > to {
                throw file.error(.value, "the period ends before it starts", at: item)
            }
            if period.name.isEmpty { period.name = "p\(periods.count + 1)" }
            guard !periods.contains(where: { $0.name == period.name }) else { throw file.error(.schema, "two periods are named '\(period.name)'", at: item) }
            periods.append(period)
        }
        return periods
    }

    private static func costs(_ node: Node, file: YAMLFile) throws(ConfigError) -> [Costs] {
        guard let list = node.sequence, !list.isEmpty else { throw file.error(.schema, "costs must be a non-empty list of { name, fee_bps, slippage_bps }", at: node) }
        var result: [Costs] = []
        for item in list {
            var costs = Costs(name: "", fillModel: FillModel())
            var maker: Double?
            for (key, _, value) in try file.mapping(item, allowed: ["name", "fee_bps", "maker_fee_bps", "slippage_bps", "slippage_ticks", "fill_at"], what: "a cost scenario") {
                switch key {
                case "name": costs.name = try file.scalar(value, what: "name")
                case "slippage_ticks":
                    guard let ticks = Int64(exactly: try file.integer(value, what: key)), ticks >= 0 else { throw file.error(.value, "slippage_ticks must be a whole number ≥ 0", at: value) }
                    costs.fillModel.slippageTicks = ticks
                case "fill_at":
                    let text = try file.scalar(value, what: key)
                    guard text == "next-open" || text == "close" else { throw file.error(.value, "fill_at is next-open or close", at: value) }
                    costs.fillModel.marketFill = text == "close" ? .close : .nextOpen
                default:
                    let bps = try number(value, file: file, what: key)
                    guard bps >= 0, bps < 10_000 else { throw file.error(.value, "\(key) must be between 0 and 10000", at: value) }
                    switch key {
                    case "fee_bps": costs.fillModel.takerFeeBps = bps
                    case "maker_fee_bps": maker = bps
                    default: costs.fillModel.slippageBps = bps
                    }
                }
            }
            costs.fillModel.makerFeeBps = maker ?? costs.fillModel.takerFeeBps
            if costs.name.isEmpty { costs.name = "c\(result.count + 1)" }
            guard !result.contains(where: { $0.name == costs.name }) else { throw file.error(.schema, "two cost scenarios are named '\(costs.name)'", at: item) }
            result.append(costs)
        }
        return result
    }

    /// `90m`, `12h`, `3d`, `2w` in milliseconds.
    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        let scale: Int64? = switch unit {
        case "m": 60_000
        case "h": 3_600_000
        case "d": 86_400_000
        case "w": 604_800_000
        default: nil
        }
        return scale.map { $0 * count }
    }

    private static func walkForward(_ node: Node, file: YAMLFile) throws(ConfigError) -> WalkForward {
        var mode = WalkForward.Mode.rolling
        var inSample: Int64?, outOfSample: Int64?, step: Int64?
        for (key, _, value) in try file.mapping(node, allowed: ["mode", "in_sample", "out_of_sample", "step"], what: "walk_forward") {
            if key == "mode" {
                let text = try file.scalar(value, what: "mode")
                guard let parsed = WalkForward.Mode(rawValue: text) else { throw file.error(.value, "mode is rolling or anchored", at: value) }
                mode = parsed
                continue
            }
            let text = try file.scalar(value, what: key)
            guard let ms = duration(text) else { throw file.error(.value, "\(key) \(text) is not a duration", at: value, hint: "write 90m, 12h, 3d or 2w") }
            switch key {
            case "in_sample": inSample = ms
            case "out_of_sample": outOfSample = ms
            default: step = ms
            }
        }
        guard let inSample, let outOfSample else {
            throw file.error(.schema, "walk_forward needs in_sample and out_of_sample lengths", at: node, hint: "e.g. { in_sample: 3d, out_of_sample: 1d }")
        }
        return WalkForward(mode: mode, inSampleMs: inSample, outOfSampleMs: outOfSample, stepMs: step ?? outOfSample)
    }
}
