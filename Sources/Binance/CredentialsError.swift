/// Why credentials could not be loaded: a code, a message, where, and what to do. Never holds a secret.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable {
        /// The file's mode lets other users read it.
        case permissions
        /// The file is missing or unreadable.
        case unreadable
        /// A required field is absent or the file is not YAML or JSON of the expected shape.
        case malformed
        /// A key could not be read as a key.
        case badKey
        /// The environment lacks a required variable.
        case missingEnvironment
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, without any secret.
    public var message: String
    /// The file or variable concerned.
    public var location: String
    /// What to do about it.
    public var hint: String?

    /// An error about `location` (a path or a variable name).
    public init(_ code: Code, _ message: String, where location: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        "credentials \(code.rawValue): \(message) (\(location))" + (hint.map { "; \($0)" } ?? "")
    }
}
