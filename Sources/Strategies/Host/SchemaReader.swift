import Engine
import LuaRuntime
import SparkCore

/// Reads and checks the `strategy` table a strategy file declares.
enum SchemaReader {
    static func read(state: LuaState, path: String) throws(StrategyFailure) -> StrategySchema {
        func fail(_ message: String) -> StrategyFailure {
            StrategyFailure(code: .schema, message: "\(path): \(message)", location: path)
        }
        let value: LuaValue
        do {
            value = try state.global("strategy")
        } catch {
            throw StrategyFailure(error, defaultCode: .schema)
        }
        guard case .table(let fields) = value else {
            throw fail("declares no `strategy = { name = \"…\", params = { … } }` table")
        }
        for key in fields.keys where !["name", "params", "description"].contains(key) {
            throw fail("strategy.\(key) is not a known field (name, params, description)")
        }
        guard let name = fields["name"]?.string, !name.isEmpty else {
            throw fail("strategy.name must be a non-empty string")
        }
        var parameters: [StrategySchema.Parameter] = []
        switch fields["params"] ?? .table([:]) {
        case .table(let params):
            for (key, spec) in params {
                parameters.append(try parameter(key, spec, fail: fail))
            }
        case .array(let items) where items.isEmpty:
            break
        default:
            throw fail("strategy.params must be a table of { type = …, … } entries keyed by name")
        }
        return StrategySchema(name: name, parameters: parameters)
    }

    private static func parameter(_ name: String, _ spec: LuaValue, fail: (String) -> StrategyFailure) throws(StrategyFailure) -> StrategySchema.Parameter {
        guard case .table(let fields) = spec else {
            throw fail("strategy.params.\(name) must be a table such as { type = \"int\", default = 10 }")
        }
        for key in fields.keys where !["type", "min", "max", "default", "description"].contains(key) {
            throw fail("strategy.params.\(name).\(key) is not a known field (type, min, max, default, description)")
        }
        guard let typeName = fields["type"]?.string, let kind = StrategySchema.Parameter.Kind(rawValue: typeName) else {
            throw fail("strategy.params.\(name).type must be one of int, number, bool, string")
        }
        func bound(_ key: String) throws(StrategyFailure) -> Double? {
            guard let value = fields[key] else { return nil }
            guard let number = value.number, number.isFinite else {
                throw fail("strategy.params.\(name).\(key) must be a finite number")
            }
            return number
        }
        let min = try bound("min"), max = try bound("max")
        if let min, let max, min > max { throw fail("strategy.params.\(name): min \(min) is above max \(max)") }
        var defaultValue: ParamValue?
        if let raw = fields["default"] {
            defaultValue = switch raw {
            case .integer(let value): .int(value)
            case .number(let value): .number(value)
            case .bool(let value): .bool(value)
            case .string(let value): .string(value)
            default: nil
            }
            guard defaultValue != nil else { throw fail("strategy.params.\(name).default must be a number, boolean or string") }
        }
        var parameter = StrategySchema.Parameter(name: name, kind: kind, min: min, max: max, defaultValue: nil, description: fields["description"]?.string)
        if let defaultValue {
            let schema = StrategySchema(name: "check", parameters: [parameter])
            do {
                _ = try schema.resolve([name: defaultValue], source: "default")
            } catch {
                throw fail("strategy.params.\(name).default: \(error.message)")
            }
            parameter.defaultValue = defaultValue
        }
        return parameter
    }
}
