/// The live session's knobs: who it trades as, how long an unknown outcome may stay unknown, and
/// what stops it. Recorded in the journal header, so a replay decides under the same settings.
public struct LiveConfig: Sendable, Equatable, Codable {
    /// The account tag in client order ids (at most 8 letters and digits).
    public var account: String
    /// The session slot in client order ids (0..<36).
    public var slot: Int
    /// The exchange symbol the session trades ("BTCUSDT").
    public var symbol: String
    /// `recvWindow` of every signed order request (ms, at most 60,000).
    public var recvWindow: Int
    /// How long past `timestamp + recvWindow` an order answered "does not exist" must wait before
    /// it counts as never placed (ms).
    public var notPlacedMarginMs: Int64
    /// How many "does not exist" answers, past the window, make an order NOT_PLACED.
    public var notPlacedAnswers: Int
    /// How often an UNKNOWN order is queried again (ms).
    public var requeryMs: Int64
    /// An order UNKNOWN for longer than this trips the kill switch (level 1).
    public var unresolvedLimitMs: Int64
    /// A clock offset beyond this trips the kill switch (level 1): recvWindow no longer covers it.
    public var maxClockSkewMs: Int64
    /// No closed bar for this long while a position is open trips the kill switch (level 1).
    public var staleDataMs: Int64
    /// How far a balance may drift from Spark's own books before reconciliation calls it a mismatch.
    public var balanceTolerance: String
    /// Whether a foreign open order on the traded symbol stops the session (kill level 1).
    public var stopOnForeignOrders: Bool
    /// Whether a balance mismatch stops the session (kill level 1).
    public var stopOnBalanceMismatch: Bool

    /// The defaults suit Binance spot: recvWindow 5 s, UNKNOWN resolved within a minute, 1 s of clock skew.
    public init(
        account: String, slot: Int = 0, symbol: String, recvWindow: Int = 5_000, notPlacedMarginMs: Int64 = 5_000, notPlacedAnswers: Int = 2,
        requeryMs: Int64 = 2_000, unresolvedLimitMs: Int64 = 60_000, maxClockSkewMs: Int64 = 1_000, staleDataMs: Int64 = 180_000,
        balanceTolerance: String = "0.00000001", stopOnForeignOrders: Bool = true, stopOnBalanceMismatch: Bool = true
    ) {
        self.account = account
        self.slot = slot
        self.symbol = symbol
        self.recvWindow = recvWindow
        self.notPlacedMarginMs = notPlacedMarginMs
        self.notPlacedAnswers = notPlacedAnswers
        self.requeryMs = requeryMs
        self.unresolvedLimitMs = unresolvedLimitMs
        self.maxClockSkewMs = maxClockSkewMs
        self.staleDataMs = staleDataMs
        self.balanceTolerance = balanceTolerance
        self.stopOnForeignOrders = stopOnForeignOrders
        self.stopOnBalanceMismatch = stopOnBalanceMismatch
    }
}
