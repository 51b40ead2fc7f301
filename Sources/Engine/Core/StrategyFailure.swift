/// Why a strategy stopped: an error in its code, or a budget it overran.
public struct StrategyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case load, runtime, timeBudget = "time_budget", instructionBudget = "instruction_budget", memory, sandbox, schema
    }

    public var code: Code
    public var message: String
    /// "file:line" where known.
    public var location: String?
    public var traceback: String?

    public init(code: Code, message: String, location: String? = nil, traceback: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.traceback = traceback
    }

    /// Budget and memory overruns: failures that depend on the machine, which a replay takes from the journal.
    public var isOverrun: Bool { code == .timeBudget || code == .memory || code == .instructionBudget }

    public var description: String {
        var text = "strategy \(code.rawValue) error: \(message)"
        if let traceback, !traceback.isEmpty { text += "\n" + traceback }
        return text
    }
}
