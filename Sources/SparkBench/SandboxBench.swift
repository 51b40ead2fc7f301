import Foundation
import Guardrails
import LuaRuntime

/// `lua.c_call.worst_budget_fraction`: the slowest single C call the sandbox allows over the committed
/// hostile corpus, divided by the budget it ran under, the maximum over the strategy and rule budgets.
/// The sandbox promises it stays below 0.25 (docs/lua-sandbox.md).
func sandboxBenchmarks() throws {
    let path = "Tests/LuaRuntimeTests/Hostile/c_calls.lua"
    let corpus = try String(contentsOfFile: path, encoding: .utf8)
    var worst = 0.0
    for (label, limits, maxSize) in [("strategy", LuaLimits(), 16 << 20), ("rule", Guardrails.defaultLuaLimits, 8 << 20)] {
        for finding in try SandboxProbe.run(corpus: corpus, chunkName: path, limits: limits, maxSize: maxSize) {
            note(String(format: "sandbox %@ %.4f  n=%d  %@  (%@)", label, finding.budgetFraction, finding.size, finding.name, finding.outcome))
            worst = max(worst, finding.budgetFraction)
        }
    }
    emit("lua.c_call.worst_budget_fraction", worst, "ratio")
}
