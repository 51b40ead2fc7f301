/// What `spark data import` should import and where.
public struct ImportRequest: Sendable {
    public var files: [String]
    public var databasePath: String
    /// Overrides the symbol read from file names.
    public var symbol: String?
    /// Overrides the interval read from file names.
    public var interval: String?
    public var format: ImportFormat = .auto

    public init(files: [String], databasePath: String) {
        self.files = files
        self.databasePath = databasePath
    }
}
