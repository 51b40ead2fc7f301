/// What paper trading showed for one exact param set and strategy: read from the paper journals.
public struct PaperRecord: Sendable, Equatable {
    public var paramsHash: String
    public var strategyHash: String
    public var sessions: Int
    /// Days between the first and last bar, summed over sessions.
    public var days: Double
    /// Fills across the sessions.
    public var trades: Int
    /// The worst peak-to-trough drawdown of any session, as a fraction.
    public var maxDrawdown: Double

    public init(paramsHash: String, strategyHash: String, sessions: Int, days: Double, trades: Int, maxDrawdown: Double) {
        self.paramsHash = paramsHash
        self.strategyHash = strategyHash
        self.sessions = sessions
        self.days = days
        self.trades = trades
        self.maxDrawdown = maxDrawdown
    }
}
