/// What paper trading showed for one exact param set and strategy: read from the paper journals.
public struct PaperRecord: Sendable, Equatable {
    public var paramsHash: String
    public var strategyHash: String
    public var sessions: Int
    /// Wall-clock days between the first and last bar each session received, summed over sessions.
    public var days: Double
    /// Fills across the sessions.
    public var trades: Int
    /// The worst peak-to-trough drawdown of any session, as a fraction.
    public var maxDrawdown: Double
    /// SHA-256 of each counted session's journal.
    public var journals: [String] = []

    public init(paramsHash: String, strategyHash: String, sessions: Int, days: Double, trades: Int, maxDrawdown: Double) {
        self.paramsHash = paramsHash
        self.strategyHash = strategyHash
        self.sessions = sessions
        self.days = days
        self.trades = trades
        self.maxDrawdown = maxDrawdown
    }
}
