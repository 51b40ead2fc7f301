import SparkCore

/// A mistake in a file or flag a user wrote, or a refusal: what, where (file:line:column) and what to do.
///
/// Every YAML file (policies, params, the approval policy, sweep specs, instruments, spark.yaml) and
/// every approvals file reports through this one type.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreadable, unwritable, encoding, syntax, schema, value, unknownSymbol = "unknown_symbol", data, journal, flag
        case key, signature, state, refused, project
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var hint: String?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
    }

    public var description: String {
        ErrorText.render(file: file, line: line, column: column, message: message, hint: hint)
    }
}
