// Release-mode benchmarks. stdout carries only JSON lines {"name","value","unit"}; everything else
// goes to stderr. Bars are generated in memory; load time is reported apart from run time.
import Foundation
import Drivers
import Engine
import LuaRuntime
import SparkCore
import Strategies
import Approvals

func emit(_ name: String, _ value: Double, _ unit: String) {
    let rounded = (value * 1000).rounded() / 1000
    print("{\"name\":\"\(name)\",\"value\":\(rounded),\"unit\":\"\(unit)\"}")
}

func note(_ text: String) {
    StandardError.write(text + "\n")
}

/// A deterministic random walk with slow regime changes, so an SMA cross trades.
struct WalkBars: Sequence, IteratorProtocol {
    var remaining: Int
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var price = 42_000.0
    var time: Int64 = 1_704_067_200_000
    var step = 0

    init(count: Int) { remaining = count }

    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }

    mutating func next() -> Bar? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        step += 1
        let drift = sin(Double(step) / 700) * 0.0002
        let open = price
        let close = Swift.max(1, open * (1 + drift + (uniform() - 0.5) * 0.002))
        let high = Swift.max(open, close) * (1 + uniform() * 0.0005)
        let low = Swift.min(open, close) * (1 - uniform() * 0.0005)
        price = close
        time += 60_000
        return Bar(symbol: SymbolID(0), time: time, open: open, high: high, low: low, close: close, volume: 1 + uniform() * 10)
    }
}

let strategyPath = "strategies/sma_cross.lua"

func backtest(bars: [Bar]?, count: Int, guarded: Bool = false) throws -> (bars: Int, seconds: Double, trades: Int) {
    let source = try String(contentsOfFile: strategyPath, encoding: .utf8)
    let strategy = try LuaStrategy(path: strategyPath, source: source, limits: LuaLimits(), seed: 1)
    let symbols = SymbolTable(["BTCUSDT"])
    try strategy.bind(params: ["fast": .int(10), "slow": .int(30), "size": .number(0.01)], symbols: symbols, primary: SymbolID(0))
    let engine = Engine(configuration: EngineConfiguration(initialCash: Money(1_000_000)!), symbols: symbols, instruments: [.fallback(symbol: "BTCUSDT")])
    if guarded {
        engine.preTradeGuard = try GuardSetup.prepare(path: "policies/default.yaml", strategy: "sma_cross", symbols: symbols, mode: .backtest).guardrails
    }
    let loop = SessionLoop(engine: engine, venue: SimulatedVenue(model: FillModel(), instruments: engine.instruments, cash: engine.configuration.initialCash))
    let clock = ContinuousClock()
    let start = clock.now
    loop.start(strategy, at: 0)
    // Like the backtest driver, take decisions and closed trades as they come: nothing piles up.
    var trades = 0
    func step(_ bar: Bar) {
        loop.step(bar)
        _ = engine.takeDecisions()
        trades += engine.takeClosedLots().count
    }
    if let bars {
        for bar in bars { step(bar) }
    } else {
        for bar in WalkBars(count: count) { step(bar) }
    }
    loop.finish()
    trades += engine.takeClosedLots().count
    let elapsed = clock.now - start
    if let failure = engine.failure { throw failure }
    return (engine.barCount, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, trades)
}

/// The same SMA 10/30 cross as one plain Lua loop: the floor any host adds cost to.
let floorSource = """
local closes = {}
function setup(n, seed)
  math.randomseed(seed)
  local price, step = 42000.0, 0
  for i = 1, n do
    step = step + 1
    local drift = math.sin(step / 700) * 0.0002
    price = price * (1 + drift + (math.random() - 0.5) * 0.002)
    closes[i] = price
  end
end
function run()
  local fast_n, slow_n = 10, 30
  local fast_buf, slow_buf = {}, {}
  local fast_sum, slow_sum = 0.0, 0.0
  local prev_fast, prev_slow
  local position, trades = 0, 0
  for i = 1, #closes do
    local c = closes[i]
    local fi, si = (i - 1) % fast_n + 1, (i - 1) % slow_n + 1
    fast_sum = fast_sum + c - (fast_buf[fi] or 0); fast_buf[fi] = c
    slow_sum = slow_sum + c - (slow_buf[si] or 0); slow_buf[si] = c
    local fast = i >= fast_n and fast_sum / fast_n or nil
    local slow = i >= slow_n and slow_sum / slow_n or nil
    if fast and slow and prev_fast and prev_slow then
      if position == 0 and prev_fast < prev_slow and fast > slow then position = 1
      elseif position > 0 and prev_slow < prev_fast and slow > fast then position = 0; trades = trades + 1 end
    end
    prev_fast, prev_slow = fast, slow
  end
  result = trades
end
"""

func luaFloor(count: Int) throws -> Double {
    var limits = LuaLimits()
    limits.memoryLimit = 2 << 30
    limits.timeBudget = .seconds(120)
    let state = try LuaState(limits: limits, seed: 1)
    try state.load(source: floorSource, chunkName: "=floor")
    guard let setup = state.functionRef(global: "setup"), let run = state.functionRef(global: "run") else { fatalError("floor chunk") }
    try state.call(setup, .integer(Int64(count)), .integer(1))
    let clock = ContinuousClock()
    let start = clock.now
    try state.call(run)
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "--profile", let count = Int(arguments[3]) {
    // One backtest over `count` generated bars, for callgrind or perf: `--profile guarded|plain N`.
    let bars = Array(WalkBars(count: count))
    let result = try backtest(bars: bars, count: count, guarded: arguments[2] == "guarded")
    note("\(arguments[2]): \(result.bars) bars, \(result.trades) trades in \(result.seconds) s")
    exit(0)
}
if arguments.count == 2, arguments[1] == "throughput" {
    // `SparkBench throughput`: only the in-process per-bar figures and the whole-process ones.
    try runThroughputBenchmarks()
    let directory = NSTemporaryDirectory() + "spark-bench-process-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try runProcessBenchmarks(in: directory)
    exit(0)
}
if arguments.count == 2, arguments[1] == "memory" {
    // `SparkBench memory`: only the peak-RSS figures of spark backtest --out at 1 M and 10 M bars.
    try runMemoryBenchmarks()
    exit(0)
}

if arguments.count == 2, arguments[1] == "sweep" {
    // `SparkBench sweep`: only the sweep figures.
    try runSweepBenchmarks()
    exit(0)
}

if arguments.count == 2, arguments[1] == "sandbox" {
    // `SparkBench sandbox`: the sandbox's bounds (the hostile corpus) and the guardrail checks.
    try sandboxBenchmarks()
    try guardrailChecks()
    exit(0)
}

if arguments.count == 2, arguments[1] == "data" {
    // `SparkBench data`: only the market-data figures (the same ones the full run ends with).
    try runDataBenchmarks()
    exit(0)
}

if arguments.count == 2, arguments[1] == "serve" {
    // `SparkBench serve`: only the spark serve figures (streams lag, event→store, status under load).
    _ = LiveBench.logsToStderr
    try Blocking.run {
        try await StreamsBench.run()
        try await ServeStatusBench.run()
        try await WebPageBench.run()
    }
    exit(0)
}

if arguments.count == 2, arguments[1] == "live" {
    // `SparkBench live`: only the live-trading and market-stream figures (the full run ends with them).
    try Blocking.run { try await LiveBench.run() }
    exit(0)
}

try runThroughputBenchmarks()
try guardrailChecks()
try sandboxBenchmarks()

/// The in-process figures: sma_cross through the whole per-bar path (plain and guarded) and the same
/// strategy as a bare Lua loop (the floor), with their ratios taken in this one run.
func runThroughputBenchmarks() throws {
    let count = 2_000_000
    let loadStart = ContinuousClock().now
    let bars = Array(WalkBars(count: count))
    let load = ContinuousClock().now - loadStart
    emit("backtest.load_s", Double(load.components.seconds) + Double(load.components.attoseconds) / 1e18, "s")

    // Plain and guarded rounds alternate, so a noisy neighbour slows both alike; each rate keeps its
    // best. The ratio is the median of the rounds' own ratios: on this shared machine one outlier round
    // (seen: 1.4 to 2.5 M bars/s within one run) would otherwise decide a ratio of two maxima.
    var best = 0.0
    var guardedBest = 0.0
    var roundRatios: [Double] = []
    for round in 1...7 {
        var plainRate = 0.0
        for guarded in [false, true] {
            let result = try backtest(bars: bars, count: count, guarded: guarded)
            let rate = Double(result.bars) / result.seconds
            note("\(guarded ? "guarded" : "plain") round \(round): \(result.bars) bars, \(result.trades) trades, \(String(format: "%.0f", rate)) bars/s")
            if guarded {
                guardedBest = max(guardedBest, rate)
                roundRatios.append(rate / plainRate)
            } else {
                best = max(best, rate)
                plainRate = rate
            }
        }
    }
    emit("backtest.sma_cross.bars_per_s", best, "bars/s")
    emit("backtest.guarded.bars_per_s", guardedBest, "bars/s")
    emit("backtest.guarded_vs_unguarded.ratio", roundRatios.sorted()[roundRatios.count / 2], "ratio")
    emit("backtest.guarded_vs_unguarded.best_ratio", guardedBest / best, "ratio")
    var floorBest = 0.0
    for _ in 1...3 {
        floorBest = max(floorBest, Double(count) / (try luaFloor(count: count)))
    }
    emit("lua.floor.bars_per_s", floorBest, "bars/s")
    emit("backtest.vs_floor.ratio", best / floorBest, "ratio")
}

/// The launch gate with many proposals on disk: every paper start reviews them all.
func gateCheck(proposals: Int) throws -> Double {
    let root = NSTemporaryDirectory() + "spark-bench-gate-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/policies", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "policies/approval.yaml", toPath: root + "/policies/approval.yaml")
    let store = ApprovalStore(directory: root + "/approvals", stateDirectory: root + "/state")
    let now = Date(timeIntervalSince1970: 1_767_225_600)
    let alice = try SigningKey.load(try store.createKey(owner: "alice", roles: ["quant"], keyDirectory: root + "/keys", now: now).privateKeyPath, directory: root + "/keys")
    let bob = try SigningKey.load(try store.createKey(owner: "bob", roles: ["quant"], keyDirectory: root + "/keys", now: now).privateKeyPath, directory: root + "/keys")
    let policy = try ApprovalPolicy.load(path: root + "/policies/approval.yaml")
    func hash(_ index: Int) -> String { CanonicalJSON.sha256Hex(Data("h\(index)".utf8)) }
    let strategy = CanonicalJSON.sha256Hex(Data("s".utf8))
    for index in 0..<proposals {
        let draft = ApprovalStore.Draft(
            target: .params, subject: "sma_cross", environment: .paper, baseHash: index == 0 ? "none" : hash(index - 1), newHash: hash(index),
            strategyHash: strategy, symbols: ["BTCUSDT"], file: "x", reason: "bench", details: ""
        )
        let statement = try store.propose(draft, key: alice, policy: policy, now: now)
        _ = try store.approve(statement.proposal, key: bob, policy: policy, now: now)
    }
    let gate = LaunchGate(approvalsDirectory: store.directory, policiesDirectory: root + "/policies", stateDirectory: root + "/state")
    let launch = LaunchGate.Launch(environment: .paper, strategy: "sma_cross", paramsHash: hash(proposals - 1), strategyHash: strategy, symbol: "BTCUSDT", guardrailPolicy: "")
    let clock = ContinuousClock()
    let start = clock.now
    _ = try gate.check(launch, actor: "bench", now: now)
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000
}

emit("approvals.gate_check_200_proposals_ms", try gateCheck(proposals: 200), "ms")

try runDataBenchmarks()

try runMemoryBenchmarks()

try runSweepBenchmarks()

try Blocking.run { try await LiveBench.run() }
