import Foundation
public import Strategies
internal import Yams

/// A param set file (`params/<strategy>/<name>.yaml`): which strategy, and the values it runs with.
///
/// ```yaml
/// strategy: sma_cross
/// values: { fast: 10, slow: 30, size: 1 }
/// ```
public struct ParamSetFile: Sendable {
    public var path: String
    public var strategy: String
    public var values: [String: ParamValue]
    /// "file:line:column" of each value, so a schema error points at the line to edit.
    public var locations: [String: String]

    public static func load(path: String) throws(ConfigError) -> ParamSetFile {
        let file = try YAMLFile(path: path)
        var strategy: String?
        var values: [String: ParamValue] = [:]
        var locations: [String: String] = [:]
        for (key, _, value) in try file.mapping(file.root, allowed: ["strategy", "values", "description"], what: "a param set") {
            switch key {
            case "strategy":
                strategy = try file.scalar(value, what: "strategy")
            case "values":
                for (name, nameNode, valueNode) in try file.mapping(value, what: "values") {
                    guard let scalar = valueNode.scalar else {
                        throw file.error(.schema, "value of '\(name)' must be a single number, boolean or text", at: valueNode)
                    }
                    values[name] = Self.typed(scalar)
                    locations[name] = "\(path):\(nameNode.mark?.line ?? 0):\(nameNode.mark?.column ?? 0)"
                }
            default:
                break
            }
        }
        guard let strategy else {
            throw ConfigError(.schema, "the param set names no strategy", file: path, line: 1, column: 1, hint: "add `strategy: <name>` matching strategy.name in the Lua file")
        }
        return ParamSetFile(path: path, strategy: strategy, values: values, locations: locations)
    }


    /// YAML's plain scalars follow its core schema: 12 is an int, 0.02 a number, true a boolean.
    static func typed(_ scalar: Node.Scalar) -> ParamValue {
        if scalar.style == .plain {
            if let integer = Int64(scalar.string) { return .int(integer) }
            if let number = Double(scalar.string), number.isFinite { return .number(number) }
            if ["true", "True", "TRUE"].contains(scalar.string) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(scalar.string) { return .bool(false) }
        }
        return .string(scalar.string)
    }

    /// Checks the values against the strategy's schema, pointing at the offending line on failure.
    public func resolve(against schema: StrategySchema, overrides: [String: ParamValue] = [:]) throws(ConfigError) -> [String: ParamValue] {
        guard strategy == schema.name else {
            throw ConfigError(.schema, "param set is for strategy '\(strategy)' but the strategy file declares '\(schema.name)'", file: path, hint: "pick the param set under params/\(schema.name)/")
        }
        var merged = values
        for (key, value) in overrides { merged[key] = value }
        do {
            return try schema.resolve(merged, source: path)
        } catch {
            let place = overrides[error.key] != nil ? "--set \(error.key)" : (locations[error.key] ?? path)
            throw ConfigError(.schema, error.message, file: place)
        }
    }
}
