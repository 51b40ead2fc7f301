/// The last quality result saved for a series.
public struct StoredQuality: Sendable, Equatable {
    public var symbol: String
    public var interval: String
    /// Bars the check saw.
    public var checkedRows: Int
    /// Names of fatal checks that found problems; empty when the series passed.
    public var failedFatal: [String]
    /// The full result as JSON, for reports.
    public var resultJSON: String

    /// Creates a stored result.
    public init(symbol: String, interval: String, checkedRows: Int, failedFatal: [String], resultJSON: String) {
        self.symbol = symbol
        self.interval = interval
        self.checkedRows = checkedRows
        self.failedFatal = failedFatal
        self.resultJSON = resultJSON
    }
}
