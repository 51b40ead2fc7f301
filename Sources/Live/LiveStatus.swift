/// What a live session reports about itself: for `spark status`, metrics and tests.
public struct LiveStatus: Sendable, Equatable {
    public var killLevel: Int
    public var killReason: String?
    /// Why new orders are refused now (kill switch, journal, reconciliation), nil when they flow.
    public var blocked: String?
    /// Whether the last level-2 kill verified that no Spark-owned order remains open.
    public var killVerified: Bool?
    /// Every order of the session by client id, with its state.
    public var orders: [String: LiveOrderState]
    /// Spark's position from its own fills (instrument units) and the engine's.
    public var venuePosition: Int64
    public var enginePosition: Int64
    /// Trades delivered more than once and booked once.
    public var duplicateTrades: Int
    /// Trade ids booked (symbol#id).
    public var bookedTrades: Set<String>
    public var journalFailure: String?
    public var clockOffsetMs: Int64
    /// Fees in assets other than base and quote, per asset (decimal text).
    public var otherFees: [String: String]
    /// What each adopted asset's balance should be by Spark's books (adopted balance plus its own
    /// fills and fees), decimal text: base, quote and the fee assets; what reconciliation checks.
    public var expectedBalances: [String: String]
}
