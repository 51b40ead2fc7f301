/// One finished sweep scenario as the store keeps it: identity, outcome and metrics (as JSON).
public struct StoredScenario: Sendable, Equatable {
    /// SHA-256 of everything that decides the result; equal keys, equal results.
    public var key: String
    public var strategy: String
    public var symbol: String
    public var period: String
    public var costs: String
    /// Canonical JSON of the params.
    public var params: String
    /// `ok`, or `failed` with ``error`` set.
    public var status: String
    public var error: String?
    public var metricsJSON: String?
    public var bars: Int
    public var orders: Int
    public var rejected: Int
    public var runID: String?
    public var elapsedSeconds: Double
    /// Wall time the scenario finished, ms since the epoch.
    public var finishedAt: Int64

    public init(
        key: String, strategy: String, symbol: String, period: String, costs: String, params: String, status: String, error: String?,
        metricsJSON: String?, bars: Int, orders: Int, rejected: Int, runID: String?, elapsedSeconds: Double, finishedAt: Int64
    ) {
        self.key = key
        self.strategy = strategy
        self.symbol = symbol
        self.period = period
        self.costs = costs
        self.params = params
        self.status = status
        self.error = error
        self.metricsJSON = metricsJSON
        self.bars = bars
        self.orders = orders
        self.rejected = rejected
        self.runID = runID
        self.elapsedSeconds = elapsedSeconds
        self.finishedAt = finishedAt
    }
}
