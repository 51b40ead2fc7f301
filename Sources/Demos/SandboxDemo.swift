import Foundation
import Engine
import LuaRuntime
import Drivers

/// The demo's sandbox step: hostile strategies stopped within their budgets, with the time it took.
enum SandboxDemo {
    static let hostile: [(title: String, source: String)] = [
        ("a C call that would run for hours (a 16 MiB search for a 1 MiB needle, as a tail call)", """
        strategy = { name = "c_hang", params = {} }
        local s, needle = ("a"):rep(16 << 20), ("a"):rep(1 << 20) .. "b"
        function on_bar(ctx, bar) return string.find(s, needle, 1, true) end
        """),
        ("an endless loop that swallows errors with pcall", """
        strategy = { name = "busy_loop", params = {} }
        function on_bar(ctx, bar)
          while true do pcall(function() while true do end end) end
        end
        """),
    ]

    static func run(data: BacktestRequest.DataSource, output: String, print: (String) -> Void) throws {
        print("== 2b. Hostile strategies meet the sandbox (budget 500 ms a callback; docs/lua-sandbox.md)")
        let clock = ContinuousClock()
        for (index, entry) in hostile.enumerated() {
            let path = "\(output)/hostile-\(index + 1).lua"
            try entry.source.write(toFile: path, atomically: true, encoding: .utf8)
            var request = BacktestRequest(strategyPath: path, data: data, symbol: "BTCUSDT")
            request.policyPath = nil
            let start = clock.now
            do {
                _ = try Backtest.run(request, warn: { _ in })
                throw ConfigError(.value, "the sandbox let a hostile strategy finish", file: path)
            } catch let failure as StrategyFailure {
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print("   \(entry.title):")
                print("     stopped after \(String(format: "%.2f", seconds)) s → \(failure.headline)")
            }
        }
        print("")
    }
}
