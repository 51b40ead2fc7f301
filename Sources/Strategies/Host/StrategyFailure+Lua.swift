import Engine
import LuaRuntime

extension StrategyFailure {
    /// Translates a Lua error, keeping its location and traceback; `defaultCode` names plain errors.
    init(_ error: LuaError, defaultCode: Code) {
        let code: Code = switch error.code {
        case .syntax: .load
        case .timeBudget: .timeBudget
        case .instructionBudget: .instructionBudget
        case .memory: .memory
        case .sandbox: .sandbox
        case .poisoned, .runtime, .host, .invalidArgument: defaultCode
        }
        self.init(code: code, message: error.message, location: error.location, traceback: error.traceback, hint: error.hint)
    }
}
