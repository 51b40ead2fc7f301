import Foundation
public import Drivers
import MarketData
public import Strategies
public import SparkCore

/// The scenarios a spec expands to, checked against the cap before anything runs.
public struct SweepPlan: Sendable {
    public let spec: SweepSpec
    public let schema: StrategySchema
    /// Param sets in plan order (grid order or sampling order), resolved against the schema.
    public let paramSets: [[String: ParamValue]]
    /// Every (param set × symbol × period × costs), keys not yet set.
    public let scenarios: [Scenario]
    /// Size of the full grid, also for random search.
    public let gridSize: Int

    /// Expands `spec`; refuses a grid larger than `spec.maxScenarios` with the count and what to do.
    public init(spec: SweepSpec) throws(ConfigError) {
        self.spec = spec
        let schema = spec.schema
        self.schema = schema
        var grid = 1
        var overflow = false
        for axis in spec.axes {
            let (product, didOverflow) = grid.multipliedReportingOverflow(by: axis.values.count)
            grid = product
            overflow = overflow || didOverflow
        }
        let perParams = spec.symbols.count * spec.periods.count * spec.costs.count
        let indices: [Int]
        switch spec.search {
        case .grid:
            let (total, tooMany) = grid.multipliedReportingOverflow(by: perParams)
            if overflow || tooMany || total > spec.maxScenarios {
                let count = overflow || tooMany ? "more than \(Int.max)" : "\(total)"
                let axes = spec.axes.map { "\($0.name) \($0.values.count)" }.joined(separator: " × ")
                throw ConfigError(
                    .value, "the grid expands to \(count) scenarios (\(axes) params × \(perParams) symbol/period/cost combinations), above max_scenarios \(spec.maxScenarios)",
                    file: spec.path, hint: "sample it instead with `search: { random: 500, seed: 1 }`, narrow the ranges, or raise max_scenarios"
                )
            }
            indices = Array(0..<grid)
        case .random(let count, let seed):
            let samples = overflow ? count : min(count, grid)
            let (total, tooMany) = samples.multipliedReportingOverflow(by: perParams)
            if tooMany || total > spec.maxScenarios {
                throw ConfigError(.value, "random search asks for \(tooMany ? "too many" : "\(total)") scenarios, above max_scenarios \(spec.maxScenarios)", file: spec.path, hint: "lower random: or raise max_scenarios")
            }
            indices = Self.sample(samples, of: overflow ? Int.max : grid, seed: seed)
        }
        gridSize = overflow ? Int.max : grid
        var sets: [[String: ParamValue]] = []
        for index in indices {
            var values = spec.fixed
            var rest = index
            // Mixed radix, last axis fastest: the grid reads like nested loops in spec order.
            for axis in spec.axes.reversed() {
                values[axis.name] = axis.values[rest % axis.values.count]
                rest /= axis.values.count
            }
            do {
                sets.append(try schema.resolve(values, source: spec.path))
            } catch {
                throw ConfigError(.schema, error.message, file: spec.path)
            }
        }
        paramSets = sets
        var scenarios: [Scenario] = []
        for params in sets {
            for symbol in spec.symbols {
                for period in spec.periods {
                    for costs in spec.costs {
                        scenarios.append(Scenario(index: scenarios.count, params: params, symbol: symbol, period: period, costs: costs))
                    }
                }
            }
        }
        self.scenarios = scenarios
    }

    /// `count` distinct indices below `size`, by a partial Fisher–Yates shuffle over a virtual array.
    static func sample(_ count: Int, of size: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        var swapped: [Int: Int] = [:]
        var picked: [Int] = []
        picked.reserveCapacity(count)
        for position in 0..<count {
            let remaining = UInt64(size - position)
            let offset = Int(random.next() % remaining)
            let chosen = position + offset
            let value = swapped[chosen] ?? chosen
            swapped[chosen] = swapped[position] ?? position
            picked.append(value)
        }
        return picked
    }
}
