import Guardrails
import SparkCore
public import SparkConfig

extension PolicyFile {
    /// Compiles every Lua rule the way a run would, whatever strategies and symbols it is scoped to,
    /// so `spark policy check` cannot say "ok" about a rule that would fail at the first order.
    public func compileRules() throws(ConfigError) {
        var unscoped = policy
        for index in unscoped.rules.indices {
            unscoped.rules[index].strategies = []
            unscoped.rules[index].symbols = []
        }
        do {
            _ = try Guardrails(policy: unscoped, policyHash: sha256, strategy: "policy-check", symbols: SymbolTable(["CHECK"]))
        } catch {
            throw ConfigError(.value, error.message, file: error.location ?? path, hint: error.hint)
        }
    }
}
