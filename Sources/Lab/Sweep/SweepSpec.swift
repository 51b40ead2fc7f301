public import Drivers
public import Engine
public import Strategies
public import SparkCore

/// A sweep as its spec file describes it: one strategy, the params to vary, and where to run them.
///
/// See docs/lab.md for the file format. Paths are as written in the spec (relative to the working
/// directory, like every other Spark path).
public struct SweepSpec: Sendable {
    /// One varied parameter and the values it takes, in the spec's order.
    public struct Axis: Sendable, Equatable {
        public var name: String
        public var values: [ParamValue]
        /// "file:line:column" of the axis in the spec.
        public var location: String
    }

    /// How the scenario space is searched.
    public enum Search: Sendable, Equatable {
        /// Every combination of the axes' values.
        case grid
        /// `count` distinct combinations drawn uniformly from the grid with a seeded generator.
        case random(count: Int, seed: UInt64)
    }

    /// A named time range; nil bounds mean the data's start or end.
    public struct Period: Sendable, Equatable {
        public var name: String
        public var from: Int64?
        public var to: Int64?
    }

    /// A named fee and slippage model.
    public struct Costs: Sendable, Equatable {
        public var name: String
        public var fillModel: FillModel
    }

    /// Rows that break a constraint are listed but never win.
    public struct Constraints: Sendable, Equatable {
        public var minTrades: Int?
        /// Largest acceptable drawdown, as a positive fraction (0.2 = 20%).
        public var maxDrawdown: Double?
    }

    /// Rolling or anchored in-sample/out-of-sample windows.
    public struct WalkForward: Sendable, Equatable {
        public enum Mode: String, Sendable { case rolling, anchored }
        public var mode: Mode
        public var inSampleMs: Int64
        public var outOfSampleMs: Int64
        /// How far each window moves; defaults to the out-of-sample length, so test windows tile.
        public var stepMs: Int64
    }

    public var path: String
    public var name: String
    public var strategyPath: String
    /// The strategy's declared params, read from its file when the spec was loaded.
    public var schema: StrategySchema
    public var paramsPath: String?
    public var fixed: [String: ParamValue]
    public var axes: [Axis]
    public var search: Search
    public var data: BacktestRequest.DataSource
    public var symbols: [String]
    public var interval: String
    public var periods: [Period]
    public var costs: [Costs]
    /// nil runs unguarded.
    public var policyPath: String?
    public var instrumentsPath: String?
    public var cash: Double
    public var seed: UInt64
    public var objective: Objective
    public var constraints: Constraints
    /// The largest number of scenarios a grid may expand to before the spec is refused.
    public var maxScenarios: Int
    public var walkForward: WalkForward?
}
