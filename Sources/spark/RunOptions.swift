import ArgumentParser
import Drivers
import Engine
import LuaRuntime
import Strategies
import Foundation
import SparkConfig
import Desk
import SparkCore

/// Options shared by every command that runs a strategy.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The strategy's Lua file.", valueName: "file"))
    var strategy: String

    @Option(name: .long, help: ArgumentHelp("The symbol to trade, e.g. BTCUSDT.", valueName: "symbol"))
    var symbol: String

    @Option(name: .long, help: ArgumentHelp("Bar interval of the data; it must match the bars' spacing (backtest default: the bars' spacing; paper default: 1m).", valueName: "interval"))
    var interval: String?

    @Option(name: .long, help: ArgumentHelp("A param set file (params/<strategy>/<name>.yaml).", valueName: "file"))
    var params: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one parameter, e.g. --set fast=12 (repeatable).", valueName: "key=value"))
    var sets: [String] = []

    @Option(name: .long, help: "Starting cash in the quote currency.")
    var cash: Double = 10_000

    @OptionGroup var costs: CostOptions

    @Option(name: .customLong("slippage-ticks"), help: "Further adverse slippage in whole ticks.")
    var slippageTicks: Int64 = 0

    @Option(name: .customLong("fill-at"), help: "When market orders fill: next-open (default) or close (the signal bar's close).")
    var fillAt: FillAt = .nextOpen

    @Option(name: .customLong("intrabar"), help: ArgumentHelp(
        "Which extreme of a bar the simulated venue visits first after the open, so which of a stop and a target touched in the same bar fills: adverse (default: the extreme against the position first, a stop before a target), favorable (a target first; for comparison), nearest (the extreme nearer the open first). See docs/fills.md.",
        valueName: "path"
    ))
    var intrabar: Intrabar = .adverse

    @Option(name: .customLong("volume-share"), help: ArgumentHelp(
        "Cap the quantity all fills of a symbol on one bar may take together at this fraction of the bar's volume (e.g. 0.1); what does not fit stays working, partly filled. 0 (default) is off.",
        valueName: "fraction"
    ))
    var volumeShare: Double = 0

    @Option(name: .customLong("latency-bars"), help: ArgumentHelp(
        "Bars an order waits before it reaches the simulated venue's book (0, the default: it works from the next bar).",
        valueName: "n"
    ))
    var latencyBars: Int = 0

    @Option(name: .long, help: "Seed for the strategy's math.random.")
    var seed: UInt64 = 1

    @Option(name: .customLong("time-budget-ms"), help: "Wall-clock budget per strategy callback; an overrun stops the strategy.")
    var timeBudgetMs: Int = 500

    @Option(name: .customLong("instruction-budget"), help: "Deterministic budget in Lua instructions per callback (about 30% slower; off by default).")
    var instructionBudget: Int?

    @Option(name: .customLong("memory-mb"), help: "Memory cap for the strategy's Lua state, in MiB.")
    var memoryMB: Int = 64

    @Option(name: .long, help: ArgumentHelp("The instruments file (default: data/instruments.yaml when present).", valueName: "file"))
    var instruments: String?

    @Option(name: .long, help: ArgumentHelp("The guardrail policy every order passes (default: the project's policies/default.yaml; see docs/policies.md).", valueName: "file"))
    var policy: String?

    enum Intrabar: String, ExpressibleByArgument, CaseIterable {
        case adverse, favorable, nearest
    }

    enum FillAt: String, ExpressibleByArgument, CaseIterable {
        case nextOpen = "next-open", close
    }

    func validate() throws {
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive number") }
        guard slippageTicks >= 0 else { throw ValidationError("--slippage-ticks must not be negative") }
        guard volumeShare.isFinite, volumeShare >= 0, volumeShare <= 1 else { throw ValidationError("--volume-share must be between 0 (off) and 1") }
        guard latencyBars >= 0, latencyBars <= 1_000 else { throw ValidationError("--latency-bars must be between 0 and 1000") }
        guard timeBudgetMs > 0 else { throw ValidationError("--time-budget-ms must be positive") }
        guard memoryMB >= 1, memoryMB <= 16_384 else { throw ValidationError("--memory-mb must be between 1 and 16384") }
        if let instructionBudget, instructionBudget <= 0 { throw ValidationError("--instruction-budget must be positive") }
        _ = try overrides()
    }

    func overrides() throws -> [String: ParamValue] {
        try Self.overrides(sets)
    }

    /// `--set key=value` items as param values, each written plainly (strict YAML's rules).
    static func overrides(_ sets: [String]) throws -> [String: ParamValue] {
        var values: [String: ParamValue] = [:]
        for item in sets {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--set \(item): expected key=value, e.g. --set fast=12")
            }
            let text = String(item[item.index(after: equals)...])
            values[String(item[..<equals])] = try ParamValue.strict(text) { () throws(ConfigError) in
                ConfigError(.flag, "--set \(item): '\(text)' is not written plainly", hint: YAMLNumber.hint)
            }
        }
        return values
    }

    var fillModel: FillModel {
        FillModel(
            marketFill: fillAt == .close ? .close : .nextOpen, makerFeeBps: costs.makerBps, takerFeeBps: costs.feeBps,
            slippageBps: costs.slippageBps, slippageTicks: slippageTicks, intrabar: FillModel.IntrabarPath(rawValue: intrabar.rawValue) ?? .adverse, volumeShare: volumeShare,
            latencyBars: latencyBars
        )
    }

    var limits: LuaLimits {
        var limits = LuaLimits()
        limits.timeBudget = .milliseconds(timeBudgetMs)
        limits.instructionBudget = instructionBudget
        limits.memoryLimit = memoryMB << 20
        return limits
    }

    /// A backtest's policy: --policy, else the enclosing project's default, else policies/default.yaml here
    /// (backtests run anywhere, inside a project or not).
    func backtestPolicy() throws -> String {
        if let policy { return policy }
        if let project = try? Project.locate() { return "\(project.policiesDirectory)/default.yaml" }
        guard FileManager.default.fileExists(atPath: "policies/default.yaml") else {
            CLI.warn(ConfigError(
                .flag, "no guardrail policy: outside a project there is no policies/default.yaml to default to",
                hint: "pass --policy FILE, or --no-policy to run this backtest unguarded"
            ).description)
            throw ExitCode.failure
        }
        return "policies/default.yaml"
    }

    var instrumentsPath: String? {
        if let instruments { return instruments }
        return FileManager.default.fileExists(atPath: "data/instruments.yaml") ? "data/instruments.yaml" : nil
    }
}
