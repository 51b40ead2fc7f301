/// One rejected CSV row: where it is and why it was rejected.
public struct CSVIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file as given to the reader.
    public var file: String
    /// 1-based physical line number (the header is line 1 when it is the first line).
    public var line: Int
    /// 1-based byte column where the offending field starts, nil when the whole row is at fault.
    public var column: Int?
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and terminals link to.
    public var description: String {
        column.map { "\(file):\(line):\($0): \(message)" } ?? "\(file):\(line): \(message)"
    }
}
