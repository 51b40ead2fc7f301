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
    /// What to do about it, when there is something to say.
    public var hint: String?

    public init(code: Code, message: String, location: String? = nil, traceback: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.traceback = traceback
        self.hint = hint
    }

    /// The first line: what failed and where, without the traceback.
    public var headline: String {
        "strategy \(code.rawValue) error: \(message.prefix { $0 != "\n" })"
    }

    /// Budget and memory overruns: failures that depend on the machine, which a replay takes from the journal.
    public var isOverrun: Bool { code == .timeBudget || code == .memory || code == .instructionBudget }

    public var description: String {
        var text = "strategy \(code.rawValue) error: \(message)"
        if let traceback, !traceback.isEmpty { text += "\n" + traceback }
        if let hint, !hint.isEmpty { text += "\nhint: " + hint }
        return text
    }
}
