/// A CSV file that cannot be read as bars: what, where (file:line:column) and what to do.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// The file cannot be opened or read.
        case unreadable
        /// The header is missing, lacks a required column, or names one twice.
        case header
        /// A data row is malformed (only thrown under ``BadRowPolicy/fail``).
        case badRow = "bad_row"
        /// A line is longer than the reader accepts (the file is probably not a bar CSV).
        case lineTooLong = "line_too_long"
        /// Writing a CSV failed.
        case write
        /// A zip file is truncated, corrupt, or does not hold exactly one entry.
        case archive
        /// The file's SHA-256 differs from its `.CHECKSUM` file.
        case checksum
        /// The file is binary, compressed or archived, not CSV text.
        case notText = "not_text"
        /// The symbol or interval is missing, malformed or unknown.
        case series
    }

    public var code: Code
    public var message: String
    public var file: String
    public var line: Int?
    public var column: Int?
    /// What the user can do next.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String, line: Int? = nil, column: Int? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
    }

    /// The error that ``BadRowPolicy/fail`` throws for `issue`.
    public init(_ issue: CSVIssue) {
        self.init(
            .badRow, issue.message, file: issue.file, line: issue.line, column: issue.column,
            hint: "fix the row, or read with the skip policy (without --strict-data) to drop bad rows with a warning"
        )
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var text = "\(place): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
