import SparkCore

/// A problem with the audit log: unreadable, or a chain that no longer verifies.
public struct AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; the verification codes say how the chain was broken.
    public enum Code: String, Sendable {
        case unreadable, unwritable, malformed, edited, removed, reordered, truncated, version, anchor, invalidInput = "invalid_input"
    }

    public var code: Code
    public var message: String
    public var file: String
    /// The 1-based line of the first bad entry, when there is one.
    public var line: Int?
    public var hint: String?

    public init(_ code: Code, _ message: String, file: String, line: Int? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint
    }

    public var description: String {
        ErrorText.render(file: file, line: line, column: nil, message: message, hint: hint)
    }
}
