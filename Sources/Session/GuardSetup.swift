import Foundation
public import Guardrails
import Engine
public import SparkCore
public import Desk

/// The policy a run trades under, prepared for its strategy: the same in every mode.
public struct GuardSetup {
    public let file: PolicyFile
    public let guardrails: Guardrails

    /// Loads the policy at `path` and checks it applies to `strategy` on `symbol` in `mode`.
    ///
    /// `text` and `luaSources`, when given (a replay), replace what is on disk now. `ruleBudget`
    /// defaults to the mode's (``RuleBudget/for(mode:)``); a replay passes the journal's overruns.
    public static func prepare(
        path: String, text: String? = nil, luaSources: [String: String]? = nil, strategy: String, symbols: SymbolTable, mode: SessionMode,
        ruleBudget: RuleBudget? = nil
    ) throws -> GuardSetup {
        var file = try text.map { text throws(ConfigError) in try PolicyFile.load(path: path, text: text, readLua: luaSources == nil) } ?? PolicyFile.load(path: path)
        if let luaSources {
            file.policy.luaSources = luaSources
            file.sha256 = RunSetup.sha256Hex(file.policy.canonicalForm)
        }
        try checkScope(file, strategy: strategy, symbols: symbols, mode: mode)
        let guardrails: Guardrails
        do {
            guardrails = try Guardrails(policy: file.policy, policyHash: file.sha256, strategy: strategy, symbols: symbols, ruleBudget: ruleBudget ?? .for(mode: mode))
        } catch {
            throw ConfigError(.value, error.message, file: error.location ?? path, hint: error.hint)
        }
        return GuardSetup(file: file, guardrails: guardrails)
    }

    /// Refuses `file` when it does not apply to `strategy` on every symbol in `mode`.
    public static func checkScope(_ file: PolicyFile, strategy: String, symbols: SymbolTable, mode: SessionMode) throws(ConfigError) {
        for symbol in symbols.names where !file.policy.appliesTo.covers(strategy: strategy, symbol: symbol, mode: mode) {
            throw ConfigError(
                .schema, "policy '\(file.policy.name)' does not apply to strategy \(strategy) on \(symbol) in \(mode.rawValue) mode", file: file.path,
                hint: "widen its applies_to, or pass --policy with a policy that covers this run"
            )
        }
    }
}
