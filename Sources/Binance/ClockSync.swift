/// The offset between the exchange's clock and ours, from `GET /api/v3/time`.
///
/// offset = serverTime − (t0 + t1) / 2 with t0 and t1 the local times around the request; re-synced
/// on `-1021`. Signed requests use `exchangeTime(localMs:)` as their `timestamp`.
public struct ClockSync: Sendable, Equatable {
    /// serverTime − local midpoint, once synced.
    public private(set) var offsetMs: Int64?
    /// Round-trip time of the last sync.
    public private(set) var roundTripMs: Int64?
    /// Local time of the last sync.
    public private(set) var syncedAtMs: Int64?
    /// Slack kept inside recvWindow for the request's own travel (ms).
    public var marginMs: Int64

    /// An unsynced clock; `marginMs` is the travel allowance kept inside recvWindow.
    public init(marginMs: Int64 = 1_000) {
        self.marginMs = marginMs
    }

    /// Records one exchange of `GET /api/v3/time`: sent at local `t0`, answered `serverTime`, received at local `t1`.
    public mutating func record(t0: Int64, serverTime: Int64, t1: Int64) {
        offsetMs = serverTime - (t0 + t1) / 2
        roundTripMs = t1 - t0
        syncedAtMs = t1
    }

    /// Whether a sync has happened.
    public var isSynced: Bool { offsetMs != nil }

    /// The exchange's time at local time `localMs` (the local time itself before any sync).
    public func exchangeTime(localMs: Int64) -> Int64 { localMs + (offsetMs ?? 0) }

    /// Whether new orders with `recvWindow` may go out: synced, and |offset| at most `recvWindow − marginMs`
    /// (a local clock that far off makes every journaled time doubtful, so orders stop until it is fixed).
    public func isUsable(recvWindow: Int) -> Bool {
        guard let offsetMs else { return false }
        return abs(offsetMs) <= Int64(recvWindow) - marginMs
    }
}
