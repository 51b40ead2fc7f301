import Foundation
import Drivers

/// Turns a sweep's best.json winner into a param set file that `spark params propose` accepts.
public enum WinnerParamSet {
    /// Writes `params/<strategy>/<name>.yaml` (or `output`) with the winner's params for `symbol`.
    ///
    /// - Returns: the path written.
    /// - Throws: ``ConfigError`` when best.json is unreadable, has no winner for `symbol`, or the target
    ///   file exists with other values (a param set is never silently replaced).
    public static func write(best path: String, symbol: String?, output: String?) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let best = try? JSONDecoder().decode(Best.self, from: data) else {
            throw ConfigError(.unreadable, "not a sweep's best.json", file: path, hint: "point at best.json in a sweep's evidence directory")
        }
        let symbols = best.winners.map(\.symbol)
        guard let winner = symbol.map({ wanted in best.winners.first { $0.symbol == wanted } }) ?? (best.winners.count == 1 ? best.winners.first : nil) else {
            if let symbol {
                throw ConfigError(.value, "best.json has no winner for \(symbol)", file: path, hint: symbols.isEmpty ? "no scenario met the constraints; relax them or widen the ranges" : "winners exist for: \(symbols.joined(separator: ", "))")
            }
            throw ConfigError(.flag, "best.json has \(symbols.count) winners; name one with --symbol", file: path, hint: symbols.isEmpty ? "no scenario met the constraints" : "one of: \(symbols.joined(separator: ", "))")
        }
        let target = output ?? "params/\(best.strategy)/sweep-\(winner.symbol.lowercased()).yaml"
        var lines = [
            "strategy: \(best.strategy)",
            "description: \(JSON.string("sweep \(best.sweep) winner on \(winner.symbol) by \(best.objective) (scenario \(winner.scenarioKey.prefix(12)), \(path))"))",
            "values:",
        ]
        for key in winner.params.keys.sorted() {
            lines.append("  \(key): \(winner.params[key]!.yaml)")
        }
        let text = lines.joined(separator: "\n") + "\n"
        if let existing = FileManager.default.contents(atPath: target), String(decoding: existing, as: UTF8.self) != text {
            throw ConfigError(.value, "a different param set already exists here", file: target, hint: "pass --output with a new file name")
        }
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        return target
    }

    struct Best: Decodable {
        var sweep: String
        var strategy: String
        var objective: String
        var winners: [Winner]
    }

    struct Winner: Decodable {
        var symbol: String
        var params: [String: Scalar]
        var scenarioKey: String

        enum CodingKeys: String, CodingKey { case symbol, params, scenarioKey = "scenario_key" }
    }

    /// A param value as best.json holds it; booleans first, since a number never decodes as one.
    enum Scalar: Decodable {
        case bool(Bool), int(Int64), number(Double), text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let integer = try? container.decode(Int64.self) {
                self = .int(integer)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var yaml: String {
            switch self {
            case .bool(let flag): flag ? "true" : "false"
            case .int(let integer): String(integer)
            case .number(let number): JSON.number(number)
            case .text(let text): JSON.string(text)
            }
        }
    }
}
