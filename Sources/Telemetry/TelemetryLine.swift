import Foundation

/// One report of a running session to its supervisor: a line of the session's telemetry file.
///
/// Counts are cumulative since the process started (the supervisor turns them into counter
/// increments and notices a restart when they go down); `samples` hold the durations measured since
/// the previous line, so no sample is lost between two reads.
public struct TelemetryLine: Codable, Sendable, Equatable {
    /// Wall time of the report, seconds since 1970.
    public var time: Double
    /// `paper` or `live`.
    public var mode: String
    public var strategy: String
    public var symbol: String
    /// The bar interval in seconds (the stalled-strategy alert waits three of them).
    public var intervalSeconds: Double
    /// `running`, `finished` or `failed`.
    public var state: String
    public var bars: Int
    /// Wall time the strategy last ran on a bar, seconds since 1970.
    public var lastDecisionTime: Double?
    public var equity: Double
    public var startingCash: Double
    /// Base units held.
    public var position: Double
    /// Last price seen.
    public var price: Double?
    /// Open orders by state (`new`, `partially_filled`, `unknown`, ...).
    public var openOrders: [String: Int]
    /// Age of the oldest order whose outcome is unknown; 0 when there is none.
    public var unknownOldestAgeSeconds: Double
    /// SHA-256 of the approved param set in force.
    public var paramsHash: String?
    public var killLevel: Int
    /// Breakers latched now.
    public var breakersTripped: [String]
    public var counts: Counts
    /// Venue state of a live session; nil on paper.
    public var venue: VenueState?
    /// Durations in seconds since the previous line: `decision`, `ack`, `fsync`.
    public var samples: [String: [Double]]
    /// The latest decisions, newest last, as one line of text each.
    public var recent: [String]
    /// Why the strategy halted, when it did.
    public var failure: String?

    /// Cumulative counts of the session's process.
    public struct Counts: Codable, Sendable, Equatable {
        public var decisions: Int = 0
        public var ordersSubmitted: Int = 0
        public var fills: Int = 0
        public var duplicateFills: Int = 0
        public var luaErrors: Int = 0
        /// Sandbox limit halts by kind: `time`, `instructions`, `memory`.
        public var limitHits: [String: Int] = [:]
        /// Orders the policy allowed.
        public var allowed: Int = 0
        /// Orders the policy rejected, by rule.
        public var rejected: [String: Int] = [:]
        /// Breaker trips by breaker.
        public var breakerTrips: [String: Int] = [:]
        /// Orders that reached a final state, by state.
        public var outcomes: [String: Int] = [:]
        public var journalWriteErrors: Int = 0

        public init() {}
    }

    /// What a live session knows of its exchange.
    public struct VenueState: Codable, Sendable, Equatable {
        public var venue: String
        public var userStreamConnected: Bool
        public var clockOffsetSeconds: Double
        public var banUntil: Double?
        public var rateLimitUsed: [String: Double]
        public var rateLimitMax: [String: Double]
        public var httpCodes: [String: Int]
        public var errorCodes: [String: Int]
        public var reconciliations: Int
        public var discrepancies: Int

        public init(venue: String) {
            self.venue = venue
            userStreamConnected = false
            clockOffsetSeconds = 0
            rateLimitUsed = [:]
            rateLimitMax = [:]
            httpCodes = [:]
            errorCodes = [:]
            reconciliations = 0
            discrepancies = 0
        }
    }

    public init(time: Double, mode: String, strategy: String, symbol: String, intervalSeconds: Double) {
        self.time = time
        self.mode = mode
        self.strategy = strategy
        self.symbol = symbol
        self.intervalSeconds = intervalSeconds
        state = "running"
        bars = 0
        equity = 0
        startingCash = 0
        position = 0
        openOrders = [:]
        unknownOldestAgeSeconds = 0
        killLevel = 0
        breakersTripped = []
        counts = Counts()
        samples = [:]
        recent = []
    }
}
