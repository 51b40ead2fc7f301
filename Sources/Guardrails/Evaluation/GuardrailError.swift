/// A guardrail policy or rule that cannot be used, with where and what to do about it.
public struct GuardrailError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A rule (Lua file) failed to load.
        case rule
        /// The policy does not fit the run (scope, symbols).
        case scope
        /// Persisted breaker state that cannot be read back.
        case state
    }

    public var code: Code
    public var message: String
    /// file:line where known.
    public var location: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, location: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "error[\(code.rawValue)]: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
