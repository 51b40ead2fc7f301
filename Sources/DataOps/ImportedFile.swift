/// What one imported file contributed.
public struct ImportedFile: Sendable, Equatable {
    public var path: String
    public var symbol: String
    public var interval: String
    public var format: ImportFormat
    public var rows: Int
    public var first: Int64?
    public var last: Int64?
    /// Rows repeating the previous row's time (Binance dumps only; the last one is kept).
    public var duplicates: Int
    /// Rows going back in time (Binance dumps only).
    public var outOfOrder: Int
    /// `ms` or `µs` for Binance dumps.
    public var timeUnit: String?
    /// Whether a `.CHECKSUM` file was found and matched (false: none was found).
    public var checksumVerified: Bool
    public var seconds: Double
}
