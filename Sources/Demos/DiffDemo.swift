import Drivers
import Lab

/// Step 2d: the step-2 backtest again with a higher taker fee, and `spark diff` naming the fee as the
/// cause of the first divergence (the "why do these two runs differ" tool, docs/diff.md).
enum DiffDemo {
    static func run(_ request: BacktestRequest, output: String, print: (String) -> Void, warn: @escaping (String) -> Void) throws {
        print("== 2d. The same backtest with a 10 bps taker fee instead of 4, then spark diff between the two")
        var changed = request
        changed.fillModel.takerFeeBps = 10
        changed.outDirectory = "\(output)/backtest-fee"
        _ = try Backtest.run(changed, warn: warn)
        let diff = try RunDiff.compare("\(output)/backtest", "\(output)/backtest-fee")
        print("   spark diff \(output)/backtest \(output)/backtest-fee  (exit \(diff.identical ? 0 : 1))")
        print("   \(diff.headline)")
        if let cause = diff.cause { print("   likely cause: \(cause.explanation)") }
        if let fees = diff.metrics.first(where: { $0.name == "fees" }), let a = fees.a, let b = fees.b {
            print("   fees \(JSON.number(a)) → \(JSON.number(b)); the whole table: spark diff \(output)/backtest \(output)/backtest-fee\n")
        }
    }
}
