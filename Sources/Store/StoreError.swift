/// A failure of the bar store: what went wrong, on which database file, and what to do about it.
///
/// GRDB and SQLite errors are wrapped so callers see one error type with a stable ``Code``;
/// the underlying SQLite message is kept in ``message`` for diagnosis.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// The file could not be opened or created.
        case open
        /// The schema could not be brought up to date.
        case migration
        /// A row broke a constraint (NOT NULL, CHECK); the whole batch was rolled back.
        case constraint
        /// Another process holds the database locked for longer than the busy timeout.
        case busy
        /// The file is not a SQLite database, or is damaged.
        case corrupt
        /// The file or its directory is read-only.
        case readOnly = "read_only"
        /// Any other SQLite failure while reading or writing.
        case io
    }

    public var code: Code
    public var message: String
    /// The database file, or `:memory:` for an in-memory store.
    public var path: String
    /// What the user can do next.
    public var hint: String?

    /// Creates an error; when `hint` is nil a default hint for `code` is used.
    public init(_ code: Code, _ message: String, path: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint ?? Self.defaultHint(code, path: path)
    }

    public var description: String {
        var text = "\(path): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    static func defaultHint(_ code: Code, path: String) -> String? {
        switch code {
        case .open: "check that the directory exists and is writable"
        case .migration: "the file may come from a newer Spark; use a fresh --db path or upgrade"
        case .constraint: "bars need high >= low, volume >= 0 and no missing (NaN) values; fix the input and import again"
        case .busy: "another process is writing to \(path); wait for it or use another --db path"
        case .corrupt: "\(path) is not a Spark store; point --db at another file or delete it and import again"
        case .readOnly: "check the file's and directory's permissions"
        case .io: nil
        }
    }
}
