import Foundation
import LuaRuntime
import Strategies
import Desk

/// `spark strategy check`: load in the sandbox, validate the schema, optionally a param set.
public enum StrategyCheck {
    /// Returns a readable summary, or throws the first problem with its location.
    public static func run(path: String, paramsPath: String?) throws -> String {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the strategy file", file: path)
        }
        let strategy = try LuaStrategy(path: path, source: source, limits: LuaLimits(), seed: 1)
        var lines = ["\(path): ok — strategy \(strategy.schema.name), sha256 \(RunSetup.sha256Hex(source))"]
        lines.append("callbacks: " + strategy.callbacks.joined(separator: ", "))
        lines.append("params:")
        for parameter in strategy.schema.parameters {
            var text = "  \(parameter.name): \(parameter.kind.rawValue)"
            if let min = parameter.min { text += ", min \(bound(min))" }
            if let max = parameter.max { text += ", max \(bound(max))" }
            if let value = parameter.defaultValue { text += ", default \(value)" }
            if let description = parameter.description { text += " — \(description)" }
            lines.append(text)
        }
        if let paramsPath {
            let resolved = try ParamSetFile.load(path: paramsPath).resolve(against: strategy.schema)
            lines.append("\(paramsPath): ok — \(RunSetup.canonical(resolved))")
        }
        return lines.joined(separator: "\n")
    }

    /// A bound as it is written in a strategy: `2`, not `2.0`; `0.00001`, not `1e-05`.
    static func bound(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.12f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
