import Foundation
public import SparkCore
public import Strategies
internal import Yams
public import SparkConfig

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
                    values[name] = try Self.typed(scalar, node: valueNode, what: name, in: file)
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


    /// A plain scalar is an int (`12`), a number (`0.02`) or a boolean; anything else plain that reads
    /// as a number (`012`, `+12`, `.5`, `0x0C`) is refused, so no second spelling loads or hashes alike.
    static func typed(_ scalar: Node.Scalar, node: Node, what: String, in file: YAMLFile) throws(ConfigError) -> ParamValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        return try ParamValue.strict(scalar.string) { () throws(ConfigError) in
            file.error(.value, "the value of '\(what)' must be written plainly, got '\(scalar.string)'", at: node, hint: YAMLNumber.hint)
        }
    }

    /// Checks the values against the strategy's schema, pointing at the offending line on failure.
    public func resolve(against schema: StrategySchema, overrides: [String: ParamValue] = [:]) throws(ConfigError) -> [String: ParamValue] {
        guard strategy == schema.name else {
            throw ConfigError(.schema, "param set is for strategy '\(strategy)' but the strategy file declares '\(schema.name)'", file: path, hint: "pick the param set under params/\(schema.name)/")
        }
        var merged = values
        for (key, value) in overrides { merged[key] = value }
        // An int parameter takes a whole number written as one: `12.0` and `1.2e1` are refused, not rounded.
        for parameter in schema.parameters where parameter.kind == .int {
            if case .number(let number) = merged[parameter.name] {
                let place = overrides[parameter.name] != nil ? "--set \(parameter.name)" : (locations[parameter.name] ?? path)
                throw ConfigError(.value, "parameter '\(parameter.name)' is an int; \(number) is not written as a whole number", file: place, hint: "write it without a fraction or exponent, e.g. \(parameter.name): \(Int64(exactly: number.rounded()).map(String.init) ?? "12")")
            }
        }
        do {
            return try schema.resolve(merged, source: path)
        } catch {
            let place = overrides[error.key] != nil ? "--set \(error.key)" : (locations[error.key] ?? path)
            throw ConfigError(.schema, error.message, file: place)
        }
    }
}
